// The one wiring point: every feature registers here and hands its disposables to the context.
import * as vscode from 'vscode';
import { registerCodeActions } from './language/codeActions';
import { PublishedDiagnostics, registerDiagnostics } from './language/diagnostics';
import { PromptDocumentCache } from './language/documentCache';
import { registerNewPromptFileCommand } from './language/newPromptFile';
import { registerOutline } from './language/outline';
import { registerReferences } from './language/references';
import { registerOutcomePanel } from './outcomes/register';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('PromptOps', { log: true });
  context.subscriptions.push(log);
  try {
    // Features are registered here as they land: registerXxx(context, ...) returning a Disposable.
    context.subscriptions.push(registerNewPromptFileCommand());
    const promptDocs = new PromptDocumentCache();
    const publishedDiagnostics = new PublishedDiagnostics();
    context.subscriptions.push(promptDocs);
    context.subscriptions.push(registerDiagnostics(promptDocs, publishedDiagnostics, undefined, log));
    context.subscriptions.push(registerCodeActions(promptDocs, publishedDiagnostics));
    context.subscriptions.push(registerOutline(promptDocs));
    context.subscriptions.push(registerReferences(promptDocs));
    context.subscriptions.push(registerOutcomePanel(context, { log }));
    const manifest = context.extension.packageJSON as { version?: string };
    log.info(`PromptOps ${manifest.version ?? '?'} activated`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Activation failed: ${message}`);
    void vscode.window.showErrorMessage(`PromptOps failed to start: ${message}`);
    throw err;
  }
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}

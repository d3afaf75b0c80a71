// The one wiring point: every feature registers here and hands its disposables to the context.
import * as vscode from 'vscode';
import type { PromptOpsApi } from './api';
import { storeDirOf } from '../core/config/config';
import { registerCodeActions } from './language/codeActions';
import { PublishedDiagnostics, referenceChecks, registerDiagnostics } from './language/diagnostics';
import { PromptDocumentCache } from './language/documentCache';
import { registerEditing } from './language/editing';
import { registerNewPromptFileCommand } from './language/newPromptFile';
import { registerNavigation } from './language/navigation';
import { registerOutline } from './language/outline';
import { registerReferences } from './language/references';
import { registerTokenStatus } from './language/tokenStatus';
import { registerDiffView } from './diff/register';
import { registerOutcomePanel } from './outcomes/register';
import { OPEN_PREVIEW_COMMAND, registerPreview } from './preview/previewPanel';
import { EngineHost } from './engine/engineHost';
import { registerKeyCommands } from './engine/keyCommands';
import { registerPromptCodeLens } from './testing/codeLens';
import { registerPromptTesting } from './testing/register';
import { registerRunPrompt } from './testing/runPrompt';

export function activate(context: vscode.ExtensionContext): PromptOpsApi {
  const log = vscode.window.createOutputChannel('PromptOps', { log: true });
  context.subscriptions.push(log);
  try {
    // Features are registered here as they land: registerXxx(context, ...) returning a Disposable.
    context.subscriptions.push(registerNewPromptFileCommand());
    const promptDocs = new PromptDocumentCache();
    const publishedDiagnostics = new PublishedDiagnostics();
    context.subscriptions.push(promptDocs);
    context.subscriptions.push(registerDiagnostics(promptDocs, publishedDiagnostics, referenceChecks, log));
    context.subscriptions.push(registerCodeActions(promptDocs, publishedDiagnostics));
    context.subscriptions.push(registerOutline(promptDocs));
    context.subscriptions.push(registerReferences(promptDocs));
    context.subscriptions.push(registerNavigation(promptDocs));
    context.subscriptions.push(registerEditing(promptDocs));
    context.subscriptions.push(registerPreview(context, promptDocs));
    context.subscriptions.push(registerTokenStatus(promptDocs, OPEN_PREVIEW_COMMAND));
    const engine = new EngineHost(context, log);
    context.subscriptions.push(engine);
    context.subscriptions.push(registerKeyCommands(engine));
    const testing = registerPromptTesting(engine, log);
    context.subscriptions.push(testing);
    context.subscriptions.push(registerPromptCodeLens(promptDocs));
    context.subscriptions.push(registerRunPrompt(engine, log));
    context.subscriptions.push(registerOutcomePanel(context, { log, store: () => engine.primaryStore() }));
    context.subscriptions.push(registerDiffView(context, engine, log));
    const manifest = context.extension.packageJSON as { version?: string };
    log.info(`PromptOps ${manifest.version ?? '?'} activated`);
    return {
      testing: {
        controller: testing.controller,
        runProfile: testing.runProfile,
        recentRuns: () => testing.runLog.recent,
        onDidEndRun: testing.runLog.onDidEndRun,
        inlineResults: (uri) => testing.inline.get(uri),
        inlineResultsStale: (uri) => testing.inline.isStale(uri),
        runningCount: () => testing.handler.runningCount,
      },
      engineFor: async (uri) => {
        const s = await engine.session(uri);
        return { workspaceRoot: s.workspaceRoot, storeDir: storeDirOf(s.config), trusted: s.trusted };
      },
    };
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

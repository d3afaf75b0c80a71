// Entry of `dist/extension-features.js`: every feature of the extension, wired here the first time one is used (see
// extension.ts for the triggers). Each feature exposes `registerXxx(...)` returning a Disposable; everything created
// goes into `context.subscriptions`. Contributions VS Code needs before that moment are routed (routes.ts).
import * as vscode from 'vscode';
import { storeDirOf } from '../../core/config/config';
import { registerCodeActions } from '../language/codeActions';
import { registerConfigDiagnostics } from '../language/configDiagnostics';
import { PublishedDiagnostics, referenceChecks, registerDiagnostics } from '../language/diagnostics';
import { PromptDocumentCache } from '../language/documentCache';
import { registerEditing } from '../language/editing';
import { registerNewPromptFileCommand } from '../language/newPromptFile';
import { registerNavigation } from '../language/navigation';
import { registerOutline } from '../language/outline';
import { registerReferences } from '../language/references';
import { registerTokenStatus } from '../language/tokenStatus';
import { registerDiffView } from '../diff/register';
import { registerOutcomePanel } from '../outcomes/register';
import { OPEN_PREVIEW_COMMAND, registerPreview } from '../preview/previewPanel';
import { EngineHost } from '../engine/engineHost';
import { registerKeyCommands } from '../engine/keyCommands';
import { registerPromptCodeLens } from '../testing/codeLens';
import { registerPromptTesting, type PromptTesting } from '../testing/register';
import { registerRunPrompt } from '../testing/runPrompt';
import type { EngineInfo } from '../api';
import type { FeatureRoutes } from './routes';
import { useRoutes } from './routedVscode';

export interface Features {
  readonly testing: PromptTesting;
  engineFor(uri: vscode.Uri): Promise<EngineInfo>;
}

/** Registers every feature; routed contributions go to the activation bundle's stubs through `routes`. */
export function activateFeatures(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, routes: FeatureRoutes): Features {
  useRoutes(routes);
  context.subscriptions.push(registerNewPromptFileCommand());
  const promptDocs = new PromptDocumentCache();
  const publishedDiagnostics = new PublishedDiagnostics();
  context.subscriptions.push(promptDocs);
  context.subscriptions.push(registerDiagnostics(promptDocs, publishedDiagnostics, referenceChecks, log));
  context.subscriptions.push(registerCodeActions(promptDocs, publishedDiagnostics));
  context.subscriptions.push(registerConfigDiagnostics());
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
  context.subscriptions.push(registerOutcomePanel(context, {
    log,
    storeFor: async (uri) => {
      const s = await engine.session(uri);
      return { store: s.store, workspaceRoot: s.workspaceRoot };
    },
    onDidChangeStores: engine.onDidChange,
  }));
  context.subscriptions.push(registerDiffView(context, engine, log));
  return {
    testing,
    engineFor: async (uri) => {
      const s = await engine.session(uri);
      return { workspaceRoot: s.workspaceRoot, storeDir: storeDirOf(s.config), trusted: s.trusted };
    },
  };
}

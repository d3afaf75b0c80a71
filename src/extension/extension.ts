// The activation bundle (dist/extension.js). It loads nothing but this folder's lazy/ layer: it registers the
// contributions VS Code needs up front as stubs (commands, the outcome view, panel serializers, the TestController)
// and loads the features bundle (dist/extension-features.js: language service, engine, Test Explorer, webviews) the
// first time one of them is used or a .prompt document is open. VS Code's "Startup Activation" time is the loading
// of this file plus this synchronous activate(), so everything heavy stays out of both.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { PromptOpsApi } from './api';
import type { Features } from './lazy/features';
import { FeatureRouter } from './lazy/router';
import { manifestRoutes } from './lazy/routes';

const LANGUAGE_ID = 'promptops';

/** The extension's bundles in Node's module cache (this file is dist/extension.js once bundled). */
function loadedBundles(): string[] {
  const dist = dirname(__filename);
  return Object.keys(require.cache).filter((p) => dirname(p) === dist).map((p) => basename(p)).sort();
}

export function activate(context: vscode.ExtensionContext): PromptOpsApi {
  const log = vscode.window.createOutputChannel('PromptOps', { log: true });
  context.subscriptions.push(log);
  let features: Features | undefined;
  let failed: Error | undefined;
  let trigger: string | undefined;

  const load = (why: string): Features => {
    if (features) return features;
    if (failed !== undefined) throw failed;
    trigger = why;
    const started = performance.now();
    try {
      // Resolved by scripts/build.mjs to the separate bundle ./extension-features.js, so it is read only here.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { activateFeatures } = require('./lazy/features') as typeof import('./lazy/features');
      features = activateFeatures(context, log, router);
      log.info(`Features loaded in ${Math.round(performance.now() - started)} ms (first needed by: ${why})`);
      return features;
    } catch (err) {
      failed = err instanceof Error ? err : new Error(String(err));
      log.error(`Loading the features failed: ${failed.message}`);
      void vscode.window.showErrorMessage(`PromptOps failed to start: ${failed.message}`);
      throw failed;
    }
  };

  let router: FeatureRouter;
  try {
    router = new FeatureRouter(manifestRoutes(context.extension.packageJSON), (why) => void load(why));
    context.subscriptions.push(router);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Activation failed: ${message}`);
    void vscode.window.showErrorMessage(`PromptOps failed to start: ${message}`);
    throw err;
  }
  // A .prompt file, or the workspace config file whose problems the features show as you type.
  // The names of core/config/fileNames.ts, written out: this bundle holds only extension.ts and the lazy layer
  // (test/unit/extension/bundleLayout.test.ts).
  const needsLanguage = (doc: vscode.TextDocument): boolean => doc.languageId === LANGUAGE_ID || /^promptops\.config\.ya?ml$/.test(basename(doc.uri.path));
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (!features && failed === undefined && needsLanguage(doc)) load(`open ${basename(doc.uri.path)}`);
    }),
  );
  const open = vscode.workspace.textDocuments.find(needsLanguage);
  if (open) {
    // A .prompt editor restored with the window needs its diagnostics: load right after activation, as opening one
    // a moment later would, rather than inside activate().
    setTimeout(() => {
      if (!features && failed === undefined) load(`open at startup ${basename(open.uri.path)}`);
    }, 0);
  }

  const manifest = context.extension.packageJSON as { version?: string };
  log.info(`PromptOps ${manifest.version ?? '?'} activated`);
  const bundlesAtActivation = loadedBundles();
  const testing = (): Features['testing'] => load('extension API').testing;
  return {
    testing: {
      controller: router.controller,
      get runProfile() {
        return testing().runProfile;
      },
      recentRuns: () => testing().runLog.recent,
      get onDidEndRun() {
        return testing().runLog.onDidEndRun;
      },
      inlineResults: (uri) => testing().inline.get(uri),
      inlineResultsStale: (uri) => testing().inline.isStale(uri),
      runningCount: () => testing().handler.runningCount,
    },
    engineFor: (uri) => load('extension API').engineFor(uri),
    loading: {
      bundlesAtActivation,
      bundles: loadedBundles,
      featuresTrigger: () => trigger,
    },
  };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}

// Registers the outcome panel: the WebviewView provider, the stores it reads, and `promptops.showOutcomes`.
import * as vscode from 'vscode';
import { outcomesViewId, OutcomeViewProvider, type ShowOutcomesArgs } from './outcomeView';
import { PanelSources, type StoreFor } from './panelSources';

export const showOutcomesCommand = 'promptops.showOutcomes';

export interface OutcomePanelOptions {
  readonly log: vscode.LogOutputChannel;
  /**
   * The store serving a file: its workspace folder's, or the nearest config root's. The engine's stores, so runs in
   * this window show at once; other writers (the CLI) are seen through a watcher on the store folder.
   */
  readonly storeFor: StoreFor;
  /**
   * Fires when the store serving a file may have changed: a config file created, changed or deleted (a new config root
   * has a store of its own, and a config can move its store), or the settings changed.
   */
  readonly onDidChangeStores?: vscode.Event<void>;
}

/** The outcome panel in the panel area; everything it creates is released by the returned disposable. */
export function registerOutcomePanel(context: vscode.ExtensionContext, options: OutcomePanelOptions): vscode.Disposable {
  const sources = new PanelSources(options.storeFor, options.log);
  const provider = new OutcomeViewProvider(context.extensionUri, sources, options.log);
  const disposables: vscode.Disposable[] = [
    provider,
    sources,
    vscode.window.registerWebviewViewProvider(outcomesViewId, provider),
    vscode.commands.registerCommand(showOutcomesCommand, (args?: ShowOutcomesArgs) => provider.show(args ?? {})),
    vscode.workspace.onDidChangeWorkspaceFolders(() => provider.refresh()),
  ];
  if (options.onDidChangeStores) {
    disposables.push(options.onDidChangeStores(() => {
      // Its own watcher may hear of the config file after this event: the search must not answer from before it.
      sources.forgetConfigRoots();
      provider.refresh();
    }));
  }
  return new vscode.Disposable(() => {
    for (const d of disposables) d.dispose();
  });
}

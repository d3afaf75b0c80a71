// Registers the outcome panel: the WebviewView provider, the store it reads, and `promptops.showOutcomes`.
import * as vscode from 'vscode';
import { systemClock } from '../../core/io';
import { defaultStoreDir, openStore, type OutcomeStore } from '../../core/store/store';
import { outcomesViewId, OutcomeViewProvider, type ShowOutcomesArgs } from './outcomeView';
import type { OutcomeSource } from './source';
import { storeSource } from './storeSource';

export const showOutcomesCommand = 'promptops.showOutcomes';

export interface OutcomePanelOptions {
  readonly log: vscode.LogOutputChannel;
  /**
   * The workspace's store when another feature already opened it (so in-process runs show at once). When absent,
   * the panel opens `<first workspace folder>/.promptops` itself and sees runs through its folder watcher.
   */
  readonly store?: () => Promise<{ readonly store: OutcomeStore; readonly workspaceRoot: string } | undefined>;
}

async function ownStore(log: vscode.LogOutputChannel): Promise<{ store: OutcomeStore; workspaceRoot: string } | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  const workspaceRoot = folder.uri.fsPath;
  const logger = { info: (m: string) => log.info(m), warn: (m: string) => log.warn(m), error: (m: string) => log.error(m) };
  const store = await openStore({ dir: defaultStoreDir(workspaceRoot), logger, clock: systemClock, workspaceRoot });
  return { store, workspaceRoot };
}

/** The outcome panel in the panel area; everything it creates is released by the returned disposable. */
export function registerOutcomePanel(context: vscode.ExtensionContext, options: OutcomePanelOptions): vscode.Disposable {
  let source: OutcomeSource | string = 'Opening the outcome store…';
  let owned: OutcomeStore | undefined;
  const provider = new OutcomeViewProvider(context.extensionUri, () => source, options.log);
  const opening = (options.store ? options.store() : ownStore(options.log).then((s) => (owned = s?.store, s)))
    .then((s) => {
      source = s ? storeSource(s.store, s.workspaceRoot) : 'Open a folder to see the outcomes of its prompts.';
    })
    .catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      options.log.error(`Outcome panel: could not open the store: ${message}`);
      source = `Could not open the outcome store: ${message}`;
    })
    .finally(() => provider.sourceChanged());
  const disposables: vscode.Disposable[] = [
    provider,
    vscode.window.registerWebviewViewProvider(outcomesViewId, provider),
    vscode.commands.registerCommand(showOutcomesCommand, async (args?: ShowOutcomesArgs) => {
      await opening;
      return provider.show(args ?? {});
    }),
  ];
  return new vscode.Disposable(() => {
    for (const d of disposables) d.dispose();
    void owned?.close();
  });
}

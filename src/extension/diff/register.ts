// Registers the version diff: `promptops.compareVersions` (asks for two versions), `promptops.compareWithHead`
// (HEAD against the working copy, for the editor title, CodeLens and SCM menus), `promptops.compareRunMissing` (the
// view's `Run missing`, from the tab's title bar or the palette) and the serializer that revives open diff tabs
// after a reload.
import * as vscode from 'vscode';
import { listVersions, versionId, type VersionRef } from '../../core/versions/versions';
import type { DiffSelection, DiffViewState } from '../../protocol/diff';
import { DiffPanel, diffViewType, type DiffEngine } from './diffPanel';
import { pickVersionPair, type PickOne } from './pickPair';

export const compareVersionsCommand = 'promptops.compareVersions';
export const compareWithHeadCommand = 'promptops.compareWithHead';
export const compareRunMissingCommand = 'promptops.compareRunMissing';

function promptUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  // The outcome panel passes `{ uri, left, right }`.
  if (typeof arg === 'object' && arg !== null && 'uri' in arg && arg.uri instanceof vscode.Uri) return arg.uri;
  // SCM context menus pass a resource state whose `resourceUri` is the file.
  if (typeof arg === 'object' && arg !== null && 'resourceUri' in arg && arg.resourceUri instanceof vscode.Uri) return arg.resourceUri;
  return vscode.window.activeTextEditor?.document.uri;
}

/** A `{ left, right }` pair of version refs (as the outcome panel sends them) as picker ids. */
function selectionOf(arg: unknown): DiffSelection | undefined {
  if (typeof arg !== 'object' || arg === null || !('left' in arg) || !('right' in arg)) return undefined;
  const id = (r: unknown): string | undefined => {
    if (typeof r !== 'object' || r === null || !('kind' in r)) return undefined;
    const ref = r as VersionRef;
    return ref.kind === 'head' || ref.kind === 'workingCopy' || (ref.kind === 'snapshot' && typeof ref.hash === 'string') ? versionId(ref) : undefined;
  };
  const left = id(arg.left);
  const right = id(arg.right);
  return left !== undefined && right !== undefined ? { left, right } : undefined;
}

/** The diff view's commands and serializer; disposing closes every open diff tab. */
export function registerDiffView(context: vscode.ExtensionContext, engine: DiffEngine, log: vscode.LogOutputChannel): vscode.Disposable {
  const panels = new Set<DiffPanel>();
  const open = (fileUri: vscode.Uri, selection?: DiffSelection, existing?: vscode.WebviewPanel): DiffPanel => {
    const panel =
      existing ??
      vscode.window.createWebviewPanel(diffViewType, 'Compare', vscode.ViewColumn.Active, { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')] });
    const view = new DiffPanel(panel, context.extensionUri, fileUri, engine, log, selection);
    panels.add(view);
    view.onDidDispose(() => panels.delete(view));
    return view;
  };
  // The active diff tab, or with a file's URI the most recently opened tab of that file.
  const panelFor = (arg: unknown): DiffPanel | undefined => {
    const all = [...panels];
    if (arg instanceof vscode.Uri) return all.reverse().find((p) => p.fileUri.toString() === arg.toString());
    return all.find((p) => p.panel.active);
  };
  const target = (arg: unknown): vscode.Uri | undefined => {
    const uri = promptUri(arg);
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('PromptOps: open a .prompt file saved on disk to compare its versions.');
      return undefined;
    }
    return uri;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(compareWithHeadCommand, (arg?: unknown) => {
      const uri = target(arg);
      return uri ? open(uri).refresh() : undefined;
    }),
    vscode.commands.registerCommand(compareVersionsCommand, async (arg?: unknown, given?: DiffSelection) => {
      const uri = target(arg);
      if (!uri) return undefined;
      const selection = given ?? selectionOf(arg);
      if (selection) return open(uri, selection).refresh();
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const session = await engine.session(uri);
      const versions = await listVersions({
        filePath: uri.fsPath,
        ...(doc?.isDirty ? { unsavedText: doc.getText() } : {}),
        snapshots: session.store,
        storePath: session.store.storePath(uri.fsPath),
      });
      // With one version there is nothing to choose: the tab says how to get a second one.
      if (versions.length < 2) return open(uri).refresh();
      const pickOne: PickOne = async (items, title) => (await vscode.window.showQuickPick(items, { title, matchOnDescription: true }))?.id;
      const pair = await pickVersionPair(versions, pickOne);
      return pair ? open(uri, pair).refresh() : undefined;
    }),
    vscode.commands.registerCommand(compareRunMissingCommand, (arg?: unknown) => {
      const view = panelFor(arg);
      if (!view) {
        void vscode.window.showInformationMessage('PromptOps: open a Compare tab to run its missing outcomes.');
        return undefined;
      }
      return view.runMissing();
    }),
    vscode.window.registerWebviewPanelSerializer(diffViewType, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown) => {
        const s = state as Partial<DiffViewState> | undefined;
        if (typeof s?.fileUri !== 'string') {
          panel.dispose();
          return Promise.resolve();
        }
        open(vscode.Uri.parse(s.fileUri, true), s.selection, panel);
        return Promise.resolve();
      },
    }),
    new vscode.Disposable(() => {
      for (const p of [...panels]) p.dispose();
    }),
  );
}

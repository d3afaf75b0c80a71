// New folders of the workspace, for the features that look for files in them (prompt files, config roots). The
// editor's file watcher reports a folder moved, copied or checked out into the workspace as that folder alone, not as
// the files in it, and on Linux it never watches the folders that were made inside a new folder before it heard of
// that one (parcel-bundler/watcher#97): nothing written in those is ever reported. So a feature that must see such
// files looks inside a new folder itself.
import * as vscode from 'vscode';
import { outermost } from '../core/ancestors';

/** Folders whose new entries are never looked into: stores, dependencies, git's own files. */
const ignoredFolder = /[\\/](?:\.promptops|node_modules|\.git)(?:[\\/]|$)/;
/** How long a burst of new entries settles before they are looked at. */
const SETTLE_MS = 300;
/** More outermost new entries than this in one burst are not looked at one by one. */
const MAX_LOOKED_AT = 64;

/**
 * Calls `onFolders` with the new folders of each burst of new entries: only the outermost ones, as they hold the
 * others. A burst of more than 64 outermost entries (a build writing many files) is passed on as `undefined`, meaning
 * "look everywhere": one search instead of a stat each.
 */
export function watchNewFolders(onFolders: (folders: readonly vscode.Uri[] | undefined) => void): vscode.Disposable {
  const arrived = new Map<string, vscode.Uri>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const settle = async (): Promise<void> => {
    const entries = outermost(arrived.keys()).map((p) => arrived.get(p) as vscode.Uri);
    arrived.clear();
    if (disposed) return;
    if (entries.length > MAX_LOOKED_AT) return onFolders(undefined);
    const folders = (await Promise.all(entries.map(async (uri) => {
      try {
        return (await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory ? uri : undefined;
      } catch {
        return undefined; // Gone again before it could be looked at.
      }
    }))).filter((u): u is vscode.Uri => u !== undefined);
    if (folders.length > 0 && !disposed) onFolders(folders);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, true);
  const listener = watcher.onDidCreate((uri) => {
    if (uri.scheme !== 'file' || ignoredFolder.test(uri.fsPath)) return;
    arrived.set(uri.fsPath, uri);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void settle();
    }, SETTLE_MS);
  });
  return new vscode.Disposable(() => {
    disposed = true;
    if (timer) clearTimeout(timer);
    listener.dispose();
    watcher.dispose();
  });
}

// Documents and files in the run's workspace: the fixture files (test/fixtures/workspaces/basic, copied fresh for
// every run) and temporary files a test writes for itself.
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import * as vscode from 'vscode';

/** The workspace folder code-server opened for this run. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the harness opens test/fixtures/workspaces/basic');
  return folder.uri;
}

/** The URI of a file of the workspace, by its path relative to the workspace root. */
export function workspaceUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

/** Opens a workspace file and shows it in an editor (features that need a visible editor see it). */
export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(doc);
}

export interface TempFiles {
  /** The folder holding the files, inside the workspace. */
  readonly root: vscode.Uri;
  uri(relativePath: string): vscode.Uri;
  open(relativePath: string): Promise<vscode.TextEditor>;
  /** Closes the files' editors (discarding edits) and deletes the folder. */
  remove(): Promise<void>;
}

/**
 * Writes `files` (path relative to a fresh folder → content) into a new folder inside the workspace, so workspace
 * features (file search, watchers) see them. Await `remove()` in `afterEach`/`after`.
 */
export async function tempFiles(files: Readonly<Record<string, string>>): Promise<TempFiles> {
  const temp = tempFolder();
  for (const [path, content] of Object.entries(files)) {
    await vscode.workspace.fs.writeFile(temp.uri(path), new TextEncoder().encode(content));
  }
  return temp;
}

/**
 * A new temporary folder whose every level, and every folder of `folders` (paths relative to it), the workspace's
 * file watcher is known to watch: for a test whose subject is a watcher event. The folders are made one level at a
 * time, and each level gets probe files written into it (and removed) until the watcher reports one.
 *
 * Two reasons. The watcher starts with the window and misses what is written before it is ready. And the watcher
 * (parcel's inotify backend, in code-server) starts watching a new folder when it hears that the folder was made,
 * without looking inside it: a folder made inside another a moment after that one is never watched, and nothing
 * written into it is ever reported (parcel-bundler/watcher#97, open since 2022). Stop 19's CI waited 60 s for a config
 * file in `.tmp/<id>/pkg`, both folders made by one `writeFile`.
 */
export async function watchedTempFolder(folders: readonly string[] = [], timeoutMs = 30_000): Promise<TempFiles> {
  const temp = tempFolder();
  const levels = [workspaceUri('.tmp'), temp.root];
  for (const folder of folders) {
    const parts = folder.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const level = temp.uri(parts.slice(0, i).join('/'));
      if (!levels.some((l) => l.fsPath === level.fsPath)) levels.push(level);
    }
  }
  // A string glob, not a RelativePattern: such a watcher is served by the workspace's own recursive watcher alone.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.watch-probe', false, true, true);
  const reported = new Set<string>();
  const listener = watcher.onDidCreate((uri) => reported.add(dirname(uri.fsPath)));
  const deadline = Date.now() + timeoutMs;
  try {
    for (const level of levels) {
      await vscode.workspace.fs.createDirectory(level);
      const probes: vscode.Uri[] = [];
      while (!reported.has(level.fsPath)) {
        if (Date.now() > deadline) {
          throw new Error(`the workspace's file watcher reported no file written in ${level.fsPath} within ${timeoutMs} ms`);
        }
        const probe = vscode.Uri.joinPath(level, `${probes.length}.watch-probe`);
        probes.push(probe);
        await vscode.workspace.fs.writeFile(probe, new Uint8Array());
        for (let t = 0; t < 20 && !reported.has(level.fsPath); t++) await new Promise((r) => setTimeout(r, 50));
      }
      for (const probe of probes) await vscode.workspace.fs.delete(probe, { useTrash: false });
    }
  } catch (e) {
    // The folder may not have been made; the watcher's failure is the error to report.
    await temp.remove().catch(() => undefined);
    throw e;
  } finally {
    listener.dispose();
    watcher.dispose();
  }
  return temp;
}

/** A fresh folder's name under the workspace's `.tmp`; nothing is made yet. */
function tempFolder(): TempFiles {
  const root = workspaceUri(`.tmp/${randomUUID().slice(0, 8)}`);
  const uri = (relativePath: string): vscode.Uri => vscode.Uri.joinPath(root, ...relativePath.split('/'));
  return {
    root,
    uri,
    open: async (relativePath) => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri(relativePath))),
    remove: async () => {
      await closeEditorsUnder(root);
      await vscode.workspace.fs.delete(root, { recursive: true, useTrash: false });
    },
  };
}

async function closeEditorsUnder(root: vscode.Uri): Promise<void> {
  const prefix = `${root.toString()}/`;
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString().startsWith(prefix));
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}

/**
 * Closes every editor. A dirty one makes VS Code ask whether to save it, and nobody answers: use it only where no
 * editor can be dirty (another suite's edits included), and close a test's own files with `TempFiles.remove()`.
 */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

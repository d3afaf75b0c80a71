// Documents and files in the run's workspace: the fixture files (test/fixtures/workspaces/basic, copied fresh for
// every run) and temporary files a test writes for itself.
import { randomUUID } from 'node:crypto';
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
  const root = workspaceUri(`.tmp/${randomUUID().slice(0, 8)}`);
  const uri = (relativePath: string): vscode.Uri => vscode.Uri.joinPath(root, ...relativePath.split('/'));
  for (const [path, content] of Object.entries(files)) {
    await vscode.workspace.fs.writeFile(uri(path), new TextEncoder().encode(content));
  }
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

/** Closes every editor, discarding unsaved changes (use in `afterEach` for tests that type). */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Resolves once the workspace's file watcher reports new files. It starts with the window and misses what is written
 * before it is ready, so a test whose subject is a watcher event waits for this first: probe files are written
 * (and removed) until one is reported.
 */
export async function fileEventsFlowing(timeoutMs = 30_000): Promise<void> {
  const root = workspaceUri(`.tmp/probe-${randomUUID().slice(0, 8)}`);
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, '*'), false, true, true);
  let seen = false;
  const listener = watcher.onDidCreate(() => {
    seen = true;
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (let i = 0; !seen; i++) {
      if (Date.now() > deadline) throw new Error(`the file watcher reported no new file within ${timeoutMs} ms`);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, `${i}.txt`), new Uint8Array());
      for (let t = 0; t < 20 && !seen; t++) await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    listener.dispose();
    watcher.dispose();
    await vscode.workspace.fs.delete(root, { recursive: true, useTrash: false });
  }
}

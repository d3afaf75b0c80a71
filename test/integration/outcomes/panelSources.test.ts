// The outcome panel's "all prompts" scope: the config roots found in the workspace are searched for once, kept, and
// searched for again only when a config file is created or deleted, or a folder that may hold one moves in or out.
import * as assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { PanelSources } from '../../../src/extension/outcomes/panelSources';
import { activatePromptOps } from '../helpers/extension';
import { waitFor } from '../helpers/wait';
import { watchedTempFolder, workspaceRoot, type TempFiles } from '../helpers/workspace';

describe('outcome panel sources', () => {
  let temp: TempFiles | undefined;
  let sources: PanelSources | undefined;
  let log: vscode.LogOutputChannel | undefined;
  before(activatePromptOps);
  afterEach(async () => {
    sources?.dispose();
    log?.dispose();
    await temp?.remove();
    temp = undefined;
    sources = undefined;
    log = undefined;
  });

  it('searches for config roots once, and again after a config file is created or deleted', async function () {
    // The watcher's event may come late under load (below).
    this.timeout(120_000);
    // The folder the config file will be written into exists first, and the workspace's watcher watches it: a created
    // folder clears the kept answer too (it may hold a config root), and the config file's own event is the one under
    // test.
    temp = await watchedTempFolder(['pkg']);
    let searches = 0;
    const asked: string[] = [];
    log = vscode.window.createOutputChannel('PromptOps sources test', { log: true });
    // Kept for as long as the test runs: here only the watcher's events may clear the answer.
    sources = new PanelSources((uri) => {
      asked.push(uri.fsPath);
      return Promise.resolve(undefined);
    }, log, () => {
      searches++;
      return vscode.workspace.findFiles('**/promptops.config.{yaml,yml}', '**/node_modules/**', 500);
    }, 60 * 60_000);
    // Reloads alone never search again. A watcher event may arrive late or twice and clear the kept answer once more
    // (harmless), so "kept" is five reloads in a row, 100 ms apart, without a search; a search on every reload
    // never gets there.
    const kept = (): Promise<boolean> => waitFor(async () => {
      const before = searches;
      for (let i = 0; i < 5; i++) {
        await sources?.forWorkspace();
        await new Promise((r) => setTimeout(r, 100));
      }
      return searches === before;
    }, 'reloads to use the kept answer');
    await sources.forWorkspace();
    assert.equal(searches, 1, 'the first reload searches');
    // The folder's events may still come in (and clear the answer once more); after them, reloads keep the answer.
    await kept();

    const config = temp.uri('pkg/promptops.config.yaml');
    // The editor's watcher reports the new file to every watcher of the extension host at once, sometimes many
    // seconds late under load: the test waits for its own watcher's event, then gives the panel a little longer.
    const seen = vscode.workspace.createFileSystemWatcher('**/promptops.config.{yaml,yml}', false, true, true);
    let reported = false;
    const onCreate = seen.onDidCreate((uri) => {
      if (uri.fsPath === config.fsPath) reported = true;
    });
    try {
      await vscode.workspace.fs.writeFile(config, new TextEncoder().encode('defaults:\n  model: openai/gpt-4o-mini\n'));
      await waitFor(() => reported, 'the editor\'s file watcher to report the new config file', 60_000);
    } finally {
      onCreate.dispose();
      seen.dispose();
    }
    await waitFor(async () => {
      asked.length = 0;
      await sources?.forWorkspace();
      return asked.includes(config.fsPath);
    }, 'the new config root to be asked for its store');
    assert.ok(searches >= 2, 'a new config file clears the kept answer');
    await kept();
    const afterCreate: number = searches;

    // No wait: a kept config file is checked on disk before it is used, whatever the watcher reports.
    await vscode.workspace.fs.delete(config);
    asked.length = 0;
    await sources.forWorkspace();
    assert.ok(!asked.includes(config.fsPath), 'the deleted config root is left out at once');
    assert.ok(searches > afterCreate, 'a deleted config file clears the kept answer');
    await kept();
  });

  it('sees a config root moved into the workspace, and one moved out of it, without an event for its config file', async () => {
    log = vscode.window.createOutputChannel('PromptOps sources test', { log: true });
    const asked: string[] = [];
    sources = new PanelSources((uri) => {
      asked.push(uri.fsPath);
      return Promise.resolve(undefined);
    }, log);
    // The watcher must watch the folder the config root is moved into.
    temp = await watchedTempFolder();
    // Made outside the workspace folder (beside it, on the same disk), then moved in with one rename: the watcher
    // reports the folder, not the config file inside it.
    const outside = join(dirname(workspaceRoot().fsPath), `moved-in-${Date.now()}`);
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'promptops.config.yaml'), 'defaults:\n  model: openai/gpt-4o-mini\n');
    const inside = join(temp.root.fsPath, 'pkg');
    const config = join(inside, 'promptops.config.yaml');
    try {
      await sources.forWorkspace();
      assert.ok(!asked.includes(config), 'not in the workspace yet');
      renameSync(outside, inside);
      await waitFor(async () => {
        asked.length = 0;
        await sources?.forWorkspace();
        return asked.includes(config);
      }, 'the config root moved into the workspace to be asked for its store', 15_000);
      renameSync(inside, outside);
      await waitFor(async () => {
        asked.length = 0;
        await sources?.forWorkspace();
        return !asked.includes(config);
      }, 'the config root moved out of the workspace to be left out', 15_000);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('searches again once the kept answer is older than its age limit, with no watcher event', async () => {
    let searches = 0;
    log = vscode.window.createOutputChannel('PromptOps sources test', { log: true });
    sources = new PanelSources(() => Promise.resolve(undefined), log, () => {
      searches++;
      return Promise.resolve([]);
    }, 300);
    await sources.forWorkspace();
    await sources.forWorkspace();
    assert.equal(searches, 1, 'kept while young');
    await new Promise((r) => setTimeout(r, 400));
    await sources.forWorkspace();
    await sources.forWorkspace();
    assert.equal(searches, 2, 'searched again once, then kept');
  });

  it('does not keep a failed search', async () => {
    let searches = 0;
    log = vscode.window.createOutputChannel('PromptOps sources test', { log: true });
    sources = new PanelSources(() => Promise.resolve(undefined), log, () => {
      searches++;
      return Promise.reject(new Error('search failed'));
    });
    await sources.forWorkspace();
    await sources.forWorkspace();
    assert.equal(searches, 2);
  });
});

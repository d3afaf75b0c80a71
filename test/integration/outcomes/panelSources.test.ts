// The outcome panel's "all prompts" scope: the config roots found in the workspace are searched for once, kept, and
// searched for again only when a config file is created or deleted, or a folder that may hold one moves in or out.
import * as assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { PanelSources } from '../../../src/extension/outcomes/panelSources';
import { activatePromptOps } from '../helpers/extension';
import { waitFor } from '../helpers/wait';
import { tempFiles, workspaceRoot, type TempFiles } from '../helpers/workspace';

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

  it('searches for config roots once, and again after a config file is created or deleted', async () => {
    let searches = 0;
    const asked: string[] = [];
    log = vscode.window.createOutputChannel('PromptOps sources test', { log: true });
    sources = new PanelSources((uri) => {
      asked.push(uri.fsPath);
      return Promise.resolve(undefined);
    }, log, () => {
      searches++;
      return vscode.workspace.findFiles('**/promptops.config.{yaml,yml}', '**/node_modules/**', 500);
    });
    await sources.forWorkspace();
    await sources.forWorkspace();
    await sources.forWorkspace();
    assert.equal(searches, 1, 'three reloads, one search');

    temp = await tempFiles({ 'pkg/promptops.config.yaml': 'defaults:\n  model: openai/gpt-4o-mini\n' });
    const config = temp.uri('pkg/promptops.config.yaml').fsPath;
    // The watcher's event arrives a little after the write; until then the kept answer is used.
    await waitFor(async () => {
      asked.length = 0;
      await sources?.forWorkspace();
      return asked.includes(config);
    }, 'the new config root to be asked for its store');
    const afterCreate = searches;
    assert.ok(afterCreate >= 2, 'a new config file clears the kept answer');
    await sources.forWorkspace();
    assert.equal(searches, afterCreate, 'and the new answer is kept in turn');

    await vscode.workspace.fs.delete(temp.uri('pkg/promptops.config.yaml'));
    await waitFor(async () => {
      asked.length = 0;
      await sources?.forWorkspace();
      return !asked.includes(config);
    }, 'the deleted config root to be left out');
    assert.ok(searches > afterCreate, 'a deleted config file clears the kept answer');
  });

  it('sees a config root moved into the workspace, and one moved out of it, without an event for its config file', async () => {
    log = vscode.window.createOutputChannel('PromptOps sources test', { log: true });
    const asked: string[] = [];
    sources = new PanelSources((uri) => {
      asked.push(uri.fsPath);
      return Promise.resolve(undefined);
    }, log);
    temp = await tempFiles({ 'keep.txt': '' });
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

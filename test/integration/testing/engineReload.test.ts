// The engine's session of a root follows its config file on disk, even where the editor's file watcher never reports
// an edit: a folder made inside a new folder is never watched on Linux (parcel-bundler/watcher#97).
import * as assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { PromptOpsApi } from '../../../src/extension/api';
import { activatePromptOps } from '../helpers/extension';
import { watchedTempFolder, workspaceRoot, type TempFiles } from '../helpers/workspace';

const prompt = '---\nmodel: openai/gpt-4o-mini\n---\nHello.\n';
const config = (dir: string): string => `cache:\n  dir: ${dir}\n`;

describe('engine sessions', () => {
  let temp: TempFiles | undefined;
  afterEach(async () => {
    // Closes this test's editors only: closing every editor would stop at a save prompt for another suite's edits.
    await temp?.remove();
    temp = undefined;
  });

  it('follow an edit of a config file the watcher does not report, saved in the editor or written by another program', async () => {
    const a = (await activatePromptOps()).exports as PromptOpsApi;
    // Moved in with one rename: the editor watches pkg/ from then on, never pkg/sub/.
    temp = await watchedTempFolder();
    const outside = join(dirname(workspaceRoot().fsPath), `moved-root-${Date.now()}`);
    mkdirSync(join(outside, 'sub'), { recursive: true });
    writeFileSync(join(outside, 'sub', 'promptops.config.yaml'), config('store-a'));
    writeFileSync(join(outside, 'sub', 'hello.prompt'), prompt);
    try {
      renameSync(outside, temp.uri('pkg').fsPath);
      const sub = temp.uri('pkg/sub').fsPath;
      const uri = temp.uri('pkg/sub/hello.prompt');
      assert.equal((await a.engineFor(uri)).storeDir, join(sub, 'store-a'));

      const doc = await vscode.workspace.openTextDocument(temp.uri('pkg/sub/promptops.config.yaml'));
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), config('store-bb'));
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await doc.save(), 'the config file is saved');
      assert.equal((await a.engineFor(uri)).storeDir, join(sub, 'store-bb'), 'an edit saved in the editor is used at once');

      writeFileSync(join(sub, 'promptops.config.yaml'), config('store-ccc'));
      assert.equal((await a.engineFor(uri)).storeDir, join(sub, 'store-ccc'), 'an edit by another program is used at once');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

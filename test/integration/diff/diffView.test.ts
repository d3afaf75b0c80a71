// The version diff inside a real VS Code: a prompt committed to a real git repository inside the workspace, edited
// on disk, with runs of both texts in the workspace's outcome store. The compare commands open the diff tab and
// resolve with what it shows.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { silentLogger, systemClock } from '../../../src/core/io';
import { hashText } from '../../../src/core/store/key';
import { defaultStoreDir, openStore, type OutcomeStore } from '../../../src/core/store/store';
import type { RunRecord } from '../../../src/core/store/types';
import type { DiffPanelSnapshot } from '../../../src/extension/diff/diffPanel';
import { activatePromptOps } from '../helpers/extension';
import { tempFiles, workspaceRoot, type TempFiles } from '../helpers/workspace';

const v1 = `---
model: openai/gpt-4o-mini
config:
  temperature: 0.2
tests:
  - name: refund
    vars: { q: refund }
---
Answer briefly: {{q}}
`;
const v2 = v1.replace('temperature: 0.2', 'temperature: 0.7').replace('Answer briefly', 'Answer in detail');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid' },
  });
}

async function record(store: OutcomeStore, storePath: string, text: string, over: Partial<RunRecord>): Promise<void> {
  const snapshot = await store.putSnapshot(text);
  await store.append({
    id: `diff-it-${Math.random()}`, runId: `diff-it-${snapshot.slice(0, 6)}`, time: Date.now(), tool: 'cli', promptPath: storePath,
    promptHash: hashText(text), snapshot, testName: 'refund', caseId: 'refund › openai/gpt-4o-mini', vars: { q: 'refund' },
    provider: 'openai', model: 'gpt-4o-mini', endpoint: 'http://127.0.0.1/v1', messages: [], output: 'ok', pass: true, score: 1,
    assertions: [], latencyMs: 100, costUsd: 0.0001, cached: false, repeatIndex: 0, ...over,
  });
}

describe('version diff view', () => {
  let temp: TempFiles | undefined;
  let store: OutcomeStore | undefined;
  before(activatePromptOps);
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await temp?.remove();
    temp = undefined;
    await store?.close();
    store = undefined;
  });

  it('compares HEAD with the working copy: labels, change summary, text diff and a regression', async () => {
    temp = await tempFiles({ 'greet.prompt': v1 });
    const dir = temp.root.fsPath;
    git(dir, 'init', '--quiet');
    git(dir, 'add', 'greet.prompt');
    git(dir, 'commit', '--quiet', '-m', 'first version');
    const uri = temp.uri('greet.prompt');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(v2));
    const root = workspaceRoot().fsPath;
    store = await openStore({ dir: defaultStoreDir(root), logger: silentLogger, clock: systemClock, workspaceRoot: root });
    const storePath = store.storePath(uri.fsPath);
    await record(store, storePath, v1, { output: 'Refunds take 5 days.', pass: true });
    await record(store, storePath, v2, { output: '<img src=x onerror=alert(1)> Refunds take five days.', pass: false, score: 0 });

    const shown = await vscode.commands.executeCommand<DiffPanelSnapshot>('promptops.compareWithHead', uri);
    assert.equal(shown.error, undefined);
    const model = shown.model;
    assert.ok(model, 'the panel computed a comparison');
    assert.equal(shown.title, 'Compare greet.prompt');
    assert.equal(model.leftLabel, 'HEAD');
    assert.equal(model.rightLabel, 'working copy');
    assert.ok(shown.versions.some((v) => v.kind === 'commit' && v.label.endsWith('· first version')));
    assert.deepEqual(model.summary.changes.map((c) => c.text), ['config.temperature: 0.2 → 0.7']);
    assert.deepEqual(model.text.stats, { added: 0, removed: 0, changed: 2 });
    assert.equal(model.outcomes.rows.length, 1);
    const row = model.outcomes.rows[0];
    assert.equal(row?.status, 'regressed');
    // Model output travels as data, unchanged, to be set as text by the view.
    assert.equal(row?.right?.output, '<img src=x onerror=alert(1)> Refunds take five days.');
    assert.equal(model.outcomes.totals.left.passRate, 1);
    assert.equal(model.outcomes.totals.right.passRate, 0);
  });

  it('opens a chosen pair of versions and reports a file with no history', async () => {
    temp = await tempFiles({ 'solo.prompt': v1 });
    const uri = temp.uri('solo.prompt');
    const shown = await vscode.commands.executeCommand<DiffPanelSnapshot>('promptops.compareVersions', uri, { left: 'workingCopy', right: 'workingCopy' });
    assert.ok(shown.model);
    assert.equal(shown.model.text.identical, true);
    assert.deepEqual(shown.model.outcomes.rows, []);
    assert.ok(shown.versions.every((v) => v.kind === 'workingCopy' || v.kind === 'snapshot'));
  });

  it('says how to get a second version when a file outside git has only its working copy', async () => {
    temp = await tempFiles({ 'first.prompt': v1 });
    const shown = await vscode.commands.executeCommand<DiffPanelSnapshot>('promptops.compareWithHead', temp.uri('first.prompt'));
    assert.equal(shown.model, undefined);
    assert.match(shown.error ?? '', /first\.prompt has one version so far \(working copy\)\. .*commit it or run its tests, then edit it/);
  });

  it('opens the pair of versions the outcome panel asks for', async () => {
    temp = await tempFiles({ 'asked.prompt': v1 });
    const uri = temp.uri('asked.prompt');
    const shown = await vscode.commands.executeCommand<DiffPanelSnapshot>('promptops.compareVersions', { uri, left: { kind: 'workingCopy' }, right: { kind: 'workingCopy' } });
    assert.equal(shown.error, undefined);
    assert.ok(shown.model);
    assert.equal(shown.model.leftLabel, 'working copy');
    assert.equal(shown.model.text.identical, true);
  });
});

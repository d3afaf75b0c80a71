// The diff view's `Run missing` against a loopback mock LLM of this test's own (so its request log is exact): runs
// of a version that never ran go through the engine to the provider, land in the outcome store under that version's
// text and fill the rows; a version whose requests are all cached costs no request at all.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { silentLogger, systemClock } from '../../../src/core/io';
import { hashText } from '../../../src/core/store/key';
import { openStore } from '../../../src/core/store/store';
import type { PromptOpsApi } from '../../../src/extension/api';
import type { DiffPanelSnapshot } from '../../../src/extension/diff/diffPanel';
import type { DiffOutcomeRow } from '../../../src/protocol/diff';
import { startMockLlm, type MockLlm } from '../../fixtures/mockLlm/server';
import { activatePromptOps } from '../helpers/extension';
import { waitFor } from '../helpers/wait';
import { tempFiles, type TempFiles } from '../helpers/workspace';

const v1 = `---
model: mock/gpt-4o-mini
tests:
  - name: tea
    vars: { topic: tea }
    assert:
      - type: contains
        value: Mock answer
  - name: coffee
    vars: { topic: coffee }
---
Tell me about {{topic}}.
`;
// A new body: new requests, so HEAD's cases cannot come from the cache.
const v2 = v1.replace('Tell me about', 'Tell me briefly about');
// Only a YAML comment added: another version (another text hash, no outcomes yet) that sends the same requests as v2.
const v3 = v2.replace('tests:\n', '# reviewed by the support team\ntests:\n');

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd,
    env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid' },
  });
}

const statuses = (s: DiffPanelSnapshot): string[] => (s.model?.outcomes.rows ?? []).map((r) => `${r.testName}:${r.status}`).sort();
const row = (s: DiffPanelSnapshot, test: string): DiffOutcomeRow | undefined => s.model?.outcomes.rows.find((r) => r.testName === test);

describe('version diff: Run missing', function () {
  this.timeout(90_000);
  let temp: TempFiles | undefined;
  let mock: MockLlm | undefined;

  before(async () => {
    mock = await startMockLlm();
  });
  after(async () => {
    await mock?.close();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await temp?.remove();
    temp = undefined;
  });

  it('runs the side that never ran through the engine and the mock, then serves an unchanged version from the cache', async () => {
    const server = mock;
    assert.ok(server);
    const api = (await activatePromptOps()).exports as PromptOpsApi;
    temp = await tempFiles({ 'promptops.config.yaml': `providers:\n  mock:\n    type: openai-compatible\n    baseUrl: ${server.urlFor('openai-compatible')}\n`, 'support.prompt': v1 });
    const dir = temp.root.fsPath;
    git(dir, 'init', '--quiet');
    git(dir, 'add', 'support.prompt');
    git(dir, 'commit', '--quiet', '-m', 'first wording');
    const uri = temp.uri('support.prompt');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(v2));

    // The working copy ran from the Test Explorer; HEAD never ran.
    const before = api.testing.recentRuns().at(-1)?.id ?? 0;
    await vscode.commands.executeCommand('promptops.runTests', { uri });
    await waitFor(() => api.testing.recentRuns().find((r) => r.id > before && r.ended), 'the working copy run to end', 30_000);
    assert.equal(server.requests.length, 2);

    const opened = await vscode.commands.executeCommand<DiffPanelSnapshot>('promptops.compareWithHead', uri);
    assert.equal(opened.error, undefined);
    assert.deepEqual(statuses(opened), ['coffee:missing-left', 'tea:missing-left']);

    const ran = await vscode.commands.executeCommand<DiffPanelSnapshot>('promptops.compareRunMissing');
    assert.equal(ran.error, undefined);
    assert.equal(server.requests.length, 4, 'one request per missing case of HEAD');
    assert.ok(server.requests.slice(2).every((r) => r.lastUserText.startsWith('Tell me about')), 'the requests carry HEAD\'s text, not the working copy\'s');
    assert.deepEqual(server.validationErrors, []);
    assert.deepEqual(statuses(ran), ['coffee:changed', 'tea:changed'], 'rows filled, the outputs differ');
    assert.equal(row(ran, 'tea')?.left?.output, 'Mock answer to: Tell me about tea.');
    assert.equal(row(ran, 'tea')?.left?.pass, true);
    assert.equal(row(ran, 'tea')?.left?.cached, false);
    assert.equal(row(ran, 'coffee')?.right?.output, 'Mock answer to: Tell me briefly about coffee.');

    // The records are in the store under HEAD's text, written by the editor.
    const { storeDir, workspaceRoot } = await api.engineFor(uri);
    const store = await openStore({ dir: storeDir, logger: silentLogger, clock: systemClock, workspaceRoot });
    try {
      const records = await store.runsOfVersion(store.storePath(uri.fsPath), hashText(v1));
      assert.deepEqual(records.map((r) => `${r.testName}:${r.tool}:${r.cached}`).sort(), ['coffee:editor:false', 'tea:editor:false']);
    } finally {
      await store.close();
    }

    // A new working copy whose requests are the ones already made: its cases are missing, and running them is free.
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(v3));
    const again = await vscode.commands.executeCommand<DiffPanelSnapshot>('promptops.compareWithHead', uri);
    assert.deepEqual(statuses(again), ['coffee:missing-right', 'tea:missing-right']);
    const cached = await vscode.commands.executeCommand<DiffPanelSnapshot>('promptops.compareRunMissing', uri);
    assert.equal(cached.error, undefined);
    assert.equal(server.requests.length, 4, 'the second Run missing made no request');
    assert.deepEqual(statuses(cached), ['coffee:changed', 'tea:changed']);
    assert.equal(row(cached, 'tea')?.right?.cached, true);
    assert.equal(row(cached, 'tea')?.right?.output, 'Mock answer to: Tell me briefly about tea.');
    assert.equal(row(cached, 'coffee')?.right?.cached, true);
  });
});

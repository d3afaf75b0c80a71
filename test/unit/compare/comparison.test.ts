// The comparison against the real outcome store and a real git repository: versions come from git and from run
// snapshots, outcomes from the run history keyed by the hash of each version's text.
import * as assert from 'node:assert/strict';
import { buildComparison, modelsOf } from '../../../src/core/compare/comparison';
import { silentLogger, systemClock } from '../../../src/core/io';
import { openStore, type OutcomeStore } from '../../../src/core/store/store';
import type { RunRecord } from '../../../src/core/store/types';
import { listVersions, type VersionContext } from '../../../src/core/versions/versions';
import { makeGitRepo, type TestRepo } from '../../fixtures/gitRepo';

const v1 = '---\nmodel: openai/gpt-4o-mini\nconfig:\n  temperature: 0.2\ntests:\n  - name: greet\n    vars: { name: Ann }\n---\nSay hi to {{name}}.\n';
const v2 = '---\nmodel: openai/gpt-4o-mini\nconfig:\n  temperature: 0.7\ntests:\n  - name: greet\n    vars: { name: Ann }\n  - name: refund\n    vars: { name: Bob }\n---\nSay hello to {{name}}.\n';

let seq = 0;
async function record(store: OutcomeStore, text: string, over: Partial<RunRecord> & Pick<RunRecord, 'testName' | 'output' | 'pass'>): Promise<void> {
  const hash = await store.putSnapshot(text);
  const r: RunRecord = {
    id: `rec-${seq++}`,
    runId: 'run-1',
    time: 1_700_000_000_000 + seq * 1000,
    tool: 'cli',
    promptPath: 'prompts/greet.prompt',
    promptHash: hash,
    snapshot: hash,
    caseId: `${over.testName}/0/openai/gpt-4o-mini`,
    vars: {},
    provider: 'openai',
    model: 'gpt-4o-mini',
    endpoint: 'http://127.0.0.1:1/v1',
    messages: [],
    assertions: [],
    score: over.pass ? 1 : 0,
    latencyMs: 100,
    costUsd: 0.001,
    cached: false,
    repeatIndex: 0,
    ...over,
  };
  await store.append(r);
}

describe('compare/buildComparison with the real store and git', () => {
  let repo: TestRepo;
  let store: OutcomeStore;
  beforeEach(async () => {
    repo = makeGitRepo();
    store = await openStore({ dir: repo.path('.promptops'), logger: silentLogger, clock: systemClock, workspaceRoot: repo.dir });
  });
  afterEach(async () => {
    // Closing the store closes its history writer's files; left open, Node closes them on garbage collection, with a warning.
    await store.close();
    repo.cleanup();
  });

  it('compares HEAD with the working copy: text, summary, and outcomes from the runs of each text', async () => {
    repo.write('prompts/greet.prompt', v1);
    repo.commit('v1');
    repo.write('prompts/greet.prompt', v2);
    await record(store, v1, { testName: 'greet', output: 'Hi Ann', pass: true });
    await record(store, v2, { testName: 'greet', output: 'Hello Ann', pass: false });
    await record(store, v2, { testName: 'refund', output: 'Hello Bob', pass: true });
    await record(store, v2, { testName: 'greet', output: 'Hola Ann', pass: true, provider: 'anthropic', model: 'claude', caseId: 'greet/0/anthropic/claude' });

    const ctx: VersionContext & { outcomes: OutcomeStore } = { filePath: repo.path('prompts/greet.prompt'), snapshots: store, outcomes: store };
    const versions = await listVersions(ctx);
    assert.deepEqual(versions.map((v) => v.ref.kind), ['workingCopy', 'head', 'commit', 'snapshot', 'snapshot']);
    assert.deepEqual(versions.filter((v) => v.ref.kind === 'snapshot').map((v) => v.runs), [3, 1]);

    const c = await buildComparison(ctx, { left: { kind: 'head' }, right: { kind: 'workingCopy' } });
    assert.equal(c.left.text, v1);
    assert.equal(c.right.text, v2);
    assert.deepEqual(c.summary.changes.map((s) => s.text), ['config.temperature: 0.2 → 0.7', "test 'refund' added"]);
    assert.deepEqual(c.text.stats, { added: 2, removed: 0, changed: 2 });
    assert.deepEqual(c.outcomes.rows.map((r) => [r.testName, r.status]), [
      ['greet', 'regressed'],
      ['greet', 'missing-left'],
      ['refund', 'missing-left'],
    ]);
    assert.deepEqual(c.right.models, ['anthropic/claude', 'openai/gpt-4o-mini']);

    // The same version on two models pairs the cases across models.
    const m = await buildComparison(ctx, { left: { kind: 'workingCopy' }, right: { kind: 'workingCopy' }, models: { left: 'openai/gpt-4o-mini', right: 'anthropic/claude' } });
    assert.equal(m.text.identical, true);
    assert.deepEqual(m.outcomes.rows.map((r) => [r.testName, r.left?.output, r.right?.output, r.status]), [
      ['greet', 'Hello Ann', 'Hola Ann', 'fixed'],
      ['refund', 'Hello Bob', undefined, 'missing-right'],
    ]);
  });

  it('compares a run snapshot that was never committed, with no outcome source at all', async () => {
    repo.write('prompts/greet.prompt', v2);
    await record(store, v1, { testName: 'greet', output: 'Hi Ann', pass: true });
    const ctx: VersionContext = { filePath: repo.path('prompts/greet.prompt'), snapshots: store };
    const snap = (await listVersions(ctx)).find((v) => v.ref.kind === 'snapshot');
    assert.ok(snap);
    const c = await buildComparison(ctx, { left: snap.ref, right: { kind: 'workingCopy' } });
    assert.equal(c.left.text, v1);
    assert.deepEqual(c.outcomes.rows, []);
    assert.deepEqual(modelsOf([]), []);
  });
});

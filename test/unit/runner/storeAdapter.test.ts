import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, systemClock } from '../../../src/core/io';
import { repeatAwareCacheKey } from '../../../src/core/runner/deps';
import { runCases } from '../../../src/core/runner/execute';
import { combinePlans, planFile } from '../../../src/core/runner/plan';
import { storeAdapter } from '../../../src/core/runner/storeAdapter';
import { openStore, type OutcomeStore } from '../../../src/core/store/store';
import type { RunRecord } from '../../../src/core/store/types';
import type { RunnerStore, RunRecordDraft } from '../../../src/core/runner/types';
import { doc, fakeDeps, FakeProvider, spec, testSpec } from './fakes';

describe('runner store adapter (real store on disk)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'po-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('caches replies, records every case with its snapshot, and serves the rerun from disk', async () => {
    const d = doc([testSpec('a', { vars: { word: 'x' }, assert: [spec('contains', 'x')] }), testSpec('b', { vars: { word: 'y' }, repeat: 2 })]);
    const plan = combinePlans([await planFile(d, join(dir, 'prompts', 'p.prompt'))]);
    const p = new FakeProvider();
    const open = (): ReturnType<typeof openStore> => openStore({ dir: join(dir, '.promptops'), logger: silentLogger, clock: systemClock, workspaceRoot: dir });

    const store1 = await open();
    const cold = await runCases(plan, { ...fakeDeps([p], storeAdapter(store1)), cacheKey: repeatAwareCacheKey }, { runId: 'r1' });
    await store1.close();
    assert.equal(p.calls, 3);
    assert.equal(cold.cached, 0);

    // A second process (a new store instance) sees the cache and the history.
    const store2 = await open();
    const warm = await runCases(plan, { ...fakeDeps([p], storeAdapter(store2)), cacheKey: repeatAwareCacheKey }, { runId: 'r2' });
    assert.equal(p.calls, 3);
    assert.deepEqual(warm.results.map((r) => r.cached), [true, true, true]);
    assert.equal(warm.results[0].output, 'echo:Say x');
    const records = await store2.recordsOf('prompts/p.prompt');
    await store2.close();
    assert.equal(records.length, 6);
    const r = records.find((x) => x.runId === 'r2' && x.testName === 'a');
    assert.ok(r);
    assert.equal(r.promptPath, 'prompts/p.prompt');
    assert.equal(r.cached, true);
    assert.equal(r.latencyMs, undefined, 'a cached record carries no latency of its own');
    assert.deepEqual(r.assertions.map((a) => a.pass), [true]);
    const store3 = await open();
    assert.equal(await store3.getSnapshot(r.snapshot), d.text);
    await store3.close();
    assert.deepEqual(records.filter((x) => x.testName === 'b').map((x) => x.repeatIndex).sort(), [0, 0, 1, 1]);
  });

  it('after the store folder is deleted under an open session, later runs are recorded with their snapshot again', async () => {
    const d = doc([testSpec('a', { vars: { word: 'x' } })]);
    const plan = combinePlans([await planFile(d, join(dir, 'prompts', 'p.prompt'))]);
    const storeDir = join(dir, '.promptops');
    const store = await openStore({ dir: storeDir, logger: silentLogger, clock: systemClock, workspaceRoot: dir });
    // One adapter for both runs, as the editor keeps one per session.
    const deps = { ...fakeDeps([new FakeProvider()], storeAdapter(store)), cacheKey: repeatAwareCacheKey };
    await runCases(plan, deps, { runId: 'r1' });
    rmSync(storeDir, { recursive: true, force: true });
    await runCases(plan, deps, { runId: 'r2' });
    assert.deepEqual((await store.recordsOf('prompts/p.prompt')).map((r) => r.runId), ['r2'], 'the open store reads what is on disk now');
    const fresh = await openStore({ dir: storeDir, logger: silentLogger, clock: systemClock, workspaceRoot: dir });
    const records = await fresh.recordsOf('prompts/p.prompt');
    assert.deepEqual(records.map((r) => r.runId), ['r2']);
    assert.equal(await fresh.getSnapshot(records[0].snapshot), d.text, 'the snapshot was written again');
    await fresh.close();
    // Deleted again: the next run is recorded in turn.
    rmSync(storeDir, { recursive: true, force: true });
    await runCases(plan, deps, { runId: 'r3' });
    await store.close();
    const again = await openStore({ dir: storeDir, logger: silentLogger, clock: systemClock, workspaceRoot: dir });
    const r3 = await again.recordsOf('prompts/p.prompt');
    assert.deepEqual(r3.map((r) => r.runId), ['r3']);
    assert.equal(await again.getSnapshot(r3[0].snapshot), d.text);
    await again.close();
  });
});

describe('runner store adapter batching', () => {
  /** A store that records each append call; the snapshot of a prompt text containing "BAD" fails. */
  function recordingStore(): { store: OutcomeStore; appends: RunRecord[][] } {
    const appends: RunRecord[][] = [];
    const fake = {
      storePath: (p: string) => p.replace(/^\/ws\//, ''),
      cache: { flush: () => Promise.resolve() },
      putSnapshot: (text: string) => (text.includes('BAD') ? Promise.reject(new Error('disk full')) : Promise.resolve(`snap-${text.length}`)),
      append: (records: RunRecord[]) => {
        appends.push(records);
        return Promise.resolve();
      },
    };
    return { store: fake as unknown as OutcomeStore, appends };
  }
  const draft = (i: number, text = 'prompt text'): RunRecordDraft => ({
    runId: 'r', time: 0, tool: 'cli', filePath: '/ws/p.prompt', promptPath: '/ws/p.prompt', promptHash: `h-${text}`, promptText: text,
    testName: 't', caseId: `c${i}`, vars: {}, provider: 'fake', model: 'm', endpoint: '', messages: [], output: '', assertions: [],
    pass: true, score: 1, costUsd: null, cached: false, repeatIndex: 0,
  });

  it('writes queued records in one append on flush, with snapshot and store path filled in', async () => {
    const { store, appends } = recordingStore();
    const adapter = storeAdapter(store);
    const written = [0, 1, 2].map((i) => adapter.appendRun(draft(i)));
    await new Promise((r) => setImmediate(r));
    assert.equal(appends.length, 0, 'nothing is written before the batch fills, its timer fires or flush is called');
    await adapter.flush?.();
    await Promise.all(written);
    assert.equal(appends.length, 1);
    assert.deepEqual(appends[0].map((r) => r.caseId), ['c0', 'c1', 'c2']);
    assert.equal(appends[0][0].snapshot, 'snap-11');
    assert.equal(appends[0][0].promptPath, 'p.prompt');
    assert.ok(!('promptText' in appends[0][0]), 'the prompt text goes to the snapshot, not the record');
  });

  it('writes a full batch without waiting, and the timer writes the rest', async () => {
    const { store, appends } = recordingStore();
    const adapter = storeAdapter(store);
    const written = Array.from({ length: 300 }, (_, i) => adapter.appendRun(draft(i)));
    await Promise.all(written);
    assert.deepEqual(appends.map((a) => a.length), [256, 44]);
    assert.deepEqual(appends.flat().map((r) => r.caseId), Array.from({ length: 300 }, (_, i) => `c${i}`), 'file order is queue order');
  });

  it('a failed snapshot rejects only its own record', async () => {
    const { store, appends } = recordingStore();
    const adapter = storeAdapter(store);
    const good = adapter.appendRun(draft(0));
    const bad = adapter.appendRun(draft(1, 'BAD prompt'));
    await adapter.flush?.();
    await good;
    await assert.rejects(bad, /disk full/);
    assert.deepEqual(appends.flat().map((r) => r.caseId), ['c0']);
  });

  it('a run resolves only after every record is written, and a failed write is a warning', async () => {
    const warnings: string[] = [];
    const appended: RunRecordDraft[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slowStore: RunnerStore = {
      getCached: () => Promise.resolve(undefined),
      putCached: () => Promise.resolve(),
      appendRun: async (d) => {
        await gate;
        if (d.testName === 'b') throw new Error('no space left');
        appended.push(d);
      },
    };
    const plan = combinePlans([await planFile(doc([testSpec('a'), testSpec('b')]), '/ws/p.prompt')]);
    let done = false;
    const run = runCases(plan, { ...fakeDeps([new FakeProvider()], slowStore), warn: (m) => warnings.push(m) }).then((s) => {
      done = true;
      return s;
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(done, false, 'the run waits for its records');
    release();
    const summary = await run;
    assert.equal(summary.passed, 2, 'a record that could not be written does not fail its case');
    assert.deepEqual(appended.map((d) => d.testName), ['a']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /could not record the run of "b.*no space left/);
  });
});

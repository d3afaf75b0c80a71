import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, systemClock } from '../../../src/core/io';
import { repeatAwareCacheKey } from '../../../src/core/runner/deps';
import { runCases } from '../../../src/core/runner/execute';
import { combinePlans, planFile } from '../../../src/core/runner/plan';
import { storeAdapter } from '../../../src/core/runner/storeAdapter';
import { openStore } from '../../../src/core/store/store';
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
});

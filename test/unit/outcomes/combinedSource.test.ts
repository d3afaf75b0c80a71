import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, systemClock } from '../../../src/core/io';
import { openStore, type OutcomeStore } from '../../../src/core/store/store';
import type { RunRecord } from '../../../src/core/store/types';
import { combinedSource } from '../../../src/extension/outcomes/combinedSource';
import { storeSource } from '../../../src/extension/outcomes/storeSource';
import { makeRecord } from './fixtures';

// Two roots of a multi-root workspace, each with its own store, seen as one by "all prompts".
describe('combinedSource', () => {
  let dir: string;
  let alpha: OutcomeStore;
  let beta: OutcomeStore;
  const rootA = (): string => join(dir, 'alpha');
  const rootB = (): string => join(dir, 'beta');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'promptops-combined-'));
    alpha = await openStore({ dir: join(rootA(), '.promptops'), logger: silentLogger, clock: systemClock, workspaceRoot: rootA() });
    beta = await openStore({ dir: join(rootB(), '.beta-store'), logger: silentLogger, clock: systemClock, workspaceRoot: rootB() });
    // The same relative path in both roots: only the absolute path tells them apart.
    await alpha.append([makeRecord({ id: 'a1', promptPath: 'p.prompt', testName: 'alpha test' })]);
    await beta.append([
      makeRecord({ id: 'b1', promptPath: 'p.prompt', testName: 'beta test' }),
      makeRecord({ id: 'b2', promptPath: 'q.prompt', testName: 'beta other', pass: false, score: 0 }),
    ]);
  });

  afterEach(async () => {
    await alpha.close();
    await beta.close();
    await rm(dir, { recursive: true, force: true });
  });

  const both = () => combinedSource([storeSource(alpha, rootA()), storeSource(beta, rootB())]);

  it('lists every store, with absolute prompt paths', async () => {
    const runs = await both().summaries(undefined);
    assert.deepEqual(
      runs.map((r) => [r.id, r.promptPath]).sort(),
      [['a1', join(rootA(), 'p.prompt')], ['b1', join(rootB(), 'p.prompt')], ['b2', join(rootB(), 'q.prompt')]],
    );
  });

  it("answers for one prompt from the store of the root it is in", async () => {
    const runs = await both().summaries(join(rootB(), 'p.prompt'));
    assert.deepEqual(runs.map((r) => r.id), ['b1']);
    const records = await both().records(join(rootA(), 'p.prompt'));
    assert.deepEqual(records.map((r) => r.testName), ['alpha test']);
  });

  it('reads records by id from whichever store has them, in the order asked, leaving out unknown ids', async () => {
    const records = await both().recordsById(['b2', 'nope', 'a1']);
    assert.deepEqual(records.map((r) => [r.id, r.promptPath]), [['b2', join(rootB(), 'q.prompt')], ['a1', join(rootA(), 'p.prompt')]]);
  });

  it('tells appends from each store, paths made absolute, and watches every history folder', async () => {
    const source = both();
    const seen: RunRecord[] = [];
    const sub = source.onDidAppend((records) => seen.push(...records));
    await beta.append([makeRecord({ id: 'b3', promptPath: 'p.prompt' })]);
    await alpha.append([makeRecord({ id: 'a2', promptPath: 'p.prompt' })]);
    sub.dispose();
    await alpha.append([makeRecord({ id: 'a3', promptPath: 'p.prompt' })]);
    assert.deepEqual(seen.map((r) => [r.id, r.promptPath]), [['b3', join(rootB(), 'p.prompt')], ['a2', join(rootA(), 'p.prompt')]]);
    assert.deepEqual([...source.watchFolders].sort(), [alpha.paths.history, beta.paths.history].sort());
  });

  it('sums the cache figures of every store', async () => {
    const stats = await both().cacheStats();
    const a = await alpha.cache.stats();
    const b = await beta.cache.stats();
    assert.equal(stats.entries, a.entries + b.entries);
    assert.equal(stats.maxBytes, a.maxBytes + b.maxBytes);
  });

  it('is the one source itself when there is only one', () => {
    const one = storeSource(alpha, rootA());
    assert.equal(combinedSource([one]), one);
  });
});

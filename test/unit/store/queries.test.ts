import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashText } from '../../../src/core/store/key';
import { toStorePath, type OutcomeStore } from '../../../src/core/store/store';
import { manualClock, record, recordingLogger, storeTracker, tempDir } from './fixtures';

/** Every store a test opens is closed after it. */
const stores = storeTracker();

describe('store queries and snapshots', () => {
  let t: ReturnType<typeof tempDir>;
  let store: OutcomeStore;
  let v1: string;
  let v2: string;

  beforeEach(async () => {
    t = tempDir();
    store = await stores.open({ dir: join(t.dir, '.promptops'), workspaceRoot: t.dir, logger: recordingLogger(), clock: manualClock() });
    v1 = await store.putSnapshot('version one');
    v2 = await store.putSnapshot('version two');
    const p = 'prompts/greet.prompt';
    await store.append([
      // run-1 on v1: two tests, "polite" with 2 repeats
      record({ id: '1a', runId: 'run-1', time: 100, promptPath: p, promptHash: v1, snapshot: v1, testName: 'greets', caseId: 'greets', pass: true }),
      record({ id: '1b', runId: 'run-1', time: 101, promptPath: p, promptHash: v1, snapshot: v1, testName: 'polite', caseId: 'polite', pass: false, repeatIndex: 0 }),
      record({ id: '1c', runId: 'run-1', time: 102, promptPath: p, promptHash: v1, snapshot: v1, testName: 'polite', caseId: 'polite', pass: true, repeatIndex: 1 }),
      // run-2 on v2: only "polite" ran again, with 2 repeats finishing out of order
      record({ id: '2b', runId: 'run-2', time: 205, promptPath: p, promptHash: v2, snapshot: v2, testName: 'polite', caseId: 'polite', pass: true, repeatIndex: 1 }),
      record({ id: '2a', runId: 'run-2', time: 200, promptPath: p, promptHash: v2, snapshot: v2, testName: 'polite', caseId: 'polite', pass: true, repeatIndex: 0 }),
      record({ id: 'other', runId: 'run-2', time: 210, promptPath: 'other.prompt', testName: 'x', caseId: 'x' }),
    ]);
  });
  afterEach(async () => {
    await store.close();
    await stores.closeAll();
    t.cleanup();
  });

  it('latest outcome of each case, with the repeats of that run in order', async () => {
    const latest = await store.latestOutcomes('prompts/greet.prompt');
    assert.deepEqual(latest.map((o) => [o.testName, o.record.id, o.runRecords.map((r) => r.id)]), [
      ['greets', '1a', ['1a']],
      ['polite', '2b', ['2a', '2b']],
    ]);
  });

  it('history of one test, oldest first', async () => {
    assert.deepEqual((await store.testHistory('prompts/greet.prompt', 'polite')).map((r) => r.id), ['1b', '1c', '2a', '2b']);
  });

  it('all runs of one version, and runs grouped by version (newest first)', async () => {
    assert.deepEqual((await store.runsOfVersion('prompts/greet.prompt', v1)).map((r) => r.id), ['1a', '1b', '1c']);
    const groups = await store.versions('prompts/greet.prompt');
    assert.deepEqual(groups.map((g) => [g.promptHash, g.firstTime, g.lastTime, g.passed, g.failed]), [
      [v2, 200, 205, 2, 0],
      [v1, 100, 102, 2, 1],
    ]);
  });

  it('accepts absolute prompt paths inside the workspace', async () => {
    assert.equal((await store.recordsOf(join(t.dir, 'prompts', 'greet.prompt'))).length, 5);
    assert.equal(toStorePath(t.dir, join(t.dir, 'a', 'b.prompt')), 'a/b.prompt');
    assert.equal(toStorePath(t.dir, '/elsewhere/c.prompt'), '/elsewhere/c.prompt');
    assert.deepEqual(await store.prompts(), ['other.prompt', 'prompts/greet.prompt']);
  });

  it('snapshots are content-addressed, listed with their run times, and verified on read', async () => {
    assert.equal(v1, hashText('version one'));
    assert.equal(await store.putSnapshot('version one'), v1);
    assert.equal(await store.getSnapshot(v2), 'version two');
    assert.equal(await store.getSnapshot('f'.repeat(64)), undefined);
    assert.equal(await store.getSnapshot('../../etc/passwd'), undefined);
    assert.deepEqual(await store.listSnapshots('prompts/greet.prompt'), [
      { hash: v2, firstTime: 200, lastTime: 205, runs: 2 },
      { hash: v1, firstTime: 100, lastTime: 102, runs: 3 },
    ]);
    const file = join(store.paths.snapshots, `${v1}.txt`);
    writeFileSync(file, 'tampered');
    assert.equal(await store.getSnapshot(v1), undefined);
    assert.equal((await store.stats()).snapshots.count, 2);
  });

  it('writes a .gitignore on the first write and never overwrites one', async () => {
    const ignore = join(store.paths.root, '.gitignore');
    assert.match(readFileSync(ignore, 'utf8'), /^\*$/m);
    writeFileSync(ignore, 'mine\n');
    const again = await stores.open({ dir: store.paths.root, logger: recordingLogger(), clock: manualClock() });
    assert.equal(readFileSync(ignore, 'utf8'), 'mine\n');
    assert.deepEqual(again.paths, { root: store.paths.root, cache: join(store.paths.root, 'cache'), history: join(store.paths.root, 'history'), snapshots: join(store.paths.root, 'snapshots') });
  });
});

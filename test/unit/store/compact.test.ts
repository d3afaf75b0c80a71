import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../../../src/core/store/compact';
import { encodeLine } from '../../../src/core/store/segmentLine';
import { manualClock, record, recordingLogger, storeTracker, tempDir } from './fixtures';

/** Every store a test opens is closed after it. */
const stores = storeTracker();

// A pid no process has: the highest the kernel hands out is well below this.
const DEAD_PID = 4_194_304 + 12_345;
const HOUR_AGO = Date.now() / 1000 - 3600;

describe('run history compaction', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(async () => {
    await stores.closeAll();
    t.cleanup();
  });

  function segment(name: string, lines: string, age = HOUR_AGO): void {
    const path = join(t.dir, 'history', name);
    writeFileSync(path, lines);
    utimesSync(path, age, age);
  }

  it('merges finished segments into one, keeping every record once and dropping damaged lines', async () => {
    assert.equal(isProcessAlive(DEAD_PID), false);
    assert.equal(isProcessAlive(process.pid), true);
    mkdirSync(join(t.dir, 'history'), { recursive: true });
    const shared = encodeLine(record({ id: 'dup' }));
    segment(`seg-a-${DEAD_PID}-00000001.jsonl`, encodeLine(record({ id: 'd1' })) + shared + 'garbage\n');
    segment(`seg-b-${DEAD_PID}-00000002.jsonl`, shared + encodeLine(record({ id: 'd2' })) + encodeLine(record({ id: 'cut' })).slice(0, 40));
    segment(`seg-c-${DEAD_PID}-00000003.jsonl`, encodeLine(record({ id: 'd3' })));
    segment(`seg-d-${DEAD_PID}-00000004.jsonl`, encodeLine(record({ id: 'recent' })), Date.now() / 1000);
    segment(`seg-e-${process.pid}-00000005.jsonl`, encodeLine(record({ id: 'live' })));

    const reader = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const before = (await reader.recordsOf('prompts/greet.prompt')).map((r) => r.id).sort();
    const compactor = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const result = await compactor.compactHistory();
    assert.deepEqual(result, { merged: 3, records: 4 });

    const all = readdirSync(join(t.dir, 'history')).sort();
    const files = all.filter((f) => f.endsWith('.jsonl'));
    assert.equal(files.length, 3);
    // Every segment but the live writer's has its summary index, and no index outlives its segment.
    assert.deepEqual(all.filter((f) => f.endsWith('.summary')), files.filter((f) => !f.includes(`-${process.pid}-0000`) || !f.startsWith('seg-e-')).map((f) => f.replace(/\.jsonl$/, '.summary')));
    assert.ok(files.includes(`seg-d-${DEAD_PID}-00000004.jsonl`), 'a recently written segment is left alone');
    assert.ok(files.includes(`seg-e-${process.pid}-00000005.jsonl`), 'a live writer’s segment is left alone');

    assert.deepEqual(before, ['d1', 'd2', 'd3', 'dup', 'live', 'recent']);
    assert.deepEqual((await reader.recordsOf('prompts/greet.prompt')).map((r) => r.id).sort(), before);
    const fresh = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    assert.deepEqual((await fresh.recordsOf('prompts/greet.prompt')).map((r) => r.id).sort(), before);
    assert.equal((await fresh.stats()).history.segments, 3);
    assert.deepEqual(await fresh.compactHistory(), { merged: 0, records: 0 });
  });

  it('leaves the history unread on open when its many files are not finished yet', async () => {
    mkdirSync(join(t.dir, 'history'), { recursive: true });
    // Live writers' segments (this process's pid) are never merged, so the open's compaction merges nothing.
    for (let i = 0; i < 40; i++) segment(`seg-${i.toString(36)}-${process.pid}-0000000${i % 10}.jsonl`, encodeLine(record({ id: `l${i}` })) + (i === 7 ? 'garbage\n' : ''));
    const logger = recordingLogger();
    const store = await stores.open({ dir: t.dir, logger, clock: manualClock() });
    assert.equal(readdirSync(join(t.dir, 'history')).filter((f) => f.endsWith('.jsonl')).length, 40, 'nothing merged');
    // Reading any segment would have reported the damaged line: the open read none.
    assert.equal(logger.warnings.length, 0, logger.warnings.join('\n'));
    assert.equal((await store.recordsOf('prompts/greet.prompt')).length, 40);
    assert.equal(logger.warnings.filter((w) => w.includes('damaged line')).length, 1, 'the first query reads the history');
  });

  it('runs on open when the history has many files', async () => {
    mkdirSync(join(t.dir, 'history'), { recursive: true });
    for (let i = 0; i < 40; i++) segment(`seg-${i.toString(36)}-${DEAD_PID}-0000000${i % 10}.jsonl`, encodeLine(record({ id: `m${i}` })));
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    assert.deepEqual(readdirSync(join(t.dir, 'history')).map((f) => f.split('.').pop()).sort(), ['jsonl', 'summary']);
    assert.equal((await store.recordsOf('prompts/greet.prompt')).length, 40);
  });
});

// Opening the run history from the summary indexes: the segments' records are not read until a query returns them,
// and every way a segment can disagree with its index (index behind, segment grown, cut, replaced) is noticed.
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeLine } from '../../../src/core/store/segmentLine';
import type { OutcomeStore } from '../../../src/core/store/store';
import { summarize } from '../../../src/core/store/summary';
import { SummaryIndexWriter } from '../../../src/core/store/summaryIndex';
import type { RunRecord } from '../../../src/core/store/types';
import { manualClock, record, recordingLogger, type RecordingLogger, storeTracker, tempDir } from './fixtures';

const PROMPT = 'prompts/greet.prompt';
const DEAD_PID = 4_194_304 + 4242;
const SEG = `seg-aa-${DEAD_PID}-0badcafe.jsonl`;
const IDX = SEG.replace(/\.jsonl$/, '.summary');

/** Segment and summary index bytes for records, as a writer writes them (the index for the first `indexed` only). */
function encode(records: readonly RunRecord[], indexed = records.length, from = 0): { seg: string; idx: string } {
  const w = new SummaryIndexWriter();
  let at = from;
  let seg = '';
  let idx = '';
  records.forEach((r, i) => {
    const line = encodeLine(r);
    const len = Buffer.byteLength(line);
    if (i < indexed) idx += w.line({ at, len, tab: Buffer.byteLength(line.slice(0, line.indexOf('\t'))), sum: line.slice(0, 8), r: summarize(r) });
    seg += line;
    at += len;
  });
  return { seg, idx };
}

describe('run history opened from its summary indexes', () => {
  let t: ReturnType<typeof tempDir>;
  const stores = storeTracker();
  beforeEach(() => (t = tempDir()));
  afterEach(async () => {
    await stores.closeAll();
    t.cleanup();
  });

  const history = (): string => join(t.dir, 'history');
  const ids = (list: readonly { id: string }[]): string[] => list.map((r) => r.id).sort();

  async function open(logger: RecordingLogger = recordingLogger()): Promise<OutcomeStore> {
    return stores.open({ dir: t.dir, logger, clock: manualClock() });
  }

  function writeSegment(records: readonly RunRecord[], indexed = records.length): void {
    const { seg, idx } = encode(records, indexed);
    writeFileSync(join(t.dir, 'history', SEG), seg);
    writeFileSync(join(t.dir, 'history', IDX), idx);
  }

  beforeEach(() => mkdirSync(history()));

  it('answers lists without reading the records, and checks each record when it is loaded', async () => {
    const recs = ['a', 'b', 'c', 'd'].map((id) => record({ id, output: `output of ${id}` }));
    writeSegment(recs);
    // Garbage of the same length over a middle record: the index still holds, the record no longer does.
    const path = join(history(), SEG);
    const text = readFileSync(path, 'latin1');
    const at = text.indexOf('output of b');
    writeFileSync(path, `${text.slice(0, at)}OUTPUT OF B${text.slice(at + 11)}`, 'latin1');
    const logger = recordingLogger();
    const s = await open(logger);
    assert.deepEqual(ids(await s.summariesOf(PROMPT)), ['a', 'b', 'c', 'd']);
    assert.deepEqual(logger.warnings, [], 'the list came from the index alone');
    assert.deepEqual(ids(await s.recordsOf(PROMPT)), ['a', 'c', 'd']);
    assert.match(logger.warnings.join('\n'), /record b was damaged after it was written/);
  });

  it('index behind its segment (a crash between the two writes): the rest is read from the segment', async () => {
    const recs = ['a', 'b', 'c'].map((id) => record({ id }));
    writeSegment(recs, 1);
    const logger = recordingLogger();
    const s = await open(logger);
    assert.deepEqual(ids(await s.recordsOf(PROMPT)), ['a', 'b', 'c']);
    assert.deepEqual(logger.warnings, []);
    // The writer (DEAD_PID) is gone, so the reader rebuilt the index to cover the whole segment.
    assert.equal(readFileSync(join(history(), IDX), 'utf8').trim().split('\n').length, 3);
    const again = recordingLogger();
    assert.deepEqual(ids(await (await open(again)).summariesOf(PROMPT)), ['a', 'b', 'c']);
    assert.deepEqual(again.warnings, []);
  });

  it('segment grown since the last look: new lines from the index, or from the segment while the index lags', async () => {
    const recs = ['a', 'b', 'c', 'd'].map((id) => record({ id }));
    const name = SEG.replace(String(DEAD_PID), String(process.pid)); // a live writer: its index is never rebuilt
    const segPath = join(history(), name);
    const idxPath = segPath.replace(/\.jsonl$/, '.summary');
    const two = encode(recs.slice(0, 2), 1);
    writeFileSync(segPath, two.seg);
    writeFileSync(idxPath, two.idx);
    const logger = recordingLogger();
    const s = await open(logger);
    assert.deepEqual(ids(await s.summariesOf(PROMPT)), ['a', 'b']);
    // The writer appends c and d, and its index catches up with b, c and d: b was read from the segment already.
    const all = encode(recs);
    appendFileSync(segPath, all.seg.slice(two.seg.length));
    writeFileSync(idxPath, all.idx);
    assert.deepEqual(ids(await s.summariesOf(PROMPT)), ['a', 'b', 'c', 'd']);
    assert.deepEqual(ids(await s.recordsOf(PROMPT)), ['a', 'b', 'c', 'd']);
    assert.deepEqual(logger.warnings, []);
    assert.equal((await s.historyStats()).bytes, Buffer.byteLength(all.seg));
  });

  it('segment cut short: what is whole stays readable, with a warning, at open and after it', async () => {
    const recs = ['a', 'b', 'c', 'd'].map((id) => record({ id }));
    writeSegment(recs);
    const path = join(history(), SEG);
    const reader = recordingLogger();
    const before = await open(reader);
    assert.deepEqual(ids(await before.recordsOf(PROMPT)), ['a', 'b', 'c', 'd']);
    const text = readFileSync(path, 'utf8');
    truncateSync(path, Buffer.byteLength(text.slice(0, text.indexOf('"id":"c"') + 20)));
    // A store that had read it reloads; a fresh one trusts the index only as far as the segment goes.
    assert.deepEqual(ids(await before.recordsOf(PROMPT)), ['a', 'b']);
    assert.match(reader.warnings.join('\n'), /shrank; reloading the whole history/);
    const logger = recordingLogger();
    const s = await open(logger);
    assert.deepEqual(ids(await s.summariesOf(PROMPT)), ['a', 'b']);
    assert.deepEqual(ids(await s.recordsOf(PROMPT)), ['a', 'b']);
    assert.match(logger.warnings.join('\n'), /ignoring an incomplete last line/);
  });

  it('segment replaced under its index: noticed at open, on refresh, and when a record is loaded', async () => {
    const old = ['a', 'b', 'c'].map((id) => record({ id, output: 'old' }));
    const replacement = ['x', 'y', 'z'].map((id) => record({ id, output: 'new' }));
    writeSegment(old);
    const path = join(history(), SEG);

    // At open: the index describes other lines than the segment holds.
    writeFileSync(path, encode(replacement).seg);
    let logger = recordingLogger();
    assert.deepEqual(ids(await (await open(logger)).summariesOf(PROMPT)), ['x', 'y', 'z']);
    assert.match(logger.warnings.join('\n'), /does not match its segment at byte 0; reading the segment itself/);

    // On refresh: a store that has read the file sees another file (inode) of the same size in its place.
    writeSegment(old);
    logger = recordingLogger();
    const s = await open(logger);
    assert.deepEqual(ids(await s.summariesOf(PROMPT)), ['a', 'b', 'c']);
    const swapped = encode(old.map((r) => ({ ...r, output: 'OLD' })));
    writeFileSync(`${path}.new`, swapped.seg);
    renameSync(`${path}.new`, path);
    assert.deepEqual((await s.recordsOf(PROMPT)).map((r) => r.output), ['OLD', 'OLD', 'OLD']);
    assert.match(logger.warnings.join('\n'), /was replaced; reloading the whole history/);

    // When loaded: rewritten in place (same file, same size) after the list was read; the lines no longer match.
    writeSegment(old);
    logger = recordingLogger();
    const late = await open(logger);
    const listed = await late.summariesOf(PROMPT);
    assert.deepEqual(ids(listed), ['a', 'b', 'c']);
    writeFileSync(path, encode(replacement).seg);
    assert.deepEqual(await late.recordsById(listed.map((r) => r.id)), []);
    assert.match(logger.warnings.join('\n'), /does not match its segment at byte 0; reading the segment itself/);
    assert.deepEqual(ids(await late.recordsOf(PROMPT)), ['x', 'y', 'z']);
  });

  it('records of a segment merged away after the list was read are found in the merged file', async () => {
    const recs = ['a', 'b', 'c'].map((id) => record({ id }));
    writeSegment(recs);
    const more = `seg-ab-${DEAD_PID + 1}-0badcafe.jsonl`;
    const extra = encode([record({ id: 'd' })]);
    writeFileSync(join(history(), more), extra.seg);
    writeFileSync(join(history(), more.replace(/\.jsonl$/, '.summary')), extra.idx);
    const logger = recordingLogger();
    const s = await open(logger);
    const listed = await s.summariesOf(PROMPT);
    assert.equal(listed.length, 4);
    // Another process merges both finished segments (they are old enough) and deletes them.
    const other = await open();
    for (const f of readdirSync(history())) utimesSync(join(history(), f), new Date(0), new Date(0));
    assert.equal((await other.compactHistory()).merged, 2);
    assert.deepEqual(ids(await s.recordsById(listed.map((r) => r.id))), ['a', 'b', 'c', 'd']);
    assert.deepEqual(logger.warnings, []);
  });
});

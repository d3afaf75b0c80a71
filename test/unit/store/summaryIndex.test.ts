import * as assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from '../../../src/core/store/crc32';
import { summarize } from '../../../src/core/store/summary';
import { SummaryIndexReader, SummaryIndexWriter, type SummaryLine } from '../../../src/core/store/summaryIndex';
import type { RecordSummary, RunRecord } from '../../../src/core/store/types';
import { manualClock, record, recordingLogger, storeTracker, tempDir } from './fixtures';

/** Every store a test opens is closed after it. */
const stores = storeTracker();

const DEAD_PID = 4_194_304 + 12_345;
const PROMPT = 'prompts/greet.prompt';

function sample(): RunRecord[] {
  return [
    record({ id: 'p1', output: 'Hello,\n\n  Ada!   How are you?' }),
    record({ id: 'f1', pass: false, score: 0, assertions: [{ type: 'contains', pass: false, score: 0, reason: 'expected "bye"', weight: 1, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 9 } } }] }),
    record({ id: 'e1', pass: false, output: '', error: { kind: 'timeout', message: 'no reply in 30 s' }, latencyMs: undefined, usage: undefined }),
    record({ id: 'u1', testName: 'ünïcode ✓ test', output: 'ä'.repeat(400), costUsd: 0.25 }),
  ];
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : 1);

function readIndex(path: string): SummaryLine[] {
  const data = readFileSync(path);
  const reader = new SummaryIndexReader();
  const out: SummaryLine[] = [];
  let start = 0;
  for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
    const l = reader.line(data, start, nl);
    assert.ok(l, `index line at byte ${start} decodes`);
    out.push(l);
    start = nl + 1;
  }
  return out;
}

function writeIndex(path: string, lines: readonly SummaryLine[]): void {
  const w = new SummaryIndexWriter();
  writeFileSync(path, lines.map((l) => w.line(l)).join(''));
}

describe('history summary index', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(async () => {
    await stores.closeAll();
    t.cleanup();
  });

  const history = (): string => join(t.dir, 'history');
  const files = (ext: string): string[] => readdirSync(history()).filter((f) => f.endsWith(ext)).map((f) => join(history(), f));

  async function write(records: readonly RunRecord[]): Promise<void> {
    const w = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    await w.append(records);
    await w.close();
  }

  async function summaries(logger = recordingLogger()): Promise<RecordSummary[]> {
    const s = await stores.open({ dir: t.dir, logger, clock: manualClock() });
    try {
      return [...(await s.summariesOf(PROMPT))].sort(byId);
    } finally {
      await s.close();
    }
  }

  it('is written beside the segment on append and gives each record its summary', async () => {
    const recs = sample();
    await write(recs);
    assert.equal(files('.summary').length, 1);
    const got = await summaries();
    assert.deepEqual(got, recs.map(summarize).sort(byId));
    const [p1, f1, e1] = ['p1', 'f1', 'e1'].map((id) => got.find((s) => s.id === id)!);
    assert.equal(p1.preview, 'Hello, Ada! How are you?');
    assert.equal(f1.status, 'failed');
    assert.equal(f1.problem, 'contains: expected "bye"');
    assert.equal(e1.status, 'errored');
    assert.equal(got.find((s) => s.id === 'u1')!.preview.length, 160);
  });

  it('is what lists read: the full records are not parsed for a summary', async () => {
    await write(sample());
    // Rewrite p1's summary (with a valid checksum) and damage p1's record JSON: a list still shows the indexed summary,
    // which proves the index answered, while loading the full record notices the damage.
    const [idx] = files('.summary');
    const edited = readIndex(idx).map((l) => ('r' in l && l.r.id === 'p1' ? { ...l, r: { ...l.r, preview: 'from the index' } } : l));
    writeIndex(idx, edited);
    const [seg] = files('.jsonl');
    const text = readFileSync(seg, 'latin1');
    const at = text.indexOf('Hello,');
    writeFileSync(seg, `${text.slice(0, at)}J${text.slice(at + 1)}`, 'latin1');
    const logger = recordingLogger();
    assert.equal((await summaries(logger)).find((s) => s.id === 'p1')?.preview, 'from the index');
    const store = await stores.open({ dir: t.dir, logger, clock: manualClock() });
    assert.deepEqual((await store.recordsById(['p1', 'f1'])).map((r) => r.id), ['f1']);
    assert.match(logger.warnings.join('\n'), /record p1 was damaged after it was written/);
  });

  it('is rebuilt from the segment of a finished writer when missing, and lists stay right meanwhile', async () => {
    const recs = sample();
    await write(recs);
    const [seg] = files('.jsonl');
    for (const f of files('.summary')) rmSync(f);
    // As if an older PromptOps (no index) had written it and exited.
    const finished = seg.replace(/-\d+-([0-9a-f]+)\.jsonl$/, `-${DEAD_PID}-$1.jsonl`);
    renameSync(seg, finished);
    const logger = recordingLogger();
    assert.deepEqual(await summaries(logger), recs.map(summarize).sort(byId));
    assert.deepEqual(logger.warnings, []);
    assert.ok(existsSync(finished.replace(/\.jsonl$/, '.summary')), 'the index was rebuilt');
    assert.deepEqual(await summaries(), recs.map(summarize).sort(byId));
  });

  it('a damaged or lying index is ignored from the first bad line, with a warning; records stay right', async () => {
    const recs = sample();
    await write(recs);
    const [idx] = files('.summary');
    const good = readFileSync(idx, 'utf8').split('\n').filter(Boolean);

    writeFileSync(idx, `${good[0]}\n${good[1].replace('[', '[1')}\n${good.slice(2).join('\n')}\n`);
    let logger = recordingLogger();
    assert.deepEqual(await summaries(logger), recs.map(summarize).sort(byId));
    assert.match(logger.warnings.join('\n'), /summary index .* is damaged at byte \d+; reading the segment itself/);

    // Valid checksums, but the offsets of two lines swapped: the segment's bytes do not match.
    writeFileSync(idx, `${good.join('\n')}\n`);
    const parsed = readIndex(idx) as (SummaryLine & { r: RecordSummary })[];
    const swapped = [parsed[0], { ...parsed[2], at: parsed[1].at }, { ...parsed[1], at: parsed[1].at + parsed[2].len }, parsed[3]];
    writeIndex(idx, swapped);
    logger = recordingLogger();
    // A list is answered from the index (the run's first and last lines match the segment); loading the records
    // checks each line against the index, finds the swap, and reads the segment itself.
    const store = await stores.open({ dir: t.dir, logger, clock: manualClock() });
    assert.deepEqual([...(await store.summariesOf(PROMPT))].sort(byId), recs.map(summarize).sort(byId));
    assert.deepEqual([...(await store.recordsOf(PROMPT))].sort(byId), (JSON.parse(JSON.stringify(recs)) as RunRecord[]).sort(byId));
    assert.match(logger.warnings.join('\n'), /does not match its segment at byte \d+; reading the segment itself/);
    assert.deepEqual([...(await store.summariesOf(PROMPT))].sort(byId), recs.map(summarize).sort(byId));
    await store.close();
  });

  it('picks up what a live writer appends, from its index, on the next query', async () => {
    const writer = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const reader = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    await writer.append(record({ id: 'a1' }));
    assert.deepEqual((await reader.summariesOf(PROMPT)).map((s) => s.id), ['a1']);
    await writer.append([record({ id: 'a2' }), record({ id: 'a3', pass: false })]);
    assert.deepEqual((await reader.summariesOf(PROMPT)).map((s) => [s.id, s.status]), [['a1', 'passed'], ['a2', 'passed'], ['a3', 'failed']]);
    // The index lagging behind the segment (a crash between the two writes) only means reading the segment.
    const [idx] = files('.summary');
    appendFileSync(idx, '0000');
    await writer.append(record({ id: 'a4' }));
    assert.deepEqual((await reader.summariesOf(PROMPT)).map((s) => s.id), ['a1', 'a2', 'a3', 'a4']);
    await writer.close();
    await reader.close();
  });

  it('rejects index lines of the wrong shape as untrusted input', () => {
    const r = summarize(record({ id: 'x' }));
    const ok: SummaryLine = { at: 0, len: 100, tab: 20, sum: '0badf00d', r };
    const encode = (l: SummaryLine): Buffer => Buffer.from(new SummaryIndexWriter().line(l));
    const decode = (buf: Buffer): SummaryLine | undefined => new SummaryIndexReader().line(buf, 0, buf.length - 1);
    assert.deepEqual(decode(encode(ok)), ok);
    assert.deepEqual(decode(encode({ at: 5, len: 3, bad: true })), { at: 5, len: 3, bad: true });
    // Fields shared with the line before are written once and read back.
    const w = new SummaryIndexWriter();
    const two = Buffer.from(w.line(ok) + w.line({ ...ok, at: 100, r: { ...r, id: 'y' } }));
    assert.ok(two.length < encode(ok).length * 2 - 100, 'the second line refers to the first');
    const reader = new SummaryIndexReader();
    const nl = two.indexOf(10);
    assert.deepEqual(reader.line(two, 0, nl), ok);
    assert.deepEqual(reader.line(two, nl + 1, two.length - 1), { ...ok, at: 100, r: { ...r, id: 'y' } });
    assert.equal(new SummaryIndexReader().line(two, nl + 1, two.length - 1), undefined, '"as above" with nothing above is damage');
    const withBody = (mutate: (a: unknown[]) => void): Buffer => {
      const line = encode(ok).toString('utf8');
      const arr = JSON.parse(line.slice(9)) as unknown[];
      mutate(arr);
      const body = JSON.stringify(arr);
      return Buffer.from(checksummed(body));
    };
    for (const [what, mutate] of [
      ['negative offset', (a: unknown[]) => (a[0] = -1)],
      ['empty line', (a: unknown[]) => (a[1] = 0)],
      ['tab past the end', (a: unknown[]) => (a[2] = 200)],
      ['checksum not hex', (a: unknown[]) => (a[3] = 'zzzzzzzz')],
      ['unknown status', (a: unknown[]) => (a[4 + 14] = 'great')],
      ['score as text', (a: unknown[]) => (a[4 + 15] = '1')],
      ['long preview', (a: unknown[]) => (a[4 + 22] = 'x'.repeat(161))],
      ['commit as number', (a: unknown[]) => (a[4 + 20] = 1)],
      ['missing id', (a: unknown[]) => (a[4] = null)],
      ['too few fields', (a: unknown[]) => a.pop()],
    ] as const) assert.equal(decode(withBody(mutate)), undefined, what);
    const buf = encode(ok);
    buf[20] ^= 1;
    assert.equal(decode(buf), undefined, 'a flipped byte fails the checksum');
  });
});

function checksummed(body: string): string {
  return `${crc32(Buffer.from(body, 'utf8')).toString(16).padStart(8, '0')} ${body}\n`;
}

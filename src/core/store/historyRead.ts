// Reading one history segment into the in-memory index, from where the last read stopped. Where the segment's summary
// index covers the new bytes, the entries come from the index alone and the segment is not read: the index is
// trusted for a run of lines only when the segment's size holds them and the first and last lines of the run, read
// from the segment, are the lines the index describes (the checksum written with the line, tab and newline in place).
// Every other line a query returns is checked the same way, and its checksum verified, when its bytes are read
// (`HistoryLog.load`); a disagreement there makes the history read that segment itself. Where
// the index is missing, behind, damaged or disagrees, the segment itself is read and parsed, which stays the source
// of truth.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../io';
import { isProcessAlive } from './compact';
import { describeError, isMissing, writeAtomic } from './files';
import { decodeLine, entryFromSummary, segmentPid, type IndexEntry } from './segmentLine';
import { matchesSegment, SummaryIndexReader, SummaryIndexWriter, summaryIndexName, type SummaryLine } from './summaryIndex';
import type { RecordSummary } from './types';

const NEWLINE = 0x0a;

/** How far one segment and its summary index have been read. */
export interface SegmentState {
  /** Bytes consumed: everything up to the last complete line. */
  offset: number;
  /** File size and inode at the last read (a different inode means the file was replaced). */
  seenSize: number;
  readonly ino: number;
  lines: number;
  warnedTail: boolean;
  /** Bytes of the summary index consumed; -1 once it proved wrong, after which the segment alone is read. */
  indexOffset: number;
  /** Segment offset the next summary line must describe: the index covers the segment without gaps. */
  indexNext: number;
  readonly indexReader: SummaryIndexReader;
}

/** What reading a segment needs from the history that holds it. */
export interface ReadContext {
  readonly dir: string;
  readonly logger: Logger;
  /** This writer's own segment (its incomplete tail is a write in progress, not damage). */
  readonly ownName: string | undefined;
  /** Segments whose summary index disagreed with them when a record was loaded: read from the segment itself. */
  readonly distrusted: ReadonlySet<string>;
  add(entry: IndexEntry): void;
  /** Counts bytes indexed and damaged lines skipped. */
  counted(bytes: number, damaged: number): void;
  /** An entry's summary (computed from the record when the index did not give one). */
  summaryOf(e: IndexEntry): RecordSummary | undefined;
}

/** One line of a segment read from its start, kept to rebuild a missing or damaged summary index. */
interface ReadLine {
  readonly at: number;
  readonly len: number;
  readonly entry?: IndexEntry;
}

interface Damage {
  bad: number;
  first: number;
}

/** Reads what a segment gained since `known`; 'reset' when the file shrank or was replaced (read everything again). */
export async function readSegment(ctx: ReadContext, name: string, known: SegmentState | undefined): Promise<SegmentState | 'reset' | undefined> {
  const path = join(ctx.dir, name);
  if (known) {
    // A stat is far cheaper than open+read, and most segments (finished writers) never change again.
    const st = await fs.stat(path).catch(() => undefined);
    if (st && st.size === known.seenSize && st.ino === known.ino) return known;
  }
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (e) {
    if (!isMissing(e)) ctx.logger.warn(`Run history segment ${path} could not be opened: ${describeError(e)}`);
    return known;
  }
  try {
    const { size, ino } = await handle.stat();
    if (known && (size < known.offset || ino !== known.ino)) {
      // Only damage or a hand edit shrinks or replaces an append-only file: no record may be served from old offsets.
      ctx.logger.warn(`Run history segment ${path} ${size < known.offset ? 'shrank' : 'was replaced'}; reloading the whole history.`);
      return 'reset';
    }
    const state: SegmentState = known ?? { offset: 0, seenSize: 0, ino, lines: 0, warnedTail: false, indexOffset: 0, indexNext: 0, indexReader: new SummaryIndexReader() };
    state.seenSize = size;
    if (size === state.offset) return state;
    // Lines of a segment read from its start are kept when its index needs rebuilding (see below).
    const lines: ReadLine[] | undefined = state.offset === 0 && mayRebuild(ctx, name) ? [] : undefined;
    const damage: Damage = { bad: 0, first: 0 };
    if (ctx.distrusted.has(name)) state.indexOffset = -1;
    if (state.indexOffset >= 0) await applyIndex(ctx, name, state, handle, size, damage, lines);
    if (size > state.offset) {
      let chunk = Buffer.alloc(size - state.offset);
      chunk = chunk.subarray(0, (await handle.read(chunk, 0, chunk.length, state.offset)).bytesRead);
      consume(ctx, name, state, chunk, damage, lines);
    }
    if (damage.bad > 0) {
      ctx.counted(0, damage.bad);
      ctx.logger.warn(`Run history ${path}: skipped ${damage.bad} damaged line(s), first at line ${damage.first}; the other records are intact.`);
    }
    // A finished segment the index does not (fully) cover gets a new index, so the next reader need not parse it.
    if (lines && lines.length > 0 && (state.indexOffset < 0 || state.indexNext < state.offset)) await rebuildIndex(ctx, name, lines);
    return state;
  } catch (e) {
    ctx.logger.warn(`Run history segment ${path} could not be read: ${describeError(e)}`);
    return known;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Indexes the lines the summary index vouches for, from `state.offset` on, without reading the segment's records. */
async function applyIndex(ctx: ReadContext, name: string, state: SegmentState, segment: fs.FileHandle, size: number, damage: Damage, lines: ReadLine[] | undefined): Promise<void> {
  const path = join(ctx.dir, summaryIndexName(name));
  let data: Buffer;
  try {
    const h = await fs.open(path, 'r');
    try {
      const st = await h.stat();
      data = Buffer.alloc(Math.max(0, st.size - state.indexOffset));
      data = data.subarray(0, (await h.read(data, 0, data.length, state.indexOffset)).bytesRead);
    } finally {
      await h.close().catch(() => undefined);
    }
  } catch (e) {
    if (!isMissing(e)) ctx.logger.warn(`Run history summary index ${path} could not be read: ${describeError(e)}`);
    return;
  }
  const base = state.offset;
  const run: SummaryLine[] = [];
  let start = 0;
  for (let nl = data.indexOf(NEWLINE, start); nl >= 0; nl = data.indexOf(NEWLINE, start)) {
    const l = state.indexReader.line(data, start, nl);
    if (!l || l.at !== state.indexNext || (l.at < base && l.at + l.len > base)) {
      ctx.logger.warn(`Run history summary index ${path} is damaged at byte ${state.indexOffset}; reading the segment itself from there.`);
      state.indexOffset = -1;
      break;
    }
    if (l.at + l.len > size) break; // not in the segment yet (or the segment lost it: the segment read says so)
    // Lines at or before `base` were read from the segment while the index lagged behind it.
    if (l.at + l.len > base) run.push(l);
    state.indexNext = l.at + l.len;
    state.indexOffset += nl + 1 - start;
    start = nl + 1;
  }
  if (run.length === 0) return;
  if (!(await runMatches(segment, run[0], run[run.length - 1]))) {
    ctx.logger.warn(`Run history summary index ${path} does not match its segment at byte ${run[0].at}; reading the segment itself from there.`);
    state.indexOffset = -1;
    return;
  }
  const file = join(ctx.dir, name);
  for (const l of run) {
    state.lines++;
    if ('bad' in l) {
      damage.bad++;
      damage.first ||= state.lines;
      lines?.push({ at: l.at, len: l.len });
    } else {
      const entry = entryFromSummary(l, file);
      ctx.add(entry);
      lines?.push({ at: l.at, len: l.len, entry });
    }
  }
  const last = run[run.length - 1];
  ctx.counted(last.at + last.len - base, 0);
  state.offset = last.at + last.len;
}

/** True when the first and last lines of a run of summary lines are, byte for byte, the segment's lines there. */
async function runMatches(segment: fs.FileHandle, first: SummaryLine, last: SummaryLine): Promise<boolean> {
  for (const l of first === last ? [first] : [first, last]) {
    const buf = Buffer.alloc(l.len);
    if ((await segment.read(buf, 0, l.len, l.at)).bytesRead !== l.len || !matchesSegment(l, buf, 0)) return false;
  }
  return true;
}

function consume(ctx: ReadContext, name: string, state: SegmentState, chunk: Buffer, damage: Damage, lines: ReadLine[] | undefined): void {
  const file = join(ctx.dir, name);
  let start = 0;
  for (let nl = chunk.indexOf(NEWLINE, start); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
    state.lines++;
    const entry = decodeLine(chunk, start, nl, file, state.offset);
    if (entry) ctx.add(entry);
    else if (nl > start) {
      damage.bad++;
      damage.first ||= state.lines;
    }
    lines?.push({ at: state.offset + start, len: nl + 1 - start, ...(entry ? { entry } : {}) });
    start = nl + 1;
  }
  state.offset += start;
  ctx.counted(start, 0);
  if (start < chunk.length && !state.warnedTail && name !== ctx.ownName) {
    // Either a write in progress (it completes by the next refresh) or one cut short by a crash.
    state.warnedTail = true;
    ctx.logger.warn(`Run history ${file}: ignoring an incomplete last line (an interrupted write).`);
  }
}

/** A reader rebuilds the index of a finished writer's segment only: a live writer appends to its own. */
function mayRebuild(ctx: ReadContext, name: string): boolean {
  const pid = segmentPid(name);
  return name !== ctx.ownName && pid !== undefined && pid !== process.pid && !isProcessAlive(pid);
}

/** Writes a segment's summary index from its lines (all of them, duplicates and damaged ones included). */
async function rebuildIndex(ctx: ReadContext, name: string, lines: readonly ReadLine[]): Promise<void> {
  const out: string[] = [];
  const encoder = new SummaryIndexWriter();
  for (const l of lines) {
    const e = l.entry;
    const summary = e ? ctx.summaryOf(e) : undefined;
    if (!e || !summary) {
      out.push(encoder.line({ at: l.at, len: l.len, bad: true }));
      continue;
    }
    out.push(encoder.line({ at: l.at, len: l.len, tab: e.tab, sum: e.sum, r: summary }));
  }
  const path = join(ctx.dir, summaryIndexName(name));
  try {
    await writeAtomic(path, out.join(''));
  } catch (e) {
    ctx.logger.warn(`Run history summary index ${path} could not be rebuilt: ${describeError(e)}`);
  }
}

// Run history: append-only JSONL segments, one per writer (process × store instance), so two writers never share a
// file. Each line is `<checksum> <meta json>\t<record json>`: the checksum covers both, so a line cut short by a crash,
// or damaged later, is skipped with a warning while the rest stays readable. Beside each segment the writer keeps a
// summary index (summaryIndex.ts): a list of outcomes is built from it without parsing a single full record, and the
// record's bytes are kept and parsed only when a query returns the record. Readers keep a per-segment byte offset and
// read only what was appended since the last refresh.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Logger } from '../io';
import { describeError, isMissing, writeAtomic } from './files';
import { compactSegments, isProcessAlive, type CompactResult } from './compact';
import { decodeLine, entryFromSummary, parseRecord, segmentPid, verifyEntry, type IndexEntry } from './segmentLine';
import { SegmentWriter } from './segmentWriter';
import { summarize } from './summary';
import { matchesSegment, SummaryIndexReader, SummaryIndexWriter, summaryIndexName } from './summaryIndex';
import type { RecordSummary, RunRecord } from './types';

const NEWLINE = 0x0a;


interface SegmentState {
  /** Bytes consumed: everything up to the last complete line. */
  offset: number;
  /** File size at the last read, including an incomplete last line. */
  seenSize: number;
  lines: number;
  warnedTail: boolean;
  /** Bytes of the summary index consumed; -1 once it proved wrong, after which the segment alone is read. */
  indexOffset: number;
  /** Segment offset the next summary line must describe: the index covers the segment without gaps. */
  indexNext: number;
  readonly indexReader: SummaryIndexReader;
}

/** One line of a segment read from its start, kept to rebuild a missing or damaged summary index. */
interface ReadLine {
  readonly at: number;
  readonly len: number;
  readonly entry?: IndexEntry;
}

/** The append-only run history and its in-memory index. */
export class HistoryLog {
  private readonly segments = new Map<string, SegmentState>();
  private readonly ids = new Map<string, IndexEntry>();
  private readonly byPrompt = new Map<string, IndexEntry[]>();
  private readonly parsed = new WeakMap<IndexEntry, RunRecord>();
  private count = 0;
  private cached = 0;
  private damaged = 0;
  private bytes = 0;
  private readonly writer: SegmentWriter;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {
    this.writer = new SegmentWriter(dir, logger, clock);
  }

  /** Appends records as whole lines to this writer's own segment; one write per call. */
  append(records: readonly RunRecord[]): Promise<void> {
    const run = this.queue.then(() => this.writer.write(records));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Merges the segments of writers that have exited into one file, when there are at least `minSegments`. */
  async compact(minSegments = 2): Promise<CompactResult> {
    await this.queue;
    const result = await compactSegments(this.dir, this.writer.name, minSegments, this.clock.now(), this.logger);
    await this.refresh();
    return result;
  }

  /** Waits for pending appends and closes this writer's segment. */
  async close(): Promise<void> {
    await this.queue;
    await this.writer.close();
  }

  /** Reads whatever every segment gained since the last refresh. */
  async refresh(): Promise<void> {
    let names: string[];
    try {
      names = (await fs.readdir(this.dir)).filter((n) => segmentPid(n) !== undefined).sort();
    } catch (e) {
      if (!isMissing(e)) this.logger.warn(`Run history folder ${this.dir} could not be read: ${describeError(e)}`);
      return;
    }
    // Segments merged away by a compaction: their records stay indexed (the merged file repeats them by id).
    const present = new Set(names);
    for (const name of [...this.segments.keys()]) if (!present.has(name)) this.segments.delete(name);
    // (Their entries keep the bytes read from them, so records of a merged-away segment stay loadable.)
    for (const name of names) {
      if (await this.readSegment(name)) return this.refresh();
    }
  }

  /** Returns true when the index had to be reset (a segment shrank), so the caller reads everything again. */
  private async readSegment(name: string): Promise<boolean> {
    const path = join(this.dir, name);
    const known = this.segments.get(name);
    if (known) {
      // A stat is far cheaper than open+read, and most segments (finished writers) never change again.
      const st = await fs.stat(path).catch(() => undefined);
      if (st && st.size === known.seenSize) return false;
    }
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(path, 'r');
    } catch (e) {
      if (!isMissing(e)) this.logger.warn(`Run history segment ${path} could not be opened: ${describeError(e)}`);
      return false;
    }
    let chunk: Buffer | undefined;
    const state = known ?? { offset: 0, seenSize: 0, lines: 0, warnedTail: false, indexOffset: 0, indexNext: 0, indexReader: new SummaryIndexReader() };
    try {
      const { size } = await handle.stat();
      if (known && size < known.offset) {
        // Only damage shrinks an append-only file: start over so no record is served from stale offsets.
        this.logger.warn(`Run history segment ${path} shrank; reloading the whole history.`);
        this.reset();
        return true;
      }
      this.segments.set(name, state);
      state.seenSize = size;
      if (size === state.offset) return false;
      chunk = Buffer.alloc(size - state.offset);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, state.offset);
      chunk = chunk.subarray(0, bytesRead);
    } catch (e) {
      this.logger.warn(`Run history segment ${path} could not be read: ${describeError(e)}`);
    } finally {
      await handle.close().catch(() => undefined);
    }
    if (!chunk) return false;
    // Lines of a segment read from its start are kept when its index needs rebuilding (see below).
    const lines: ReadLine[] | undefined = state.offset === 0 && this.mayRebuild(name) ? [] : undefined;
    const damage = { bad: 0, first: 0 };
    const from = state.indexOffset >= 0 ? await this.applyIndex(name, state, chunk, damage, lines) : 0;
    this.consume(path, state, chunk, from, damage, lines);
    // A finished segment the index does not (fully) cover gets a new index, so the next reader need not parse it.
    if (lines && lines.length > 0 && (state.indexOffset < 0 || state.indexNext < state.offset)) await this.rebuildIndex(name, lines);
    return false;
  }

  /** Indexes the lines of `chunk` the summary index vouches for; returns where in `chunk` it stopped. */
  private async applyIndex(name: string, state: SegmentState, chunk: Buffer, damage: { bad: number; first: number }, lines: ReadLine[] | undefined): Promise<number> {
    const path = join(this.dir, summaryIndexName(name));
    let data: Buffer;
    try {
      const h = await fs.open(path, 'r');
      try {
        const { size } = await h.stat();
        data = Buffer.alloc(Math.max(0, size - state.indexOffset));
        data = data.subarray(0, (await h.read(data, 0, data.length, state.indexOffset)).bytesRead);
      } finally {
        await h.close().catch(() => undefined);
      }
    } catch (e) {
      if (!isMissing(e)) this.logger.warn(`Run history summary index ${path} could not be read: ${describeError(e)}`);
      return 0;
    }
    const base = state.offset;
    let cursor = 0;
    let start = 0;
    for (let nl = data.indexOf(NEWLINE, start); nl >= 0; nl = data.indexOf(NEWLINE, start)) {
      const l = state.indexReader.line(data, start, nl);
      if (!l || l.at !== state.indexNext || (l.at < base && l.at + l.len > base)) {
        this.logger.warn(`Run history summary index ${path} is damaged at byte ${state.indexOffset + start}; reading the segment itself from there.`);
        state.indexOffset = -1;
        return cursor;
      }
      if (l.at + l.len <= base) {
        // Already read from the segment while the index lagged behind it.
      } else if (l.at + l.len > base + chunk.length) {
        break; // not in the segment yet (or the segment lost it: then the segment read below says so)
      } else if (!matchesSegment(l, chunk, l.at - base)) {
        this.logger.warn(`Run history summary index ${path} does not match its segment at byte ${l.at}; reading the segment itself from there.`);
        state.indexOffset = -1;
        return cursor;
      } else {
        state.lines++;
        const rel = l.at - base;
        if ('bad' in l) {
          damage.bad++;
          damage.first ||= state.lines;
          lines?.push({ at: l.at, len: l.len });
        } else {
          const entry = entryFromSummary(l, chunk, rel);
          this.add(entry);
          lines?.push({ at: l.at, len: l.len, entry });
        }
        cursor = rel + l.len;
      }
      state.indexNext = l.at + l.len;
      state.indexOffset += nl + 1 - start;
      start = nl + 1;
    }
    return cursor;
  }

  private consume(path: string, state: SegmentState, chunk: Buffer, from: number, damage: { bad: number; first: number }, lines: ReadLine[] | undefined): void {
    let start = from;
    for (let nl = chunk.indexOf(NEWLINE, start); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
      state.lines++;
      const entry = decodeLine(chunk, start, nl);
      if (entry) this.add(entry);
      else if (nl > start) {
        damage.bad++;
        damage.first ||= state.lines;
      }
      lines?.push({ at: state.offset + start, len: nl + 1 - start, ...(entry ? { entry } : {}) });
      start = nl + 1;
    }
    state.offset += start;
    this.bytes += start;
    if (damage.bad > 0) {
      this.damaged += damage.bad;
      this.logger.warn(`Run history ${path}: skipped ${damage.bad} damaged line(s), first at line ${damage.first}; the other records are intact.`);
    }
    if (start < chunk.length && !state.warnedTail && path !== this.ownPath()) {
      // Either a write in progress (it completes by the next refresh) or one cut short by a crash.
      state.warnedTail = true;
      this.logger.warn(`Run history ${path}: ignoring an incomplete last line (an interrupted write).`);
    }
  }

  /** A reader rebuilds the index of a finished writer's segment only: a live writer appends to its own. */
  private mayRebuild(name: string): boolean {
    const pid = segmentPid(name);
    return name !== this.writer.name && pid !== undefined && pid !== process.pid && !isProcessAlive(pid);
  }

  /** Writes a segment's summary index from its lines (all of them, duplicates and damaged ones included). */
  private async rebuildIndex(name: string, lines: readonly ReadLine[]): Promise<void> {
    const out: string[] = [];
    const encoder = new SummaryIndexWriter();
    for (const l of lines) {
      const e = l.entry;
      const summary = e ? this.summaryOf(e) : undefined;
      if (!e || !summary) {
        out.push(encoder.line({ at: l.at, len: l.len, bad: true }));
        continue;
      }
      out.push(encoder.line({ at: l.at, len: l.len, tab: e.at - 1 - e.line, sum: e.src.toString('latin1', e.line, e.line + 8), r: summary }));
    }
    const path = join(this.dir, summaryIndexName(name));
    try {
      await writeAtomic(path, out.join(''));
    } catch (e) {
      this.logger.warn(`Run history summary index ${path} could not be rebuilt: ${describeError(e)}`);
    }
  }

  private ownPath(): string | undefined {
    return this.writer.name ? join(this.dir, this.writer.name) : undefined;
  }

  private add(record: IndexEntry): void {
    if (this.ids.has(record.id)) return;
    this.ids.set(record.id, record);
    let list = this.byPrompt.get(record.promptPath);
    if (!list) this.byPrompt.set(record.promptPath, (list = []));
    list.push(record);
    this.count++;
    if (record.cached) this.cached++;
  }

  private reset(): void {
    this.segments.clear();
    this.ids.clear();
    this.byPrompt.clear();
    this.count = this.cached = this.damaged = this.bytes = 0;
  }

  /** The index entries of these record ids that exist, in the same order. */
  entriesById(ids: Iterable<string>): IndexEntry[] {
    const out: IndexEntry[] = [];
    for (const id of ids) {
      const e = this.ids.get(id);
      if (e) out.push(e);
    }
    return out;
  }

  /** Index entries of one prompt in the order they were read (not sorted). */
  entriesOf(promptPath: string): readonly IndexEntry[] {
    return this.byPrompt.get(promptPath) ?? [];
  }

  /** The summaries of index entries, in the same order; an entry whose record no longer parses is left out. */
  summaries(entries: readonly IndexEntry[]): RecordSummary[] {
    const out: RecordSummary[] = [];
    for (const e of entries) {
      const s = this.summaryOf(e);
      if (s) out.push(s);
    }
    return out;
  }

  /** An entry's summary: from the summary index, or computed once from the record (not kept, only its summary). */
  private summaryOf(e: IndexEntry): RecordSummary | undefined {
    if (!e.summary) {
      const r = this.parsed.get(e) ?? this.parse(e);
      if (r) e.summary = summarize(r);
    }
    return e.summary;
  }

  private parse(e: IndexEntry): RunRecord | undefined {
    if (!verifyEntry(e)) {
      this.logger.warn(`Run history record ${e.id} was damaged after it was written; skipping it.`);
      return undefined;
    }
    const r = parseRecord(e.src.toString('utf8', e.at, e.end), e.id);
    if (!r) this.logger.warn(`Run history record ${e.id} does not parse although its checksum matched; skipping it.`);
    return r;
  }

  /** The full records of index entries, in the same order; an entry whose record no longer parses is left out. */
  load(entries: readonly IndexEntry[]): RunRecord[] {
    const out: RunRecord[] = [];
    for (const e of entries) {
      let r = this.parsed.get(e);
      if (!r) {
        r = this.parse(e);
        if (!r) continue;
        this.parsed.set(e, r);
      }
      out.push(r);
    }
    return out;
  }

  /** Every prompt path with records. */
  prompts(): string[] {
    return [...this.byPrompt.keys()];
  }

  stats(): { records: number; segments: number; bytes: number; prompts: number; cachedRecords: number; damagedLines: number } {
    return { records: this.count, segments: this.segments.size, bytes: this.bytes, prompts: this.byPrompt.size, cachedRecords: this.cached, damagedLines: this.damaged };
  }
}

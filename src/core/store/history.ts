// Run history: append-only JSONL segments, one per writer (process × store instance), so two writers never share a
// file. Each line is `<checksum> <meta json>\t<record json>`: the checksum covers both, so a line cut short by a crash,
// or damaged later, is skipped with a warning while the rest stays readable. Loading parses only the small meta
// (what queries need) and keeps the record's bytes, parsed when a query returns it: 10,000 full records cost far
// more to parse and collect than a view needs. Readers keep a per-segment byte offset and read only what was
// appended since the last refresh.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Logger } from '../io';
import { describeError, isMissing } from './files';
import { compactSegments, type CompactResult } from './compact';
import { decodeLine, encodeLine, newSegmentName, parseRecord, segmentPid, type IndexEntry } from './segmentLine';
import type { RunRecord } from './types';

const NEWLINE = 0x0a;


interface SegmentState {
  /** Bytes consumed: everything up to the last complete line. */
  offset: number;
  /** File size at the last read, including an incomplete last line. */
  seenSize: number;
  lines: number;
  warnedTail: boolean;
}

/** The append-only run history and its in-memory index. */
export class HistoryLog {
  private readonly segments = new Map<string, SegmentState>();
  private readonly ids = new Set<string>();
  private readonly byPrompt = new Map<string, IndexEntry[]>();
  private readonly parsed = new WeakMap<IndexEntry, RunRecord>();
  private count = 0;
  private cached = 0;
  private damaged = 0;
  private bytes = 0;
  private writer: fs.FileHandle | undefined;
  private writerName: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  /** Appends records as whole lines to this writer's own segment; one write per call. */
  append(records: readonly RunRecord[]): Promise<void> {
    const run = this.queue.then(() => this.write(records));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(records: readonly RunRecord[]): Promise<void> {
    if (records.length === 0) return;
    const data = Buffer.from(records.map(encodeLine).join(''), 'utf8');
    if (!this.writer) {
      await fs.mkdir(this.dir, { recursive: true });
      this.writerName = newSegmentName(this.clock.now());
      this.writer = await fs.open(join(this.dir, this.writerName), 'a');
    }
    try {
      await this.writer.appendFile(data);
    } catch (e) {
      // A failed write may have left part of a line; later lines go to a fresh segment so none is glued onto it.
      await this.closeWriter();
      throw new Error(`Could not append to the run history in ${this.dir}: ${describeError(e)}`);
    }
  }

  /** Merges the segments of writers that have exited into one file, when there are at least `minSegments`. */
  async compact(minSegments = 2): Promise<CompactResult> {
    await this.queue;
    const result = await compactSegments(this.dir, this.writerName, minSegments, this.clock.now(), this.logger);
    await this.refresh();
    return result;
  }

  /** Waits for pending appends and closes this writer's segment. */
  async close(): Promise<void> {
    await this.queue;
    await this.closeWriter();
  }

  private async closeWriter(): Promise<void> {
    const w = this.writer;
    this.writer = undefined;
    this.writerName = undefined;
    await w?.close().catch(() => undefined);
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
    try {
      const { size } = await handle.stat();
      if (known && size < known.offset) {
        // Only damage shrinks an append-only file: start over so no record is served from stale offsets.
        this.logger.warn(`Run history segment ${path} shrank; reloading the whole history.`);
        this.reset();
        return true;
      }
      const state = known ?? { offset: 0, seenSize: 0, lines: 0, warnedTail: false };
      this.segments.set(name, state);
      state.seenSize = size;
      if (size === state.offset) return false;
      const chunk = Buffer.alloc(size - state.offset);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, state.offset);
      this.consume(path, state, chunk.subarray(0, bytesRead));
    } catch (e) {
      this.logger.warn(`Run history segment ${path} could not be read: ${describeError(e)}`);
    } finally {
      await handle.close().catch(() => undefined);
    }
    return false;
  }

  private consume(path: string, state: SegmentState, chunk: Buffer): void {
    let start = 0;
    let bad = 0;
    let firstBad = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
      state.lines++;
      const entry = decodeLine(chunk, start, nl);
      if (entry) this.add(entry);
      else if (nl > start) {
        bad++;
        firstBad ||= state.lines;
      }
      start = nl + 1;
    }
    state.offset += start;
    this.bytes += start;
    if (bad > 0) {
      this.damaged += bad;
      this.logger.warn(`Run history ${path}: skipped ${bad} damaged line(s), first at line ${firstBad}; the other records are intact.`);
    }
    if (start < chunk.length && !state.warnedTail && path !== this.ownPath()) {
      // Either a write in progress (it completes by the next refresh) or one cut short by a crash.
      state.warnedTail = true;
      this.logger.warn(`Run history ${path}: ignoring an incomplete last line (an interrupted write).`);
    }
  }

  private ownPath(): string | undefined {
    return this.writerName ? join(this.dir, this.writerName) : undefined;
  }

  private add(record: IndexEntry): void {
    if (this.ids.has(record.id)) return;
    this.ids.add(record.id);
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

  /** Index entries of one prompt in the order they were read (not sorted). */
  entriesOf(promptPath: string): readonly IndexEntry[] {
    return this.byPrompt.get(promptPath) ?? [];
  }

  /** The full records of index entries, in the same order; an entry whose record no longer parses is left out. */
  load(entries: readonly IndexEntry[]): RunRecord[] {
    const out: RunRecord[] = [];
    for (const e of entries) {
      let r = this.parsed.get(e);
      if (!r) {
        r = parseRecord(e.src.toString('utf8', e.at, e.end), e.id);
        if (!r) {
          this.logger.warn(`Run history record ${e.id} does not parse although its checksum matched; skipping it.`);
          continue;
        }
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

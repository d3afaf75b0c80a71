// Run history: append-only JSONL segments, one per writer (process × store instance), so two writers never share a
// file. Each line is `<checksum> <meta json>\t<record json>`: the checksum covers both, so a line cut short by a crash,
// or damaged later, is skipped with a warning while the rest stays readable. Beside each segment the writer keeps a
// summary index (summaryIndex.ts): the history opens from the indexes alone (historyRead.ts), and a record's bytes are
// read, checked and parsed only when a query returns the record. Readers keep a per-segment byte offset and read only
// what was appended since the last refresh.
import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import type { Clock, Logger } from '../io';
import { describeError, isMissing, makeFolder, type MakeFolder } from './files';
import { compactSegments, type CompactResult } from './compact';
import { readSegment, type ReadContext, type SegmentState } from './historyRead';
import { bindEntry, parseRecord, recordBounds, segmentPid, verifyEntry, type IndexEntry } from './segmentLine';
import { SegmentWriter } from './segmentWriter';
import { summarize } from './summary';
import type { RecordSummary, RunRecord } from './types';

// Records of one segment closer together than this are read with one read when loaded.
const READ_GAP = 64 * 1024;
const READ_MAX = 8 * 1024 * 1024;

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
  /** Set when a segment changed under the index (merged away, or its index disagreed): the next refresh reloads. */
  private stale = false;
  private readonly distrusted = new Set<string>();
  private readonly ctx: ReadContext;

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
    onGone: () => Promise<void> = () => Promise.resolve(),
    make: MakeFolder = makeFolder,
  ) {
    this.writer = new SegmentWriter(dir, logger, clock, () => {
      // What the index holds may be gone with the folder: the next query reads what is there now.
      this.stale = true;
      return onGone();
    }, make);
    const writer = this.writer;
    this.ctx = {
      dir,
      logger,
      get ownName() {
        return writer.name;
      },
      distrusted: this.distrusted,
      add: (e) => this.add(e),
      counted: (bytes, damaged) => {
        this.bytes += bytes;
        this.damaged += damaged;
      },
      summaryOf: (e) => this.summaryOf(e),
    };
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
    // Only an index already read has files to drop; one never read (`promptops test` opening its store) stays unread,
    // since every query refreshes first. Reading it here made each run pay for the whole history whenever 32 segments
    // were too recent to merge.
    if (result.merged > 0 && this.segments.size > 0) await this.refresh();
    return result;
  }

  /** Waits for pending appends and closes this writer's segment. */
  async close(): Promise<void> {
    await this.queue;
    await this.writer.close();
  }

  /** Reads whatever every segment gained since the last refresh. */
  async refresh(): Promise<void> {
    if (this.stale) {
      this.stale = false;
      this.reset();
    }
    let names: string[];
    try {
      names = (await fs.readdir(this.dir)).filter((n) => segmentPid(n) !== undefined).sort();
    } catch (e) {
      if (!isMissing(e)) this.logger.warn(`Run history folder ${this.dir} could not be read: ${describeError(e)}`);
      return;
    }
    // A segment merged away by a compaction: its records are in the merged file, and entries not yet loaded point
    // into the file that is gone, so the index is read again.
    const present = new Set(names);
    if ([...this.segments.keys()].some((name) => !present.has(name))) this.reset();
    for (const name of names) {
      const state = await readSegment(this.ctx, name, this.segments.get(name));
      if (state === 'reset') {
        this.reset();
        return this.refresh();
      }
      if (state) this.segments.set(name, state);
    }
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
    this.stale = false;
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
    if (e.src === undefined) return undefined;
    if (!verifyEntry(e)) {
      this.logger.warn(`Run history record ${e.id} was damaged after it was written; skipping it.`);
      return undefined;
    }
    const { start, end } = recordBounds(e);
    const r = parseRecord(e.src.toString('utf8', start, end), e.id);
    if (!r) this.logger.warn(`Run history record ${e.id} does not parse although its checksum matched; skipping it.`);
    return r;
  }

  /** The full records of index entries, in the same order; an entry whose record no longer parses is left out. */
  async load(entries: readonly IndexEntry[]): Promise<RunRecord[]> {
    if (!(await this.readBytes(entries))) {
      // A segment was merged away or disagreed with its index: read the history again and find the records by id.
      await this.refresh();
      entries = this.entriesById(entries.map((e) => e.id));
      await this.readBytes(entries);
    }
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

  /** Reads the lines of entries that have no bytes yet, nearby lines of a segment in one read; false when stale. */
  private async readBytes(entries: readonly IndexEntry[]): Promise<boolean> {
    const byFile = new Map<string, IndexEntry[]>();
    for (const e of entries) {
      if (e.src !== undefined || this.parsed.has(e)) continue;
      let list = byFile.get(e.file);
      if (!list) byFile.set(e.file, (list = []));
      list.push(e);
    }
    let fresh = true;
    for (const [file, list] of byFile) {
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(file, 'r');
      } catch (e) {
        if (!isMissing(e)) this.logger.warn(`Run history segment ${file} could not be opened: ${describeError(e)}`);
        this.stale = true;
        fresh = false;
        continue;
      }
      try {
        list.sort((a, b) => a.pos - b.pos);
        for (let i = 0; i < list.length; ) {
          let j = i + 1;
          while (j < list.length && list[j].pos - (list[j - 1].pos + list[j - 1].len) <= READ_GAP && list[j].pos + list[j].len - list[i].pos <= READ_MAX) j++;
          const from = list[i].pos;
          const buf = Buffer.alloc(list[j - 1].pos + list[j - 1].len - from);
          const got = buf.subarray(0, (await handle.read(buf, 0, buf.length, from)).bytesRead);
          for (let k = i; k < j; k++) {
            if (bindEntry(list[k], got, list[k].pos - from)) continue;
            this.logger.warn(`Run history summary index of ${file} does not match its segment at byte ${list[k].pos}; reading the segment itself.`);
            this.distrusted.add(basename(file));
            this.stale = true;
            fresh = false;
            break;
          }
          i = j;
        }
      } catch (e) {
        this.logger.warn(`Run history segment ${file} could not be read: ${describeError(e)}`);
      } finally {
        await handle.close().catch(() => undefined);
      }
    }
    return fresh;
  }

  /** Every prompt path with records. */
  prompts(): string[] {
    return [...this.byPrompt.keys()];
  }

  stats(): { records: number; segments: number; bytes: number; prompts: number; cachedRecords: number; damagedLines: number } {
    return { records: this.count, segments: this.segments.size, bytes: this.bytes, prompts: this.byPrompt.size, cachedRecords: this.cached, damagedLines: this.damaged };
  }
}

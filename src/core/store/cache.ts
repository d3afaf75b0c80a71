// The response cache: append-only segment files under `cache/`, one per writer (process × store), so two writers
// never share a file. Each line carries a checksum (see cacheLine.ts): a line torn by a crash or damaged later is
// skipped with a warning, never served. An in-memory index (key → file, offset, stored and used times) is read once
// and then refreshed incrementally, so a lookup costs no file-system call for a miss and one positioned read for a
// hit. Puts are written at once when no write is in flight or recent, and those that arrive meanwhile go together in
// the next one (one append per batch), so another process sees a put within one append and a refresh. The hits of a
// batch are appended as one use line, so every process sees the same least-recently-used order (to within a batch)
// without a line per hit. Past the size cap, eviction drops the
// least recently used entries of every writer: this instance merges the live entries of its own segments, of finished
// writers' and of writers quiet for a while (taken over by a rename, see cacheAppend.ts) into one file (temp +
// rename) before deleting those segments (see cacheCompact.ts); a busy writer does the same with its own at its next
// write, since every process sees the same order.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Logger } from '../io';
import { cacheSegmentPid, encodeEntry, encodeUses, isCacheKey, isCacheMergeTemp, isResponse } from './cacheLine';
import { SegmentAppender } from './cacheAppend';
import { CacheIndex } from './cacheIndex';
import { evictTo, isLegacyShard, isQuiet, mergeSegments, removeLegacyShard, type CacheEntry } from './cacheCompact';
import { describeError, isMissing, makeFolder, type MakeFolder } from './files';
import type { CachedResponse, CacheStats, PruneResult } from './types';

// After an eviction the cache is brought this far under the cap, so a full cache does not rewrite on every put.
const LOW_WATER = 0.9;
// Uses closer together than this are not written again: eviction order does not need finer precision.
const TOUCH_GRAIN_MS = 1_000;
// A batch queued behind a write in flight is written as soon as it reaches this size.
const FLUSH_BYTES = 256 * 1024;
// A batch is written no sooner than this after the previous one started, so a stream of puts (a cold run stores a
// reply every few milliseconds) costs one append per interval, not one per reply: each append is three file-system
// calls through the thread pool. A put after a quiet interval is still written at once, and `flush` writes at once.
const BURST_INTERVAL_MS = 25;
// Another writer's segment unchanged for this long may be taken over to evict from it (its writer is idle; if it
// writes again it notices and writes to a fresh segment). Longer than any single append could take.
const ADOPT_QUIET_MS = 10_000;
// Opening a cache with this many finished segments merges them.
const AUTO_COMPACT_SEGMENTS = 8;
// Segment bytes kept in memory after reading or writing them, so a hit costs no file read; past this, hits read.
const RETAIN_BYTES = 32 * 1024 * 1024;

interface Queued {
  readonly line: string;
  readonly bytes: number;
  readonly key: string;
  readonly entry?: CacheEntry;
  readonly done?: { resolve: () => void; reject: (e: unknown) => void };
}

/** Response cache shared by every process that opens the same store folder. */
export class ResponseCache {
  private readonly known: CacheIndex;
  private readonly index: Map<string, CacheEntry>;
  private hits = 0;
  private misses = 0;
  private loaded: Promise<void> | undefined;
  private readonly appender: SegmentAppender;
  private queue: Queued[] = [];
  private queuedBytes = 0;
  /** Hits to record, by key: written with the next batch as one use line for all of them. */
  private uses = new Map<string, number>();
  /** A write is in flight (or about to start): puts queue behind it and go in the next batch. */
  private writing = false;
  /** Writes, maintenance, prune and clear run one after another on this chain. */
  private chain: Promise<unknown> = Promise.resolve();
  /** Disk size at which the next maintenance may run (it cannot shrink segments of live writers). */
  private maintainAt = 0;
  /** When the last batch write started (performance.now), for BURST_INTERVAL_MS. */
  private lastWriteStart = -Infinity;
  private burstTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
    readonly ttlMs: number,
    readonly maxBytes: number,
    retainBytes = RETAIN_BYTES,
    make: MakeFolder = makeFolder,
  ) {
    this.known = new CacheIndex(dir, logger, retainBytes);
    this.index = this.known.entries;
    this.appender = new SegmentAppender(dir, clock, this.known, make);
  }

  /** The cached reply for a key, or undefined when absent, expired or damaged. */
  async get(key: string): Promise<CachedResponse | undefined> {
    checkKey(key);
    await this.ready();
    let entry = this.index.get(key);
    if (entry === undefined) {
      await this.known.refresh();
      entry = this.index.get(key);
    }
    const found = entry === undefined ? undefined : await this.known.readEntry(key, entry, (t) => this.expired(t));
    if (found === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    const now = this.clock.now();
    const current = this.index.get(key);
    if (current !== undefined && now - current.used >= TOUCH_GRAIN_MS) {
      current.used = now;
      this.uses.set(key, now);
      // About what the key adds to the batch's use line.
      this.grow(64);
    }
    return found;
  }

  /** Queues a successful reply (anything that is not one is ignored: errors are never cached); resolves once written. */
  async put(key: string, response: CachedResponse): Promise<void> {
    checkKey(key);
    if (!isResponse(response)) return;
    await this.ready();
    const now = this.clock.now();
    const { storedAt: _ignored, ...rest } = response;
    const line = encodeEntry(key, now, now, rest);
    const bytes = Buffer.byteLength(line);
    const entry: CacheEntry = { seg: undefined, start: 0, end: 0, storedAt: now, used: now, bytes, pending: rest };
    this.known.setEntry(key, entry);
    return new Promise<void>((resolve, reject) => this.enqueue({ line, bytes, key, entry, done: { resolve, reject } }));
  }

  /** Writes everything queued so far; resolves when it is on disk (or has failed, which the puts report). */
  flush(): Promise<void> {
    if (this.burstTimer !== undefined) {
      clearTimeout(this.burstTimer);
      this.burstTimer = undefined;
    }
    const batch = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    if (this.uses.size > 0) {
      // The batch's hits as one line, at the latest of their times: eviction order needs no finer grain than a batch.
      let usedAt = 0;
      for (const t of this.uses.values()) usedAt = Math.max(usedAt, t);
      const keys = [...this.uses.keys()];
      this.uses = new Map();
      for (const line of encodeUses(keys, usedAt)) batch.push({ line, bytes: Buffer.byteLength(line), key: keys[0] });
    }
    if (batch.length > 0) {
      this.writing = true;
      this.lastWriteStart = performance.now();
      void this.serial(() => this.write(batch))
        .catch((e: unknown) => {
          for (const q of batch) q.done?.reject(e);
        })
        .finally(() => {
          this.writing = false;
          // What queued during the write goes as one batch, once the burst interval since this write has passed.
          if (this.queue.length > 0 || this.uses.size > 0) this.schedule();
        });
    }
    return this.chain.then(() => undefined);
  }

  /** Entries and bytes on disk now, and this process's hit rate. */
  async stats(): Promise<CacheStats> {
    await this.ready();
    await this.flush();
    await this.known.refresh();
    const lookups = this.hits + this.misses;
    let entries = 0;
    for (const e of this.index.values()) if (!this.expired(e.storedAt)) entries++;
    return {
      entries,
      bytes: this.known.diskBytes(),
      maxBytes: this.maxBytes,
      ttlMs: this.ttlMs,
      hits: this.hits,
      misses: this.misses,
      hitRate: lookups === 0 ? 0 : this.hits / lookups,
    };
  }

  /** Removes every entry (of every writer). */
  async clear(): Promise<PruneResult> {
    await this.ready();
    await this.flush();
    return this.serial(async () => {
      await this.known.refresh();
      const removed = this.index.size;
      const freedBytes = this.known.diskBytes();
      await this.appender.close();
      this.known.clear();
      let names: string[] = [];
      try {
        names = await fs.readdir(this.dir);
      } catch (e) {
        if (!isMissing(e)) throw e;
      }
      // Segments, temp files of interrupted merges, and the one-file-per-entry folders of older versions; nothing
      // else: `cache.dir` may point into a folder that holds other files.
      const removals: Promise<void>[] = [];
      for (const n of names) {
        const path = join(this.dir, n);
        if (cacheSegmentPid(n) !== undefined || isCacheMergeTemp(n)) removals.push(fs.rm(path, { force: true }));
        else if (isLegacyShard(n)) removals.push(removeLegacyShard(path));
      }
      await Promise.all(removals);
      return { removed, freedBytes };
    });
  }

  /** Removes expired and damaged entries, evicts least recently used ones down to the cap, and reclaims the space. */
  async prune(): Promise<PruneResult> {
    await this.ready();
    await this.flush();
    return this.serial(async () => {
      await this.known.refresh();
      const before = this.known.diskBytes();
      let removed = 0;
      for (const [key, e] of [...this.index]) {
        if (this.expired(e.storedAt)) {
          this.known.dropEntry(key);
          removed++;
        }
      }
      removed += this.evict(1);
      removed += await this.compact(true);
      return { removed, freedBytes: Math.max(0, before - this.known.diskBytes()) };
    });
  }

  /** Writes what is queued and closes this writer's files. */
  async close(): Promise<void> {
    await this.flush();
    await this.serial(() => this.appender.close());
  }

  private ready(): Promise<void> {
    this.loaded ??= this.known.refresh().then(() => {
      let finished = 0;
      for (const seg of this.known.segments.values()) if (seg.final) finished++;
      if (finished >= AUTO_COMPACT_SEGMENTS) {
        void this.serial(() => this.compact(false)).catch((e: unknown) => this.logger.warn(`Response cache compaction failed: ${describeError(e)}`));
      }
    });
    return this.loaded;
  }

  private enqueue(item: Queued): void {
    this.queue.push(item);
    this.grow(item.bytes);
  }

  /** Counts bytes added to the next batch: written at once past FLUSH_BYTES, else when the schedule allows. */
  private grow(bytes: number): void {
    this.queuedBytes += bytes;
    if (this.queuedBytes >= FLUSH_BYTES) void this.flush();
    else this.schedule();
  }

  // Puts made in the same turn of the event loop share a write; while a write is in flight, or within the burst
  // interval of the last one, the queue waits for it.
  private schedule(): void {
    if (this.writing) return;
    this.writing = true;
    const wait = this.lastWriteStart + BURST_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      setImmediate(() => {
        this.writing = false;
        void this.flush();
      });
      return;
    }
    this.burstTimer = setTimeout(() => {
      this.burstTimer = undefined;
      this.writing = false;
      void this.flush();
    }, wait);
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.chain.then(op);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async write(batch: readonly Queued[]): Promise<void> {
    const data = Buffer.from(batch.map((q) => q.line).join(''), 'utf8');
    let landed: Awaited<ReturnType<SegmentAppender['append']>>;
    try {
      landed = await this.appender.append(data);
    } catch (e) {
      const error = new Error(`Could not write the response cache in ${this.dir}: ${describeError(e)}`);
      for (const q of batch) {
        if (q.entry !== undefined && this.index.get(q.key) === q.entry) this.known.dropEntry(q.key);
        q.done?.reject(error);
      }
      return;
    }
    const { seg } = landed;
    let pos = landed.at;
    for (const q of batch) {
      const e = q.entry;
      if (e !== undefined && (e.pending !== undefined || e.seg === undefined)) {
        e.seg = seg;
        e.start = pos;
        e.end = pos + q.bytes;
        e.pending = undefined;
      }
      pos += q.bytes;
    }
    this.known.retain(seg, landed.at, data);
    try {
      // What other writers added counts toward the cap too (a stat of the folder and of live segments when unchanged).
      await this.known.refresh();
      if (this.known.liveBytes > this.maxBytes || (this.known.diskBytes() > this.maxBytes && this.known.diskBytes() >= this.maintainAt)) {
        this.evict(LOW_WATER);
        await this.adoptQuiet();
        await this.compact(false);
        this.maintainAt = this.known.diskBytes() + this.maxBytes * (1 - LOW_WATER);
      }
    } catch (e) {
      this.logger.warn(`Response cache maintenance failed: ${describeError(e)}`);
    }
    for (const q of batch) q.done?.resolve();
  }

  /** Takes over the segments of other writers that have been quiet for a while, so the merge below may shrink them. */
  private async adoptQuiet(): Promise<void> {
    const now = Date.now();
    for (const seg of [...this.known.segments.values()]) {
      if (seg.own || seg === this.known.writerSeg || (seg.final && isQuiet(seg, false))) continue;
      if (seg.mtimeMs === undefined || now - seg.mtimeMs < ADOPT_QUIET_MS) continue;
      await this.known.adopt(seg, this.clock.now());
    }
  }

  /** Drops least recently used entries (of every writer) until the live bytes are under `ratio` of the cap. */
  private evict(ratio: number): number {
    return evictTo(this.known, this.maxBytes * ratio);
  }

  /** Merges this writer's, finished writers' and taken-over segments into one; returns entries dropped. */
  private async compact(force: boolean): Promise<number> {
    await this.appender.close();
    return mergeSegments(this.known, { dir: this.dir, now: this.clock.now(), expired: (t) => this.expired(t), force, logger: this.logger });
  }

  private expired(storedAt: number): boolean {
    return this.ttlMs > 0 && Number.isFinite(this.ttlMs) && this.clock.now() - storedAt > this.ttlMs;
  }
}

function checkKey(key: string): void {
  if (!isCacheKey(key)) throw new Error(`Invalid cache key ${JSON.stringify(key.slice(0, 80))}: expected 64 hex digits from cacheKey().`);
}

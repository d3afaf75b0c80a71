// The response cache: append-only segment files under `cache/`, one per writer (process × store), so two writers
// never share a file. Each line carries a checksum (see cacheLine.ts): a line torn by a crash or damaged later is
// skipped with a warning, never served. An in-memory index (key → file, offset, stored and used times) is read once
// and then refreshed incrementally, so a lookup costs no file-system call for a miss and one positioned read for a
// hit. Puts are queued and written in batches (one append per batch). Uses are appended as small lines, so every
// process sees the same least-recently-used order; eviction and reclaiming space rewrite the live entries of
// finished segments into one file (temp + rename) before deleting those segments (see cacheCompact.ts).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Logger } from '../io';
import { decodeEntryLine, encodeEntry, encodeUse, isCacheKey, isResponse, newCacheSegmentName } from './cacheLine';
import { CacheIndex, readLine, retainedLine } from './cacheIndex';
import { compactCache, type CacheEntry, type CacheSegment } from './cacheCompact';
import { describeError, isMissing } from './files';
import type { CachedResponse, CacheStats, PruneResult } from './types';

// After an eviction the cache is brought this far under the cap, so a full cache does not rewrite on every put.
const LOW_WATER = 0.9;
// Uses closer together than this are not written again: eviction order does not need finer precision.
const TOUCH_GRAIN_MS = 1_000;
// A batch is written when it reaches this size, or this long after its first line was queued.
const FLUSH_BYTES = 256 * 1024;
const FLUSH_MS = 100;
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
  private writer: { seg: CacheSegment; handle: fs.FileHandle } | undefined;
  private queue: Queued[] = [];
  private queuedBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Writes, maintenance, prune and clear run one after another on this chain. */
  private chain: Promise<unknown> = Promise.resolve();
  /** Disk size at which the next maintenance may run (it cannot shrink segments of live writers). */
  private maintainAt = 0;

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
    readonly ttlMs: number,
    readonly maxBytes: number,
    retainBytes = RETAIN_BYTES,
  ) {
    this.known = new CacheIndex(dir, logger, retainBytes);
    this.index = this.known.entries;
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
    const found = entry === undefined ? undefined : await this.read(key, entry);
    if (found === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    const now = this.clock.now();
    const current = this.index.get(key);
    if (current !== undefined && now - current.used >= TOUCH_GRAIN_MS) {
      current.used = now;
      const line = encodeUse(key, now);
      this.enqueue({ line, bytes: Buffer.byteLength(line), key });
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
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    if (batch.length > 0) {
      void this.serial(() => this.write(batch)).catch((e: unknown) => {
        for (const q of batch) q.done?.reject(e);
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
      await this.closeWriter();
      this.known.clear();
      let names: string[] = [];
      try {
        names = await fs.readdir(this.dir);
      } catch (e) {
        if (!isMissing(e)) throw e;
      }
      // Segments, temp files of interrupted merges, and the one-file-per-entry folders of older versions.
      await Promise.all(names.map((n) => fs.rm(join(this.dir, n), { recursive: true, force: true })));
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
    await this.serial(() => this.closeWriter());
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

  private async read(key: string, entry: CacheEntry): Promise<CachedResponse | undefined> {
    if (this.expired(entry.storedAt)) {
      this.known.dropEntry(key);
      return undefined;
    }
    if (entry.pending !== undefined) return { ...entry.pending, storedAt: entry.storedAt };
    const seg = entry.seg;
    if (seg === undefined) return undefined;
    let line: Buffer;
    try {
      line = retainedLine(seg, entry) ?? (await readLine(seg, entry));
    } catch (e) {
      // Moved by a merge (this process's, or another's, which deleted the file): the entry is found again at its
      // new place, or the merged file is found by a refresh.
      const again = this.index.get(key);
      if (again !== undefined && (again !== entry || again.seg !== seg)) return this.read(key, again);
      if (again === entry) this.known.dropEntry(key);
      if (!isMissing(e)) {
        this.logger.warn(`Response cache ${seg.path} could not be read (${describeError(e)}); treating it as a miss.`);
        return undefined;
      }
      await this.known.refresh();
      const found = this.index.get(key);
      return found !== undefined && found.seg !== seg ? this.read(key, found) : undefined;
    }
    const decoded = decodeEntryLine(line, key);
    if (decoded === undefined) {
      this.logger.warn(`Response cache entry ${key.slice(0, 12)}… in ${seg.path} is damaged; it is ignored and the request will be made again.`);
      if (this.index.get(key) === entry) this.known.dropEntry(key);
      return undefined;
    }
    return { ...decoded.response, storedAt: decoded.storedAt };
  }

  private enqueue(item: Queued): void {
    this.queue.push(item);
    this.queuedBytes += item.bytes;
    if (this.queuedBytes >= FLUSH_BYTES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.chain.then(op);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async write(batch: readonly Queued[]): Promise<void> {
    const data = Buffer.from(batch.map((q) => q.line).join(''), 'utf8');
    let seg: CacheSegment;
    try {
      const w = await this.ownWriter();
      seg = w.seg;
      await w.handle.appendFile(data);
    } catch (e) {
      // A failed write may have left part of a line: later lines go to a fresh segment so none is glued onto it.
      await this.closeWriter();
      const error = new Error(`Could not write the response cache in ${this.dir}: ${describeError(e)}`);
      for (const q of batch) {
        if (q.entry !== undefined && this.index.get(q.key) === q.entry) this.known.dropEntry(q.key);
        q.done?.reject(error);
      }
      return;
    }
    let pos = seg.offset;
    for (const q of batch) {
      const e = q.entry;
      if (e !== undefined && e.pending !== undefined) {
        e.seg = seg;
        e.start = pos;
        e.end = pos + q.bytes;
        e.pending = undefined;
      }
      pos += q.bytes;
    }
    seg.offset = pos;
    this.known.retain(seg, pos - data.length, data);
    try {
      if (this.known.liveBytes > this.maxBytes || (this.known.diskBytes() > this.maxBytes && this.known.diskBytes() >= this.maintainAt)) {
        this.evict(LOW_WATER);
        await this.compact(false);
        this.maintainAt = this.known.diskBytes() + this.maxBytes * (1 - LOW_WATER);
      }
    } catch (e) {
      this.logger.warn(`Response cache maintenance failed: ${describeError(e)}`);
    }
    for (const q of batch) q.done?.resolve();
  }

  private async ownWriter(): Promise<{ seg: CacheSegment; handle: fs.FileHandle }> {
    if (this.writer !== undefined && (await fs.stat(this.writer.seg.path).catch(() => undefined)) === undefined) {
      // The folder or file was removed by hand: what it held is gone, so the index forgets it too.
      const gone = this.writer.seg;
      await this.closeWriter();
      this.known.forgetSegment(gone);
    }
    if (this.writer === undefined) {
      await fs.mkdir(this.dir, { recursive: true });
      const name = newCacheSegmentName(this.clock.now());
      const path = join(this.dir, name);
      const handle = await fs.open(path, 'a');
      CacheIndex.openWriters.add(name);
      const seg: CacheSegment = { name, path, pid: process.pid, offset: 0, own: true, final: false, damaged: 0, warnedTail: false };
      this.known.segments.set(name, seg);
      this.writer = { seg, handle };
      this.known.writerSeg = seg;
    }
    return this.writer;
  }

  private async closeWriter(): Promise<void> {
    const w = this.writer;
    this.writer = undefined;
    this.known.writerSeg = undefined;
    if (w !== undefined) CacheIndex.openWriters.delete(w.seg.name);
    await w?.handle.close().catch(() => undefined);
  }

  /** Drops least recently used entries until the live bytes are under `ratio` of the cap; returns how many. */
  private evict(ratio: number): number {
    if (this.known.liveBytes <= this.maxBytes * ratio) return 0;
    let removed = 0;
    const oldestFirst = [...this.index].sort((a, b) => a[1].used - b[1].used);
    for (const [key] of oldestFirst) {
      if (this.known.liveBytes <= this.maxBytes * ratio) break;
      this.known.dropEntry(key);
      removed++;
    }
    return removed;
  }

  /** Rewrites the live entries of this writer's and finished writers' segments into one; returns entries dropped. */
  private async compact(force: boolean): Promise<number> {
    await this.closeWriter();
    const result = await compactCache({
      dir: this.dir,
      segments: [...this.known.segments.values()],
      index: this.index,
      now: this.clock.now(),
      expired: (storedAt) => this.expired(storedAt),
      force,
      logger: this.logger,
    });
    for (const seg of result.removedSegments) {
      this.known.release(seg);
      this.known.segments.delete(seg.name);
    }
    if (result.merged !== undefined) this.known.segments.set(result.merged.name, result.merged);
    this.known.liveBytes += result.bytesDelta;
    for (const key of result.droppedKeys) this.known.dropEntry(key);
    return result.droppedKeys.length + result.damagedLines;
  }

  private expired(storedAt: number): boolean {
    return this.ttlMs > 0 && Number.isFinite(this.ttlMs) && this.clock.now() - storedAt > this.ttlMs;
  }
}

function checkKey(key: string): void {
  if (!isCacheKey(key)) throw new Error(`Invalid cache key ${JSON.stringify(key.slice(0, 80))}: expected 64 hex digits from cacheKey().`);
}

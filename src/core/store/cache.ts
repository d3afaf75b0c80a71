// The response cache: append-only segment files under `cache/`, one per writer (process × store), so two writers
// never share a file. Each line carries a checksum (see cacheLine.ts): a line torn by a crash or damaged later is
// skipped with a warning, never served. An in-memory index (key → file, offset, stored and used times) is read once
// and then refreshed incrementally, so a lookup costs no file-system call for a miss and one positioned read for a
// hit. Puts are queued and written in batches (one append per batch). Uses are appended as small lines, so every
// process sees the same least-recently-used order; eviction and reclaiming space rewrite the live entries of
// finished segments into one file (temp + rename) before deleting those segments (see cacheCompact.ts).
import { promises as fs, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Logger } from '../io';
import { cacheSegmentPid, decodeCacheLine, decodeEntryLine, encodeEntry, encodeUse, isCacheKey, isResponse, newCacheSegmentName } from './cacheLine';
import { compactCache, type CacheEntry, type CacheSegment } from './cacheCompact';
import { isProcessAlive } from './compact';
import { describeError, isMissing } from './files';
import type { CachedResponse, CacheStats, PruneResult } from './types';

const NEWLINE = 0x0a;
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
// Segments some cache instance of this process is writing (another instance, on the same folder, must not merge them).
const openWriters = new Set<string>();

interface Queued {
  readonly line: string;
  readonly bytes: number;
  readonly key: string;
  readonly entry?: CacheEntry;
  readonly done?: { resolve: () => void; reject: (e: unknown) => void };
}

/** Response cache shared by every process that opens the same store folder. */
export class ResponseCache {
  private readonly index = new Map<string, CacheEntry>();
  private readonly segments = new Map<string, CacheSegment>();
  /** Uses read before their entry (the entry is in a segment read later). */
  private readonly earlyUses = new Map<string, number>();
  private liveBytes = 0;
  private hits = 0;
  private misses = 0;
  private loaded: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;
  private writer: { seg: CacheSegment; handle: fs.FileHandle } | undefined;
  private queue: Queued[] = [];
  private queuedBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Writes, maintenance, prune and clear run one after another on this chain. */
  private chain: Promise<unknown> = Promise.resolve();
  /** Disk size at which the next maintenance may run (it cannot shrink segments of live writers). */
  private maintainAt = 0;
  /** The folder's mtime when it was last listed (a new, merged or deleted segment changes it). */
  private dirStamp: number | undefined;
  private retained = 0;

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
    readonly ttlMs: number,
    readonly maxBytes: number,
    private readonly retainBytes = RETAIN_BYTES,
  ) {}

  /** The cached reply for a key, or undefined when absent, expired or damaged. */
  async get(key: string): Promise<CachedResponse | undefined> {
    checkKey(key);
    await this.ready();
    let entry = this.index.get(key);
    if (entry === undefined) {
      await this.refresh();
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
    this.setEntry(key, entry);
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
    await this.refresh();
    const lookups = this.hits + this.misses;
    let entries = 0;
    for (const e of this.index.values()) if (!this.expired(e.storedAt)) entries++;
    return {
      entries,
      bytes: this.diskBytes(),
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
      await this.refresh();
      const removed = this.index.size;
      const freedBytes = this.diskBytes();
      await this.closeWriter();
      this.segments.clear();
      this.index.clear();
      this.liveBytes = 0;
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
      await this.refresh();
      const before = this.diskBytes();
      let removed = 0;
      for (const [key, e] of [...this.index]) {
        if (this.expired(e.storedAt)) {
          this.dropEntry(key);
          removed++;
        }
      }
      removed += this.evict(1);
      removed += await this.compact(true);
      return { removed, freedBytes: Math.max(0, before - this.diskBytes()) };
    });
  }

  /** Writes what is queued and closes this writer's files. */
  async close(): Promise<void> {
    await this.flush();
    await this.serial(() => this.closeWriter());
  }

  private ready(): Promise<void> {
    this.loaded ??= this.refresh().then(() => {
      let finished = 0;
      for (const seg of this.segments.values()) if (seg.final) finished++;
      if (finished >= AUTO_COMPACT_SEGMENTS) {
        void this.serial(() => this.compact(false)).catch((e: unknown) => this.logger.warn(`Response cache compaction failed: ${describeError(e)}`));
      }
    });
    return this.loaded;
  }

  private async read(key: string, entry: CacheEntry): Promise<CachedResponse | undefined> {
    if (this.expired(entry.storedAt)) {
      this.dropEntry(key);
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
      if (again === entry) this.dropEntry(key);
      if (!isMissing(e)) {
        this.logger.warn(`Response cache ${seg.path} could not be read (${describeError(e)}); treating it as a miss.`);
        return undefined;
      }
      await this.refresh();
      const found = this.index.get(key);
      return found !== undefined && found.seg !== seg ? this.read(key, found) : undefined;
    }
    const decoded = decodeEntryLine(line, key);
    if (decoded === undefined) {
      this.logger.warn(`Response cache entry ${key.slice(0, 12)}… in ${seg.path} is damaged; it is ignored and the request will be made again.`);
      if (this.index.get(key) === entry) this.dropEntry(key);
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
        if (q.entry !== undefined && this.index.get(q.key) === q.entry) this.dropEntry(q.key);
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
    this.retain(seg, pos - data.length, data);
    try {
      if (this.liveBytes > this.maxBytes || (this.diskBytes() > this.maxBytes && this.diskBytes() >= this.maintainAt)) {
        this.evict(LOW_WATER);
        await this.compact(false);
        this.maintainAt = this.diskBytes() + this.maxBytes * (1 - LOW_WATER);
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
      this.forgetSegment(gone);
    }
    if (this.writer === undefined) {
      await fs.mkdir(this.dir, { recursive: true });
      const name = newCacheSegmentName(this.clock.now());
      const path = join(this.dir, name);
      const handle = await fs.open(path, 'a');
      openWriters.add(name);
      const seg: CacheSegment = { name, path, pid: process.pid, offset: 0, own: true, final: false, damaged: 0, warnedTail: false };
      this.segments.set(name, seg);
      this.writer = { seg, handle };
    }
    return this.writer;
  }

  private async closeWriter(): Promise<void> {
    const w = this.writer;
    this.writer = undefined;
    if (w !== undefined) openWriters.delete(w.seg.name);
    await w?.handle.close().catch(() => undefined);
  }

  /** Drops least recently used entries until the live bytes are under `ratio` of the cap; returns how many. */
  private evict(ratio: number): number {
    if (this.liveBytes <= this.maxBytes * ratio) return 0;
    let removed = 0;
    const oldestFirst = [...this.index].sort((a, b) => a[1].used - b[1].used);
    for (const [key] of oldestFirst) {
      if (this.liveBytes <= this.maxBytes * ratio) break;
      this.dropEntry(key);
      removed++;
    }
    return removed;
  }

  /** Rewrites the live entries of this writer's and finished writers' segments into one; returns entries dropped. */
  private async compact(force: boolean): Promise<number> {
    await this.closeWriter();
    const result = await compactCache({
      dir: this.dir,
      segments: [...this.segments.values()],
      index: this.index,
      now: this.clock.now(),
      expired: (storedAt) => this.expired(storedAt),
      force,
      logger: this.logger,
    });
    for (const seg of result.removedSegments) {
      this.release(seg);
      this.segments.delete(seg.name);
    }
    if (result.merged !== undefined) this.segments.set(result.merged.name, result.merged);
    this.liveBytes += result.bytesDelta;
    for (const key of result.droppedKeys) this.dropEntry(key);
    return result.droppedKeys.length + result.damagedLines;
  }

  /** Reads whatever other writers' segments gained since the last look; concurrent callers share one pass. */
  private refresh(): Promise<void> {
    if (this.refreshing === undefined && this.loaded !== undefined && !this.maybeChanged()) return Promise.resolve();
    this.refreshing ??= this.readAll().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  // A miss asks this before listing the folder: a stat of the folder and of each live writer's open segment costs
  // microseconds, where listing and reading through the thread pool cost far more on every miss of a cold run.
  private maybeChanged(): boolean {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.dir).mtimeMs;
    } catch {
      return true;
    }
    // A file system with whole-second times could hide a segment created in the same second: always list then.
    if (mtimeMs !== this.dirStamp || mtimeMs % 1000 === 0) return true;
    for (const seg of this.segments.values()) {
      if (seg.own || seg.final) continue;
      if (statSync(seg.path, { throwIfNoEntry: false })?.size !== seg.seenSize) return true;
    }
    return false;
  }

  private async readAll(): Promise<void> {
    try {
      this.dirStamp = statSync(this.dir).mtimeMs;
    } catch {
      this.dirStamp = undefined;
    }
    let names: string[];
    try {
      names = (await fs.readdir(this.dir)).filter((n) => cacheSegmentPid(n) !== undefined).sort();
    } catch (e) {
      if (!isMissing(e)) this.logger.warn(`Response cache folder ${this.dir} could not be read: ${describeError(e)}`);
      names = [];
    }
    const present = new Set(names);
    for (const seg of [...this.segments.values()]) {
      if (!present.has(seg.name) && seg !== this.writer?.seg) {
        this.forgetSegment(seg);
      }
    }
    for (const name of names) {
      let seg = this.segments.get(name);
      if (seg?.own === true || seg?.final === true) continue;
      if (seg === undefined) {
        seg = { name, path: join(this.dir, name), pid: cacheSegmentPid(name) ?? 0, offset: 0, own: false, final: false, damaged: 0, warnedTail: false };
        this.segments.set(name, seg);
      }
      await this.readSegment(seg);
    }
  }

  private async readSegment(seg: CacheSegment): Promise<void> {
    let handle: fs.FileHandle | undefined;
    try {
      // Opened per read rather than kept: a store that is never closed must not leave descriptors to the GC.
      handle = await fs.open(seg.path, 'r');
      const { size, mtimeMs } = await handle.stat();
      seg.mtimeMs = mtimeMs;
      seg.seenSize = size;
      if (size < seg.offset) {
        // Only damage shrinks an append-only file: forget what it held and read it again.
        this.logger.warn(`Response cache ${seg.path} shrank; reading it again.`);
        this.forgetSegment(seg);
        seg.offset = 0;
        this.segments.set(seg.name, seg);
      }
      if (size > seg.offset) {
        const chunk = Buffer.alloc(size - seg.offset);
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, seg.offset);
        this.retain(seg, seg.offset, chunk.subarray(0, bytesRead));
        this.consume(seg, chunk.subarray(0, bytesRead));
      }
      const writerGone = seg.pid === process.pid ? !openWriters.has(seg.name) : !isProcessAlive(seg.pid);
      if (writerGone && seg.offset < size && !seg.warnedTail) {
        seg.warnedTail = true;
        this.logger.warn(`Response cache ${seg.path}: ignoring an incomplete last line (an interrupted write).`);
      }
      seg.final = writerGone;
    } catch (e) {
      if (isMissing(e)) this.forgetSegment(seg);
      else this.logger.warn(`Response cache ${seg.path} could not be read: ${describeError(e)}`);
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  private consume(seg: CacheSegment, chunk: Buffer): void {
    let start = 0;
    let bad = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
      const line = decodeCacheLine(chunk, start, nl);
      if (line === undefined) {
        if (nl > start) bad++;
      } else if (line.kind === 'use') {
        const e = this.index.get(line.key);
        if (e !== undefined) e.used = Math.max(e.used, line.usedAt);
        else if (this.earlyUses.size < 100_000) this.earlyUses.set(line.key, Math.max(line.usedAt, this.earlyUses.get(line.key) ?? 0));
      } else {
        const known = this.index.get(line.key);
        const early = this.earlyUses.get(line.key) ?? 0;
        if (known === undefined || line.storedAt >= known.storedAt) {
          const at = seg.offset + start;
          this.setEntry(line.key, { seg, start: at, end: seg.offset + nl + 1, storedAt: line.storedAt, used: Math.max(line.usedAt, known?.used ?? 0, early), bytes: nl + 1 - start, pending: undefined });
          if (early > 0) this.earlyUses.delete(line.key);
        } else known.used = Math.max(known.used, line.usedAt);
      }
      start = nl + 1;
    }
    seg.offset += start;
    if (bad > 0) {
      seg.damaged += bad;
      this.logger.warn(`Response cache ${seg.path}: skipped ${bad} damaged line(s); those replies will be requested again.`);
    }
  }

  private retain(seg: CacheSegment, at: number, buf: Buffer): void {
    if (this.retained + buf.length > this.retainBytes) return;
    this.retained += buf.length;
    (seg.chunks ??= []).push({ at, buf });
  }

  private release(seg: CacheSegment): void {
    for (const c of seg.chunks ?? []) this.retained -= c.buf.length;
    seg.chunks = undefined;
  }

  private setEntry(key: string, entry: CacheEntry): void {
    const old = this.index.get(key);
    if (old !== undefined) this.liveBytes -= old.bytes;
    this.index.set(key, entry);
    this.liveBytes += entry.bytes;
  }

  private dropEntry(key: string): void {
    const old = this.index.get(key);
    if (old === undefined) return;
    this.liveBytes -= old.bytes;
    this.index.delete(key);
  }

  /** Forgets a segment that is gone, and the entries it held. */
  private forgetSegment(seg: CacheSegment): void {
    this.release(seg);
    this.segments.delete(seg.name);
    for (const [key, e] of [...this.index]) if (e.seg === seg) this.dropEntry(key);
  }

  private diskBytes(): number {
    let total = 0;
    for (const seg of this.segments.values()) total += seg.offset;
    return total;
  }

  private expired(storedAt: number): boolean {
    return this.ttlMs > 0 && Number.isFinite(this.ttlMs) && this.clock.now() - storedAt > this.ttlMs;
  }
}

/** The entry's line from the segment's kept bytes, when they hold it. */
function retainedLine(seg: CacheSegment, entry: CacheEntry): Buffer | undefined {
  for (const c of seg.chunks ?? []) {
    if (entry.start >= c.at && entry.end <= c.at + c.buf.length) return c.buf.subarray(entry.start - c.at, entry.end - c.at);
  }
  return undefined;
}

async function readLine(seg: CacheSegment, entry: CacheEntry): Promise<Buffer> {
  const handle = await fs.open(seg.path, 'r');
  try {
    const line = Buffer.alloc(entry.end - entry.start);
    const { bytesRead } = await handle.read(line, 0, line.length, entry.start);
    return line.subarray(0, bytesRead);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function checkKey(key: string): void {
  if (!isCacheKey(key)) throw new Error(`Invalid cache key ${JSON.stringify(key.slice(0, 80))}: expected 64 hex digits from cacheKey().`);
}

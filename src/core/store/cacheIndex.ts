// What one response-cache instance knows of the cache folder: key → (segment, offset, stored and used times), the
// segments read so far and how far, and the bytes kept in memory so a hit needs no file read. Reading is incremental:
// a refresh stats the folder and the live writers' segments, and reads only what other writers appended since the
// last look. A line that fails its checksum is skipped with a warning, never indexed.
import { promises as fs, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../io';
import { cacheSegmentPid, decodeCacheLine, decodeCheckedEntryLine, decodeEntryLine, forEachUsedKey, newCacheSegmentName } from './cacheLine';
import type { CacheEntry, CacheSegment } from './cacheCompact';
import { isProcessAlive } from './compact';
import { describeError, isMissing } from './files';
import type { CachedResponse } from './types';

const NEWLINE = 0x0a;
// Uses read before their entry are remembered up to this many keys (the entry is in a segment read later).
const MAX_EARLY_USES = 100_000;

/** The in-memory index of a cache folder, shared by the reading and writing halves of `ResponseCache`. */
export class CacheIndex {
  readonly entries = new Map<string, CacheEntry>();
  readonly segments = new Map<string, CacheSegment>();
  /** This process's segments some cache instance is writing (another instance on the folder must not merge them). */
  static readonly openWriters = new Set<string>();
  /** The segment this instance is appending to, which a refresh never re-reads or forgets. */
  writerSeg: CacheSegment | undefined;
  /** Total bytes of the indexed entries' lines. */
  liveBytes = 0;
  private readonly earlyUses = new Map<string, number>();
  private refreshing: Promise<void> | undefined;
  private again: Promise<void> | undefined;
  /** The folder's mtime when it was last listed (a new, merged or deleted segment changes it). */
  private dirStamp: number | undefined;
  private retained = 0;
  private loaded = false;

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly retainBytes: number,
  ) {}

  /** Reads whatever other writers' segments gained since the last look; concurrent callers share one pass. */
  refresh(): Promise<void> {
    if (this.refreshing !== undefined) {
      // The pass in flight may have listed or read before what this caller is looking for was written: one more
      // pass after it (shared by every caller meanwhile), which costs only stats when nothing changed.
      this.again ??= this.refreshing.then(() => {
        this.again = undefined;
        return this.refresh();
      });
      return this.again;
    }
    if (this.loaded && !this.maybeChanged()) return Promise.resolve();
    this.refreshing = this.readAll().finally(() => {
      this.refreshing = undefined;
      this.loaded = true;
    });
    return this.refreshing;
  }

  /** Indexes an entry, replacing the key's previous one. */
  setEntry(key: string, entry: CacheEntry): void {
    const old = this.entries.get(key);
    if (old !== undefined) this.liveBytes -= old.bytes;
    this.entries.set(key, entry);
    this.liveBytes += entry.bytes;
  }

  /** Forgets a key's entry (its line stays on disk until a compaction). */
  dropEntry(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.liveBytes -= old.bytes;
    this.entries.delete(key);
  }

  /** Forgets a segment that is gone, and the entries it held. */
  forgetSegment(seg: CacheSegment): void {
    this.release(seg);
    this.segments.delete(seg.name);
    for (const [key, e] of [...this.entries]) if (e.seg === seg) this.dropEntry(key);
  }

  /** Forgets everything (after the folder was emptied). */
  clear(): void {
    for (const seg of this.segments.values()) this.release(seg);
    this.segments.clear();
    this.entries.clear();
    this.earlyUses.clear();
    this.liveBytes = 0;
  }

  /** An entry's reply read back from its line (kept bytes or the file), or undefined when expired, gone or damaged. */
  async readEntry(key: string, entry: CacheEntry, expired: (storedAt: number) => boolean): Promise<CachedResponse | undefined> {
    if (expired(entry.storedAt)) {
      this.dropEntry(key);
      return undefined;
    }
    if (entry.pending !== undefined) return { ...entry.pending, storedAt: entry.storedAt };
    const seg = entry.seg;
    if (seg === undefined) return undefined;
    const kept = retainedLine(seg, entry);
    if (kept !== undefined) {
      // Bytes held since they were read (their checksum and meta checked then) or written by this process: only the
      // body is parsed. Bytes read from the file now are checked whole below, since the file may have been damaged.
      const response = decodeCheckedEntryLine(kept, key);
      if (response !== undefined) return { ...response, storedAt: entry.storedAt };
    }
    let line: Buffer;
    try {
      line = kept ?? (await readLine(seg, entry));
    } catch (e) {
      // Moved by a merge (this process's, or another's, which deleted the file): the entry is found again at its
      // new place, or the merged file is found by a refresh.
      const again = this.entries.get(key);
      if (again !== undefined && (again !== entry || again.seg !== seg)) return this.readEntry(key, again, expired);
      if (again === entry) this.dropEntry(key);
      if (!isMissing(e)) {
        this.logger.warn(`Response cache ${seg.path} could not be read (${describeError(e)}); treating it as a miss.`);
        return undefined;
      }
      await this.refresh();
      const found = this.entries.get(key);
      return found !== undefined && found.seg !== seg ? this.readEntry(key, found, expired) : undefined;
    }
    const decoded = decodeEntryLine(line, key);
    if (decoded === undefined) {
      this.logger.warn(`Response cache entry ${key.slice(0, 12)}… in ${seg.path} is damaged; it is ignored and the request will be made again.`);
      if (this.entries.get(key) === entry) this.dropEntry(key);
      return undefined;
    }
    return { ...decoded.response, storedAt: decoded.storedAt };
  }

  /** Keeps bytes of a segment (at file offset `at`) in memory while under the budget, so hits on them need no read. */
  retain(seg: CacheSegment, at: number, buf: Buffer): void {
    if (this.retained + buf.length > this.retainBytes) return;
    this.retained += buf.length;
    (seg.chunks ??= []).push({ at, buf });
  }

  /** Lets go of a segment's kept bytes. */
  release(seg: CacheSegment): void {
    for (const c of seg.chunks ?? []) this.retained -= c.buf.length;
    seg.chunks = undefined;
  }

  /**
   * Takes over another writer's quiet segment so this instance may merge it: renamed to a name of this process (one
   * rename wins when two processes try), its entries moved over, and whatever was appended since the last read read.
   * The writer, if still running, notices at its next append (see cacheAppend.ts). Undefined when it is gone.
   */
  async adopt(seg: CacheSegment, now: number): Promise<CacheSegment | undefined> {
    const name = newCacheSegmentName(now);
    const path = join(this.dir, name);
    try {
      await fs.rename(seg.path, path);
    } catch (e) {
      if (!isMissing(e)) this.logger.warn(`Response cache ${seg.path} could not be taken over for eviction: ${describeError(e)}`);
      return undefined;
    }
    const taken: CacheSegment = { ...seg, name, path, pid: process.pid, own: false, final: false };
    this.segments.delete(seg.name);
    this.segments.set(name, taken);
    for (const e of this.entries.values()) if (e.seg === seg) e.seg = taken;
    // Closed by no one in this process: the read below marks it finished, so a merge may take it.
    await this.readSegment(taken);
    return this.segments.get(name);
  }

  /** Bytes of every known segment up to its last complete line. */
  diskBytes(): number {
    let total = 0;
    for (const seg of this.segments.values()) total += seg.offset;
    return total;
  }

  // A miss asks this before listing the folder: a stat of the folder and of each live writer's open segment costs
  // microseconds, where listing and reading through the thread pool cost far more on every miss of a cold run.
  private maybeChanged(): boolean {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.dir).mtimeMs;
    } catch (e) {
      // Still no folder, as at the last listing (a cold start before the first put): nothing to list.
      return !(isMissing(e) && this.dirStamp === undefined);
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
      if (!present.has(seg.name) && seg !== this.writerSeg) this.forgetSegment(seg);
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
      const writerGone = seg.pid === process.pid ? !CacheIndex.openWriters.has(seg.name) : !isProcessAlive(seg.pid);
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

  private noteUse(key: string, usedAt: number): void {
    const e = this.entries.get(key);
    if (e !== undefined) e.used = Math.max(e.used, usedAt);
    else if (this.earlyUses.size < MAX_EARLY_USES) this.earlyUses.set(key, Math.max(usedAt, this.earlyUses.get(key) ?? 0));
  }

  private consume(seg: CacheSegment, chunk: Buffer): void {
    let start = 0;
    let bad = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
      const line = decodeCacheLine(chunk, start, nl);
      if (line === undefined) {
        if (nl > start) bad++;
      } else if (line.kind === 'use') {
        forEachUsedKey(line, (key) => this.noteUse(key, line.usedAt));
      } else {
        const known = this.entries.get(line.key);
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
}

/** The entry's line from the segment's kept bytes, when they hold it. */
function retainedLine(seg: CacheSegment, entry: CacheEntry): Buffer | undefined {
  for (const c of seg.chunks ?? []) {
    if (entry.start >= c.at && entry.end <= c.at + c.buf.length) return c.buf.subarray(entry.start - c.at, entry.end - c.at);
  }
  return undefined;
}

/** The entry's line read from its segment file. */
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

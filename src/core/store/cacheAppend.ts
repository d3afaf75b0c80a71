// Appending batches to this cache instance's own segment file. Another process may take the file over while this one
// is idle (renaming it to its own name, to merge it when the cache is over its cap: see `CacheIndex.adopt`), so after
// each append the writer checks that the file it wrote to is still the file at its path; when it is not, the batch may
// have landed after the other process read the file, and it is written again to a fresh segment. Readers take the
// newest copy of an entry, so a batch written twice costs bytes, never correctness.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../io';
import { newCacheSegmentName } from './cacheLine';
import { makeFolder, type MakeFolder } from './files';
import type { CacheSegment } from './cacheCompact';
import { CacheIndex } from './cacheIndex';

// Another process takes a segment over only once it has been unchanged for ADOPT_QUIET_MS (10 s, cache.ts). Within
// half of that after an append found the file still at its path, the next append skips the check before it: the
// check after each append still catches a takeover that raced it, so this saves a file-system call, not a guarantee.
const STILL_OURS_MS = 5_000;

/** This instance's own segment: created on the first append, replaced when it was taken over or removed. */
export class SegmentAppender {
  private writer: { seg: CacheSegment; handle: fs.FileHandle; ino: number; checkedAt: number } | undefined;

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly known: CacheIndex,
    private readonly make: MakeFolder = makeFolder,
  ) {}

  /** Appends whole lines; returns the segment and offset they landed at. Throws when the write failed. */
  async append(data: Buffer): Promise<{ seg: CacheSegment; at: number }> {
    for (let attempt = 0; ; attempt++) {
      const w = await this.open();
      try {
        await w.handle.appendFile(data);
      } catch (e) {
        // A failed write may have left part of a line: later lines go to a fresh segment so none is glued onto it.
        await this.close();
        throw e;
      }
      const at = w.seg.offset;
      w.seg.offset += data.length;
      if ((await fs.stat(w.seg.path).catch(() => undefined))?.ino === w.ino) {
        w.checkedAt = performance.now();
        return { seg: w.seg, at };
      }
      if (attempt > 0) return { seg: w.seg, at };
      // Taken over (or removed) while this batch was being written: the taker may have read the file before it.
      await this.close();
      this.known.forgetSegment(w.seg);
    }
  }

  /** Closes the segment; the next append starts a fresh one. */
  async close(): Promise<void> {
    const w = this.writer;
    this.writer = undefined;
    this.known.writerSeg = undefined;
    if (w !== undefined) CacheIndex.openWriters.delete(w.seg.name);
    await w?.handle.close().catch(() => undefined);
  }

  private async open(): Promise<{ seg: CacheSegment; handle: fs.FileHandle; ino: number; checkedAt: number }> {
    const w = this.writer;
    if (w !== undefined && performance.now() - w.checkedAt >= STILL_OURS_MS && (await fs.stat(w.seg.path).catch(() => undefined))?.ino !== w.ino) {
      // Removed by hand, or taken over by another process: what it held is gone from here (the taker's merged file
      // holds it, and a refresh finds that), so the index forgets it.
      const gone = w.seg;
      await this.close();
      this.known.forgetSegment(gone);
    }
    if (this.writer === undefined) {
      await this.make(this.dir);
      const name = newCacheSegmentName(this.clock.now());
      const path = join(this.dir, name);
      const handle = await fs.open(path, 'a');
      const { ino } = await handle.stat();
      CacheIndex.openWriters.add(name);
      const seg: CacheSegment = { name, path, pid: process.pid, offset: 0, own: true, final: false, damaged: 0, warnedTail: false };
      this.known.segments.set(name, seg);
      this.writer = { seg, handle, ino, checkedAt: performance.now() };
      this.known.writerSeg = seg;
    }
    return this.writer;
  }
}

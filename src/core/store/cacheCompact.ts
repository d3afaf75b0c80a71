// Reclaiming response-cache space: the live entries of this writer's segments and of finished writers' segments are
// copied (with their current use time) into one new segment, complete under a temp name and renamed before the old
// segments are deleted. A crash between the two steps only leaves duplicates, which readers resolve by stored time
// and the next compaction drops. Evicted, expired and damaged lines are not carried over.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../io';
import type { CacheIndex } from './cacheIndex';
import { isCacheMergeTemp, newCacheSegmentName, reencodeEntry } from './cacheLine';
import { describeError, isMissing } from './files';
import type { CachedResponse } from './types';

// A writer on another machine sharing the folder has a pid this machine cannot check; a quiet period guards it.
const QUIET_MS = 60_000;
const STALE_TMP_MS = 60_000;
const LEGACY_SHARD = /^[0-9a-f]{2}$/;
/** An entry file of the old layout (`<64 hex key>.json`) and the temp file its atomic write used. */
const LEGACY_ENTRY = /^[0-9a-f]{64}\.json(?:\.\d+\.[0-9a-f]{8}\.tmp)?$/;

/** One segment file as the index knows it. */
export interface CacheSegment {
  readonly name: string;
  readonly path: string;
  readonly pid: number;
  /** Bytes read (or written, for this writer's own): everything up to the last complete line. */
  offset: number;
  /** Written by this cache instance: never re-read, always free to merge. */
  readonly own: boolean;
  /** Its writer has exited and it was read to the end: it will not change again. */
  final: boolean;
  /** Last modification seen, for the quiet period. */
  mtimeMs?: number;
  damaged: number;
  warnedTail: boolean;
  /** File size at the last read, including an incomplete last line. */
  seenSize?: number;
  /** Bytes of the file kept from reading or writing it (`at` is the file offset), so hits need no read. */
  chunks?: { readonly at: number; readonly buf: Buffer }[];
}

/** An index entry: where the line is (or the reply itself while its write is queued), and its times. */
export interface CacheEntry {
  seg: CacheSegment | undefined;
  start: number;
  end: number;
  readonly storedAt: number;
  used: number;
  bytes: number;
  pending: Omit<CachedResponse, 'storedAt'> | undefined;
}

export interface CompactInput {
  readonly dir: string;
  readonly segments: readonly CacheSegment[];
  readonly index: ReadonlyMap<string, CacheEntry>;
  readonly now: number;
  readonly expired: (storedAt: number) => boolean;
  /** Merge finished segments without waiting for the quiet period, and even when nothing would be reclaimed. */
  readonly force: boolean;
  readonly logger: Logger;
}

export interface CompactOutput {
  readonly removedSegments: readonly CacheSegment[];
  readonly merged: CacheSegment | undefined;
  /** Entries not carried over (expired, damaged, or their file gone): the caller drops them from the index. */
  readonly droppedKeys: readonly string[];
  /** Damaged lines that were in the removed segments. */
  readonly damagedLines: number;
  /** Change of the live entries' total size (use times are rewritten). */
  readonly bytesDelta: number;
}

/** True when a finished segment may be merged by a process other than its writer. */
export function isQuiet(seg: CacheSegment, force: boolean): boolean {
  // This process knows its own writers for certain; another pid may be a writer on another machine.
  return force || seg.pid === process.pid || (seg.mtimeMs !== undefined && Date.now() - seg.mtimeMs >= QUIET_MS);
}

/** Merges the mergeable segments' live entries into one new segment; the caller has closed its own writer. */
export async function compactCache(input: CompactInput): Promise<CompactOutput> {
  const none: CompactOutput = { removedSegments: [], merged: undefined, droppedKeys: [], damagedLines: 0, bytesDelta: 0 };
  const candidates = new Set(input.segments.filter((s) => s.own || (s.final && isQuiet(s, input.force))));
  const bySegment = new Map<CacheSegment, [string, CacheEntry][]>();
  let live = 0;
  for (const [key, e] of input.index) {
    if (e.seg === undefined || !candidates.has(e.seg)) continue;
    let list = bySegment.get(e.seg);
    if (list === undefined) bySegment.set(e.seg, (list = []));
    list.push([key, e]);
    live += e.bytes;
  }
  let disk = 0;
  for (const s of candidates) disk += s.offset;
  await removeLeftovers(input.dir, input.logger);
  if (candidates.size === 0 || (!input.force && candidates.size === 1 && disk === live)) return none;

  const name = newCacheSegmentName(input.now);
  const path = join(input.dir, name);
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const dropped: string[] = [];
  const moves: { entry: CacheEntry; start: number; end: number }[] = [];
  let offset = 0;
  let bytesDelta = 0;
  const out = await fs.open(tmp, 'w');
  try {
    for (const seg of candidates) {
      const list = bySegment.get(seg);
      if (list === undefined) continue;
      let chunk: Buffer;
      try {
        chunk = await fs.readFile(seg.path);
      } catch (e) {
        if (!isMissing(e)) throw e;
        for (const [key] of list) dropped.push(key);
        continue;
      }
      const lines: Buffer[] = [];
      for (const [key, e] of list.sort((a, b) => a[1].start - b[1].start)) {
        const line = input.expired(e.storedAt) || e.end > chunk.length ? undefined : reencodeEntry(chunk, e.start, e.end - 1, key, e.storedAt, e.used);
        if (line === undefined) {
          dropped.push(key);
          continue;
        }
        moves.push({ entry: e, start: offset, end: offset + line.length });
        bytesDelta += line.length - e.bytes;
        offset += line.length;
        lines.push(line);
      }
      if (lines.length > 0) await out.write(Buffer.concat(lines));
    }
  } catch (e) {
    await out.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await out.close();
  let merged: CacheSegment | undefined;
  if (offset > 0) {
    await fs.rename(tmp, path);
    merged = { name, path, pid: process.pid, offset, own: true, final: false, damaged: 0, warnedTail: false };
    for (const m of moves) {
      m.entry.seg = merged;
      m.entry.bytes = m.end - m.start;
      m.entry.start = m.start;
      m.entry.end = m.end;
    }
  } else await fs.rm(tmp, { force: true });
  let damagedLines = 0;
  for (const seg of candidates) {
    damagedLines += seg.damaged;
    await fs.unlink(seg.path).catch((e: unknown) => {
      if (!isMissing(e)) input.logger.warn(`Response cache compaction could not remove ${seg.path}: ${describeError(e)}`);
    });
  }
  return { removedSegments: [...candidates], merged, droppedKeys: dropped, damagedLines, bytesDelta };
}

/** Drops least recently used entries until the live bytes are at most `limit`; returns how many. */
export function evictTo(known: CacheIndex, limit: number): number {
  if (known.liveBytes <= limit) return 0;
  let removed = 0;
  const oldestFirst = [...known.entries].sort((a, b) => a[1].used - b[1].used);
  for (const [key] of oldestFirst) {
    if (known.liveBytes <= limit) break;
    known.dropEntry(key);
    removed++;
  }
  return removed;
}

/** Merges the mergeable segments of an index (its writer closed) and applies the result; returns entries dropped. */
export async function mergeSegments(known: CacheIndex, input: Omit<CompactInput, 'segments' | 'index'>): Promise<number> {
  const result = await compactCache({ ...input, segments: [...known.segments.values()], index: known.entries });
  for (const seg of result.removedSegments) {
    known.release(seg);
    known.segments.delete(seg.name);
  }
  if (result.merged !== undefined) known.segments.set(result.merged.name, result.merged);
  known.liveBytes += result.bytesDelta;
  for (const key of result.droppedKeys) known.dropEntry(key);
  return result.droppedKeys.length + result.damagedLines;
}

/**
 * Temp files of interrupted merges, and the one-file-per-entry folders older versions wrote. Only names the cache
 * writes are touched: `cache.dir` may point into a folder that holds other files.
 */
async function removeLeftovers(dir: string, logger: Logger): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const path = join(dir, n);
    if (LEGACY_SHARD.test(n)) {
      await removeLegacyShard(path).catch((e: unknown) => logger.warn(`Could not remove the old cache folder ${path}: ${describeError(e)}`));
    } else if (isCacheMergeTemp(n)) {
      const st = await fs.stat(path).catch(() => undefined);
      if (st !== undefined && Date.now() - st.mtimeMs > STALE_TMP_MS) await fs.rm(path, { force: true }).catch(() => undefined);
    }
  }
}

/** True for a name in the cache folder that an older version's one-file-per-entry layout may have written. */
export function isLegacyShard(name: string): boolean {
  return LEGACY_SHARD.test(name);
}

/** Removes the entry files (and their temp files) of an older version's folder, then the folder when nothing else is left in it. */
export async function removeLegacyShard(path: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(path);
  } catch (e) {
    // A file with a shard's name, or already gone: not an old cache folder.
    if (isMissing(e) || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return;
    throw e;
  }
  await Promise.all(names.filter((n) => LEGACY_ENTRY.test(n)).map((n) => fs.rm(join(path, n), { force: true })));
  await fs.rmdir(path).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (e as NodeJS.ErrnoException).code !== 'EEXIST' && !isMissing(e)) throw e;
  });
}

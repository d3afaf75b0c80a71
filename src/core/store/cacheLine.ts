// One response-cache line: `<crc32 hex> <meta json>\t<body json>\n`. An entry's meta is `{"k":key,"t":storedAt,
// "u":usedAt}` and its body the reply; a use (for least-recently-used eviction) is `{"k":key,"u":usedAt}` with an
// empty body, and may name more keys used at the same time in `"ks"` (their 64-digit keys back to back), so the hits
// of a whole batch cost one line. A reader that predates `"ks"` sees a use of the first key and skips nothing. The
// checksum covers meta and body, so a line torn by a crash or damaged later is recognised and skipped.
import { randomBytes } from 'node:crypto';
import { checksumHolds, checksummedLine, lineChecksum } from './segmentLine';
import type { CachedResponse } from './types';

const TAB = 0x09;
const KEY = /^[0-9a-f]{64}$/;
const KEYS = /^(?:[0-9a-f]{64})*$/;
// Keys per use line, so a line stays far below what a reader holds at once (about 270 KB).
const USES_PER_LINE = 4096;
const SEGMENT = /^c-([0-9a-z]+)-(\d+)-[0-9a-f]+\.log$/;

/** A line as read back: an entry (with its body's place in the chunk) or a use. */
export type CacheLine =
  | { readonly kind: 'entry'; readonly key: string; readonly storedAt: number; readonly usedAt: number; readonly bodyAt: number }
  | { readonly kind: 'use'; readonly key: string; readonly usedAt: number; readonly more?: string };

/** True for a string `cacheKey()` could have produced (64 hex digits). */
export function isCacheKey(key: string): boolean {
  return KEY.test(key);
}

/** A new cache segment file name: creation time, writer pid (for the liveness check), random tag. */
export function newCacheSegmentName(now: number): string {
  return `c-${now.toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}.log`;
}

const MERGE_TEMP = /^c-[0-9a-z]+-\d+-[0-9a-f]+\.log\.[0-9a-f]{8}\.tmp$/;

/** True for the temp file a merge writes (its segment's name and a random tag), left behind when one is interrupted. */
export function isCacheMergeTemp(name: string): boolean {
  return MERGE_TEMP.test(name);
}

/** The writer pid of a cache segment file name, or undefined when the name is not a segment's. */
export function cacheSegmentPid(name: string): number | undefined {
  const m = SEGMENT.exec(name);
  return m ? Number(m[2]) : undefined;
}

/** Encodes a stored reply as one line. */
export function encodeEntry(key: string, storedAt: number, usedAt: number, response: CachedResponse): string {
  const { storedAt: _ignored, ...rest } = response;
  return checksummedLine(`${JSON.stringify({ k: key, t: storedAt, u: usedAt })}\t${JSON.stringify(rest)}`);
}

/** Encodes a use of an entry as one line. */
export function encodeUse(key: string, usedAt: number): string {
  return checksummedLine(`${JSON.stringify({ k: key, u: usedAt })}\t`);
}

/** Encodes uses of several keys at one time as few lines (one per USES_PER_LINE keys). */
export function encodeUses(keys: readonly string[], usedAt: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < keys.length; i += USES_PER_LINE) {
    const [first, ...rest] = keys.slice(i, i + USES_PER_LINE);
    lines.push(rest.length === 0 ? encodeUse(first, usedAt) : checksummedLine(`${JSON.stringify({ k: first, u: usedAt, ks: rest.join('') })}\t`));
  }
  return lines;
}

/** Calls `f` with every key a use line names, the first key and those in `more`. */
export function forEachUsedKey(line: { readonly key: string; readonly more?: string }, f: (key: string) => void): void {
  f(line.key);
  const more = line.more;
  if (more !== undefined) for (let i = 0; i < more.length; i += 64) f(more.slice(i, i + 64));
}

/** Decodes the line at chunk[start, end) (without its newline); undefined when it is damaged. */
export function decodeCacheLine(chunk: Buffer, start: number, end: number): CacheLine | undefined {
  if (!checksumHolds(chunk, start, end)) return undefined;
  const tab = chunk.indexOf(TAB, start + 9);
  if (tab < 0 || tab >= end) return undefined;
  let meta: { k?: unknown; t?: unknown; u?: unknown; ks?: unknown };
  try {
    meta = JSON.parse(chunk.toString('utf8', start + 9, tab)) as typeof meta;
  } catch {
    return undefined;
  }
  if (!meta || typeof meta.k !== 'string' || !KEY.test(meta.k) || typeof meta.u !== 'number') return undefined;
  if (meta.t === undefined) {
    if (tab + 1 !== end) return undefined;
    if (meta.ks === undefined) return { kind: 'use', key: meta.k, usedAt: meta.u };
    return typeof meta.ks === 'string' && KEYS.test(meta.ks) ? { kind: 'use', key: meta.k, usedAt: meta.u, more: meta.ks } : undefined;
  }
  if (typeof meta.t !== 'number' || tab + 1 >= end) return undefined;
  return { kind: 'entry', key: meta.k, storedAt: meta.t, usedAt: meta.u, bodyAt: tab + 1 - start };
}

/** The reply in an entry line read back whole (checksum included), or undefined when it is damaged or not `key`'s. */
export function decodeEntryLine(line: Buffer, key: string): { storedAt: number; response: CachedResponse } | undefined {
  const end = lineEnd(line);
  const decoded = decodeCacheLine(line, 0, end);
  if (decoded?.kind !== 'entry' || decoded.key !== key) return undefined;
  const response = replyIn(line, decoded.bodyAt, end);
  return response === undefined ? undefined : { storedAt: decoded.storedAt, response };
}

/**
 * The reply in an entry line whose checksum and meta were already checked when its bytes were read into memory (see
 * `CacheIndex.consume`): only the body is parsed. Undefined when the line is not `key`'s entry or the body is not a reply.
 */
export function decodeCheckedEntryLine(line: Buffer, key: string): CachedResponse | undefined {
  const end = lineEnd(line);
  // `<crc> {"k":"<key>",...}\t<body>`: the key sits at a fixed place, so a line taken from the wrong offset is caught.
  if (end < 80 || line.toString('latin1', 9, 15) !== '{"k":"' || line.toString('latin1', 15, 79) !== key) return undefined;
  const tab = line.indexOf(TAB, 79);
  if (tab < 0 || tab + 1 >= end) return undefined;
  return replyIn(line, tab + 1, end);
}

/** Where a line's text ends: before its newline, when it has one. */
function lineEnd(line: Buffer): number {
  return line.length > 0 && line[line.length - 1] === 0x0a ? line.length - 1 : line.length;
}

/** The reply in line[from, end), or undefined when it is not JSON or not a reply's shape. */
function replyIn(line: Buffer, from: number, end: number): CachedResponse | undefined {
  let response: unknown;
  try {
    response = JSON.parse(line.toString('utf8', from, end));
  } catch {
    return undefined;
  }
  return isResponse(response) ? response : undefined;
}

/** True for a successful reply's shape; anything else (errors included) is never cached. */
export function isResponse(r: unknown): r is CachedResponse {
  const x = r as Partial<CachedResponse> | null;
  return (
    !!x &&
    typeof x === 'object' &&
    typeof x.text === 'string' &&
    typeof x.finishReason === 'string' &&
    typeof x.latencyMs === 'number' &&
    typeof x.model === 'string' &&
    (x.usage === undefined || (typeof x.usage === 'object' && x.usage !== null))
  );
}

/** The entry line at chunk[start, end) (newline excluded) rewritten with a new use time, its reply bytes unchanged. */
export function reencodeEntry(chunk: Buffer, start: number, end: number, key: string, storedAt: number, usedAt: number): Buffer | undefined {
  const line = decodeCacheLine(chunk, start, end);
  if (line?.kind !== 'entry' || line.key !== key || line.storedAt !== storedAt) return undefined;
  const body = Buffer.concat([Buffer.from(`${JSON.stringify({ k: key, t: storedAt, u: usedAt })}\t`, 'utf8'), chunk.subarray(start + line.bodyAt, end)]);
  return Buffer.concat([Buffer.from(`${lineChecksum(body)} `, 'latin1'), body, Buffer.from('\n')]);
}

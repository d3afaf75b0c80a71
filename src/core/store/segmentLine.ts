// One history line: `<crc32 hex> <meta json>\t<record json>\n`. The checksum covers meta and record, so a torn or
// damaged line is recognised as such; the meta holds what the index needs, the record is parsed on demand.
import { randomBytes } from 'node:crypto';
import { crc32 } from './crc32';
import type { SummaryLine } from './summaryIndex';
import type { RecordMeta, RecordSummary, RunRecord } from './types';

const TAB = 0x09;
const SEGMENT = /^seg-([0-9a-z]+)-(\d+)-[0-9a-f]+\.jsonl$/;

/** A new segment file name: creation time, writer pid (for compaction's liveness check), random tag. */
export function newSegmentName(now: number): string {
  return `seg-${now.toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`;
}

/** The writer pid of a segment file name, or undefined when the name is not a segment's. */
export function segmentPid(name: string): number | undefined {
  const m = SEGMENT.exec(name);
  return m ? Number(m[2]) : undefined;
}

/**
 * An indexed record: its metadata, where its line is in which segment, and (once read) the line's bytes. Entries
 * taken from a summary index start without bytes: `HistoryLog.load` reads them when a query returns the record.
 */
export interface IndexEntry extends RecordMeta {
  /** Path of the segment file, and the line's byte offset and length (newline included) in it. */
  readonly file: string;
  readonly pos: number;
  readonly len: number;
  /** Offset of the tab between meta and record JSON, from the start of the line. */
  readonly tab: number;
  /** The line's checksum (its first 8 bytes) as written, so bytes read later are known to be this line. */
  readonly sum: string;
  /** The line is `src[line, line + len)`: offsets into the chunk read from the segment, not a copy. */
  src: Buffer | undefined;
  line: number;
  /** False until the line's checksum was checked (entries taken from a summary index are checked on load). */
  verified: boolean;
  /** From the summary index, or computed once from the full record. */
  summary?: RecordSummary;
}

/** Checksum of one line's bytes: CRC-32 as 8 hex digits, enough to catch torn and damaged lines. */
export function lineChecksum(data: string | Buffer): string {
  return crc32(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
    .toString(16)
    .padStart(8, '0');
}

/** One line of the store's checksummed files (history, summary index, cache): `<checksum> <body>\n`. */
export function checksummedLine(body: string): string {
  return `${lineChecksum(body)} ${body}\n`;
}

/** True when chunk[start, end) (without its newline) is `<8 hex> <body>` and the checksum matches the body. */
export function checksumHolds(chunk: Buffer, start: number, end: number): boolean {
  if (end - start < 10 || chunk[start + 8] !== 0x20) return false;
  const sum = parseInt(chunk.toString('latin1', start, start + 8), 16);
  return crc32(chunk.subarray(start + 9, end)) === sum;
}

/** Encodes one record as a history line. */
export function encodeLine(record: RunRecord): string {
  return checksummedLine(`${JSON.stringify(metaOf(record))}\t${JSON.stringify(record)}`);
}

/** Where one encoded line sits in the bytes of `encodeLines`: its length (newline included), tab and checksum. */
export interface EncodedLine {
  readonly len: number;
  readonly tab: number;
  readonly sum: string;
}

/**
 * Encodes records as history lines, the bytes `encodeLine` gives, straight into one buffer: each line's text is
 * encoded once and its checksum taken over those bytes, with no string or buffer copy per line in between.
 */
export function encodeLines(records: readonly RunRecord[]): { data: Buffer; lines: EncodedLine[] } {
  const metas: string[] = new Array<string>(records.length);
  const bodies: string[] = new Array<string>(records.length);
  let size = 0;
  for (let i = 0; i < records.length; i++) {
    metas[i] = JSON.stringify(metaOf(records[i]));
    bodies[i] = `${metas[i]}\t${JSON.stringify(records[i])}`;
    size += 10 + Buffer.byteLength(bodies[i], 'utf8');
  }
  const data = Buffer.allocUnsafe(size);
  const lines: EncodedLine[] = new Array<EncodedLine>(records.length);
  let at = 0;
  for (let i = 0; i < records.length; i++) {
    const start = at;
    const end = start + 9 + data.write(bodies[i], start + 9, 'utf8');
    const sum = crc32(data.subarray(start + 9, end)).toString(16).padStart(8, '0');
    data.write(sum, start, 'latin1');
    data[start + 8] = 0x20;
    data[end] = 0x0a;
    at = end + 1;
    lines[i] = { len: at - start, tab: 9 + Buffer.byteLength(metas[i], 'utf8'), sum };
  }
  return { data, lines };
}

function metaOf(r: RunRecord): RecordMeta {
  const { id, runId, time, promptPath, promptHash, snapshot, testName, caseId, pass, repeatIndex, cached } = r;
  return { id, runId, time, promptPath, promptHash, snapshot, testName, caseId, pass, repeatIndex, cached };
}

/** The index entry of the line at chunk[start, end) (without its newline) of segment `file`, whose byte 0 is at `base`. */
export function decodeLine(chunk: Buffer, start: number, end: number, file = '', base = 0): IndexEntry | undefined {
  if (!checksumHolds(chunk, start, end)) return undefined;
  const tab = chunk.indexOf(TAB, start + 9);
  if (tab < 0 || tab > end) return undefined;
  let meta: unknown;
  try {
    meta = JSON.parse(chunk.toString('utf8', start + 9, tab));
  } catch {
    return undefined;
  }
  if (!isMeta(meta)) return undefined;
  const entry = meta as RecordMeta & { -readonly [K in keyof IndexEntry]: IndexEntry[K] };
  entry.file = file;
  entry.pos = base + start;
  entry.len = end + 1 - start;
  entry.tab = tab - start;
  entry.sum = chunk.toString('latin1', start, start + 8);
  entry.src = chunk;
  entry.line = start;
  entry.verified = true;
  return entry;
}

/** The index entry of a summary-index line of segment `file`; its bytes are read when the record is loaded. */
export function entryFromSummary(l: Extract<SummaryLine, { r: RecordSummary }>, file: string): IndexEntry {
  const s = l.r;
  return {
    id: s.id, runId: s.runId, time: s.time, promptPath: s.promptPath, promptHash: s.promptHash, snapshot: s.snapshot,
    testName: s.testName, caseId: s.caseId, pass: s.pass, repeatIndex: s.repeatIndex, cached: s.cached,
    file, pos: l.at, len: l.len, tab: l.tab, sum: l.sum, src: undefined, line: 0, verified: false, summary: s,
  };
}

/** The record JSON's bounds in `e.src`. */
export function recordBounds(e: IndexEntry): { start: number; end: number } {
  return { start: e.line + e.tab + 1, end: e.line + e.len - 1 };
}

/**
 * Gives an entry the bytes of its line, `buf[line, line + len)`, when they are that line: its checksum as written,
 * a space after it, a tab where the record starts, a newline where it ends. False when the segment changed.
 */
export function bindEntry(e: IndexEntry, buf: Buffer, line: number): boolean {
  const end = line + e.len;
  if (line < 0 || end > buf.length || buf[end - 1] !== 0x0a || buf[line + 8] !== 0x20 || buf[line + e.tab] !== TAB) return false;
  if (buf.toString('latin1', line, line + 8) !== e.sum) return false;
  e.src = buf;
  e.line = line;
  return true;
}

/** True when the entry's line still has the checksum it was written with (checked once, on first load). */
export function verifyEntry(e: IndexEntry): boolean {
  if (e.verified) return true;
  if (e.src === undefined) return false;
  e.verified = checksumHolds(e.src, e.line, e.line + e.len - 1);
  return e.verified;
}

/** Parses the record JSON of an entry; undefined when it does not parse or is not that record. */
export function parseRecord(json: string, id: string): RunRecord | undefined {
  try {
    const r = JSON.parse(json) as unknown;
    return isRecord(r) && r.id === id ? r : undefined;
  } catch {
    return undefined;
  }
}

/** True when `d` has every field of a record's meta with the right type (it came from disk). */
export function isMeta(d: unknown): d is RecordMeta {
  const r = d as Partial<RecordMeta> | null;
  return (
    !!r &&
    typeof r === 'object' &&
    typeof r.id === 'string' &&
    typeof r.runId === 'string' &&
    typeof r.time === 'number' &&
    typeof r.promptPath === 'string' &&
    typeof r.promptHash === 'string' &&
    typeof r.snapshot === 'string' &&
    typeof r.testName === 'string' &&
    typeof r.caseId === 'string' &&
    typeof r.pass === 'boolean' &&
    typeof r.repeatIndex === 'number' &&
    typeof r.cached === 'boolean'
  );
}

// The fields views rely on beyond the meta; a record without them is as unusable as a torn line.
function isRecord(d: unknown): d is RunRecord {
  const r = d as Partial<RunRecord> | null;
  return isMeta(d) && Array.isArray(r?.assertions) && typeof r?.output === 'string';
}

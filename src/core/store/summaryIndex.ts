// The summary index beside each history segment (`seg-….jsonl` → `seg-….summary`): one line per segment line,
// `<crc32 hex> <json>\n`, giving where the line is in the segment and the record's summary. A list of outcomes reads
// these small lines instead of parsing every full record. The index is only a shortcut: it is untrusted input, checked
// line by line (checksum, shape, contiguous offsets, and the segment's own bytes at each offset), and where it is
// missing, behind or damaged the reader falls back to the segment itself, which stays the source of truth.
import { crc32 } from './crc32';
import { PREVIEW_LENGTH } from './summary';
import type { RecordSummary } from './types';

/** Where one segment line is and what it holds: a record's summary, or a damaged line to skip. */
export type SummaryLine =
  | {
      /** Byte offset of the line in the segment, and its length including the newline. */
      readonly at: number;
      readonly len: number;
      /** Offset of the tab between meta and record JSON, from the start of the line. */
      readonly tab: number;
      /** The line's own checksum (its first 8 bytes), compared with the segment to prove the offsets still hold. */
      readonly sum: string;
      readonly r: RecordSummary;
    }
  | { readonly at: number; readonly len: number; readonly bad: true };

/** The summary index file name of a segment file name. */
export function summaryIndexName(segment: string): string {
  return segment.replace(/\.jsonl$/, '.summary');
}

/** The segment file name of a summary index file name, or undefined when it is not one. */
export function segmentOfSummaryIndex(name: string): string | undefined {
  return name.endsWith('.summary') ? `${name.slice(0, -'.summary'.length)}.jsonl` : undefined;
}

/** One summary index line. */
export function encodeSummaryLine(line: SummaryLine): string {
  const body = JSON.stringify(line);
  return `${crc32(Buffer.from(body, 'utf8')).toString(16).padStart(8, '0')} ${body}\n`;
}

/** The summary line at chunk[start, end) (without its newline), or undefined when it is damaged or not one. */
export function decodeSummaryLine(chunk: Buffer, start: number, end: number): SummaryLine | undefined {
  if (end - start < 10 || chunk[start + 8] !== 0x20) return undefined;
  const sum = parseInt(chunk.toString('latin1', start, start + 8), 16);
  if (crc32(chunk.subarray(start + 9, end)) !== sum) return undefined;
  let d: unknown;
  try {
    d = JSON.parse(chunk.toString('utf8', start + 9, end));
  } catch {
    return undefined;
  }
  return isSummaryLine(d) ? d : undefined;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isNum = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
const optNum = (n: unknown): boolean => n === undefined || isNum(n);

function isSummaryLine(d: unknown): d is SummaryLine {
  const l = d as { at?: unknown; len?: unknown; tab?: unknown; sum?: unknown; r?: unknown; bad?: unknown } | null;
  if (!l || typeof l !== 'object' || !isCount(l.at) || !isCount(l.len) || l.len < 1) return false;
  if (l.bad === true) return true;
  return isCount(l.tab) && l.tab > 9 && l.tab < l.len && typeof l.sum === 'string' && /^[0-9a-f]{8}$/.test(l.sum) && isSummary(l.r);
}

/** True when `d` has every field of a `RecordSummary` with the right type (it came from disk). */
export function isSummary(d: unknown): d is RecordSummary {
  const s = d as Partial<Record<keyof RecordSummary, unknown>> | null;
  if (!s || typeof s !== 'object') return false;
  const git = s.git as { commit?: unknown; dirty?: unknown } | undefined;
  return (
    typeof s.id === 'string' &&
    typeof s.runId === 'string' &&
    isNum(s.time) &&
    typeof s.promptPath === 'string' &&
    typeof s.promptHash === 'string' &&
    typeof s.snapshot === 'string' &&
    typeof s.testName === 'string' &&
    typeof s.caseId === 'string' &&
    typeof s.pass === 'boolean' &&
    isNum(s.repeatIndex) &&
    typeof s.cached === 'boolean' &&
    (s.tool === 'editor' || s.tool === 'cli') &&
    typeof s.provider === 'string' &&
    typeof s.model === 'string' &&
    (s.status === 'passed' || s.status === 'failed' || s.status === 'errored') &&
    isNum(s.score) &&
    optNum(s.latencyMs) &&
    optNum(s.inputTokens) &&
    optNum(s.outputTokens) &&
    (s.costUsd === null || isNum(s.costUsd)) &&
    (git === undefined || (typeof git === 'object' && git !== null && typeof git.commit === 'string' && typeof git.dirty === 'boolean')) &&
    typeof s.preview === 'string' &&
    s.preview.length <= PREVIEW_LENGTH &&
    typeof s.outputHash === 'string' &&
    (s.problem === undefined || typeof s.problem === 'string')
  );
}

/**
 * True when the segment bytes of `line` (starting at chunk[rel]) are the line the summary describes: the same
 * checksum, a tab where the record starts, a newline where it ends. A rewritten or cut segment fails this.
 */
export function matchesSegment(line: SummaryLine, chunk: Buffer, rel: number): boolean {
  const end = rel + line.len;
  if (rel < 0 || end > chunk.length || chunk[end - 1] !== 0x0a) return false;
  if ('bad' in line) return true;
  return chunk[rel + 8] === 0x20 && chunk[rel + line.tab] === 0x09 && chunk.toString('latin1', rel, rel + 8) === line.sum;
}

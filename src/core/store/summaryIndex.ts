// The summary index beside each history segment (`seg-….jsonl` → `seg-….summary`): one line per segment line,
// `<crc32 hex> <json>\n`, giving where the line is in the segment and the record's summary. A list of outcomes reads
// these small lines instead of parsing every full record. The index is only a shortcut: it is untrusted input, checked
// line by line (checksum, shape, contiguous offsets, and the segment's own bytes at each offset), and where it is
// missing, behind or damaged the reader falls back to the segment itself, which stays the source of truth.
import { checksumHolds, checksummedLine, isMeta } from './segmentLine';
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

// A line's JSON is an array, not an object (no key names: a third of the size, and arrays parse faster). String
// fields that most lines share with the line before (run, prompt, version, test, model) are written as 0, "as above".
// Reading is sequential anyway: the first damaged line ends what the index is trusted for.

/** Indexes into `fields()` of the strings written as 0 when equal to the line before's. */
const SHARED: readonly number[] = [1, 3, 4, 5, 6, 11, 12, 13, 20];
const FIELDS = 25;

function fields(s: RecordSummary): unknown[] {
  return [
    s.id, s.runId, s.time, s.promptPath, s.promptHash, s.snapshot, s.testName, s.caseId, s.pass, s.repeatIndex, s.cached,
    s.tool, s.provider, s.model, s.status, s.score, s.latencyMs ?? null, s.inputTokens ?? null, s.outputTokens ?? null,
    s.costUsd, s.git?.commit ?? null, s.git?.dirty ?? null, s.preview, s.outputHash, s.problem ?? null,
  ];
}

function fromFields(f: readonly unknown[]): RecordSummary | undefined {
  const [id, runId, time, promptPath, promptHash, snapshot, testName, caseId, pass, repeatIndex, cached, tool, provider, model, status,
    score, latencyMs, inputTokens, outputTokens, costUsd, commit, dirty, preview, outputHash, problem] = f;
  const s: Record<string, unknown> = {
    id, runId, time, promptPath, promptHash, snapshot, testName, caseId, pass, repeatIndex, cached, tool, provider, model, status, score,
    costUsd, preview, outputHash,
  };
  if (latencyMs !== null) s.latencyMs = latencyMs;
  if (inputTokens !== null) s.inputTokens = inputTokens;
  if (outputTokens !== null) s.outputTokens = outputTokens;
  if (commit !== null || dirty !== null) s.git = { commit, dirty };
  if (problem !== null) s.problem = problem;
  return isSummary(s) ? s : undefined;
}

/** Encodes the lines of one summary index in order (each may refer to the line before). */
export class SummaryIndexWriter {
  private prev: unknown[] | undefined;

  /** One line, `<crc32 hex> <json array>\n`. */
  line(l: SummaryLine): string {
    if ('bad' in l) return checksummedLine(JSON.stringify([l.at, l.len]));
    const f = fields(l.r);
    const out = f.slice();
    if (this.prev) for (const i of SHARED) if (typeof f[i] === 'string' && f[i] === this.prev[i]) out[i] = 0;
    this.prev = f;
    return checksummedLine(JSON.stringify([l.at, l.len, l.tab, l.sum, ...out]));
  }
}

/** Decodes the lines of one summary index in order; a damaged line means the lines after it are not trusted. */
export class SummaryIndexReader {
  private prev: unknown[] | undefined;

  /** The summary line at chunk[start, end) (without its newline), or undefined when it is damaged or not one. */
  line(chunk: Buffer, start: number, end: number): SummaryLine | undefined {
    if (!checksumHolds(chunk, start, end)) return undefined;
    let d: unknown;
    try {
      d = JSON.parse(chunk.toString('utf8', start + 9, end));
    } catch {
      return undefined;
    }
    if (!Array.isArray(d) || !isCount(d[0]) || !isCount(d[1]) || d[1] < 1) return undefined;
    const at = d[0];
    const len = d[1];
    if (d.length === 2) return { at, len, bad: true };
    const tab: unknown = d[2];
    const lineSum: unknown = d[3];
    if (d.length !== FIELDS + 4 || !isCount(tab) || tab <= 9 || tab >= len || typeof lineSum !== 'string' || !/^[0-9a-f]{8}$/.test(lineSum)) return undefined;
    const f = d.slice(4) as unknown[];
    for (const i of SHARED) {
      if (f[i] !== 0) continue;
      if (!this.prev) return undefined;
      f[i] = this.prev[i];
    }
    const r = fromFields(f);
    if (!r) return undefined;
    this.prev = f;
    return { at, len, tab, sum: lineSum, r };
  }
}

/** True when `d` has every field of a `RecordSummary` with the right type (it came from disk). */
export function isSummary(d: unknown): d is RecordSummary {
  const s = d as Partial<Record<keyof RecordSummary, unknown>> | null;
  if (!s || typeof s !== 'object') return false;
  const git = s.git as { commit?: unknown; dirty?: unknown } | undefined;
  // The meta fields as a record line's meta checks them, and the numbers finite on top.
  return (
    isMeta(d) &&
    isNum(s.time) &&
    isNum(s.repeatIndex) &&
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

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isNum = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
const optNum = (n: unknown): boolean => n === undefined || isNum(n);

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

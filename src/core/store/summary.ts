// The summary of a run record: the fields a list of outcomes shows, computed once when the record is written (or
// when a missing summary index is rebuilt) instead of every time a list opens.
import type { RecordSummary, RunRecord } from './types';

/** Characters of output a summary keeps for a list's preview column. */
export const PREVIEW_LENGTH = 160;

/** Errored when the call failed or an assertion could not be evaluated; never counted as a plain failure. */
export function statusOf(record: RunRecord): RecordSummary['status'] {
  if (record.error) return 'errored';
  if (record.assertions.some((a) => a.error !== undefined || a.notRun === true)) return 'errored';
  return record.pass ? 'passed' : 'failed';
}

/** FNV-1a, 32 bits, hex: enough to tell whether two outputs differ, cheap for 10,000 outputs. */
export function outputHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The output on one line, whitespace runs collapsed, cut at `PREVIEW_LENGTH`; reads only as far as it needs. */
export function preview(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Space, tab, line breaks, form feed, vertical tab and the no-break space count as whitespace.
    if (c === 32 || (c >= 9 && c <= 13) || c === 160) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    if (out.length >= PREVIEW_LENGTH - 1) return `${out.slice(0, PREVIEW_LENGTH - 1)}…`;
    out += text[i];
  }
  return out;
}

/** The error, or the first failing assertion, as one line; undefined when the record passed cleanly. */
export function firstProblem(record: RunRecord): string | undefined {
  if (record.error) return `${record.error.kind}: ${record.error.message}`;
  const bad = record.assertions.find((a) => a.error !== undefined || a.notRun === true || !a.pass);
  if (!bad) return undefined;
  return `${bad.type}: ${bad.error ?? bad.reason}`;
}

/** The summary of a record. Built by assignment, not spreads: it runs for every record of a rebuilt index. */
export function summarize(r: RunRecord): RecordSummary {
  const s: { -readonly [K in keyof RecordSummary]: RecordSummary[K] } = {
    id: r.id,
    runId: r.runId,
    time: r.time,
    promptPath: r.promptPath,
    promptHash: r.promptHash,
    snapshot: r.snapshot,
    testName: r.testName,
    caseId: r.caseId,
    pass: r.pass,
    repeatIndex: r.repeatIndex,
    cached: r.cached,
    tool: r.tool,
    provider: r.provider,
    model: r.model,
    status: statusOf(r),
    score: r.score,
    costUsd: r.costUsd,
    preview: preview(r.output),
    outputHash: outputHash(r.output),
  };
  if (r.latencyMs !== undefined) s.latencyMs = r.latencyMs;
  if (r.usage?.inputTokens !== undefined) s.inputTokens = r.usage.inputTokens;
  if (r.usage?.outputTokens !== undefined) s.outputTokens = r.usage.outputTokens;
  if (r.git) s.git = { commit: r.git.commit, dirty: r.git.dirty };
  const problem = firstProblem(r);
  if (problem !== undefined) s.problem = problem;
  return s;
}

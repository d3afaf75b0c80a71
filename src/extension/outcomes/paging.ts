// How the outcome list travels to the front end: a first page with what the first screen shows, then the rest in
// pages the front end asks for once it has painted. Pure (no vscode), so it is unit-tested in plain Node.
import type { RecordSummary } from '../../core/store/types';

/** Runs of the first page beyond the newest run of each case: the top of the history mode's newest-first list. */
export const FIRST_PAGE_NEWEST = 200;
/** Runs per later page: small enough that taking one in never holds the front end up for long. */
export const PAGE_SIZE = 2500;

/**
 * Splits runs into a first page (the newest run of every case — all the "latest" mode shows — and the newest runs
 * overall) and the rest, newest first. Every run lands in exactly one of the two.
 */
export function splitFirstPage(runs: readonly RecordSummary[], newest = FIRST_PAGE_NEWEST): { first: RecordSummary[]; rest: RecordSummary[] } {
  const byTime = [...runs].sort((a, b) => b.time - a.time || b.repeatIndex - a.repeatIndex);
  const first: RecordSummary[] = [];
  const rest: RecordSummary[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < byTime.length; i++) {
    const r = byTime[i];
    const key = `${r.promptPath}\u0000${r.caseId}`;
    if (i < newest || !seen.has(key)) first.push(r);
    else rest.push(r);
    seen.add(key);
  }
  return { first, rest };
}

// Folds case results into per-group pass rates (for `repeat` with a `threshold`) and run totals.
import type { CaseResult, GroupResult, PlannedCase, RunSummary } from './types';

/** Groups the repetitions of each test × row × model and judges each group against the test's threshold. */
export function groupResults(cases: readonly PlannedCase[], results: readonly CaseResult[]): GroupResult[] {
  const groups = new Map<string, { first: PlannedCase; indexes: number[] }>();
  for (const c of cases) {
    const g = groups.get(c.groupId);
    if (g === undefined) groups.set(c.groupId, { first: c, indexes: [c.index] });
    else g.indexes.push(c.index);
  }
  const out: GroupResult[] = [];
  for (const [groupId, { first, indexes }] of groups) {
    const rs = indexes.map((i) => results[i]);
    const passes = rs.filter((r) => r.pass).length;
    const errors = rs.filter((r) => r.status === 'error').length;
    const cancelled = rs.filter((r) => r.status === 'cancelled').length;
    // With one repetition the test's threshold is a score threshold, applied by the assertions instead.
    const threshold = first.repeatCount > 1 ? clampRate(first.test.threshold) : 1;
    const total = rs.length;
    out.push({
      groupId,
      filePath: first.filePath,
      testName: first.testName,
      model: first.model,
      passes,
      total,
      threshold,
      // A cancelled repetition leaves the verdict open, so the group cannot pass.
      pass: cancelled === 0 && total > 0 && passes / total >= threshold - 1e-9,
      errors,
      cancelled,
      caseIndexes: indexes,
    });
  }
  return out;
}

function clampRate(threshold: number | undefined): number {
  if (threshold === undefined || !Number.isFinite(threshold)) return 1;
  return Math.min(1, Math.max(0, threshold));
}

/** Totals of a run; `passed`/`failed` count groups, so a flaky test within its threshold counts once, as passed. */
export function summarize(cases: readonly PlannedCase[], results: readonly CaseResult[], durationMs: number): RunSummary {
  const groups = groupResults(cases, results);
  // What this run spent: a reply served from the cache cost nothing, nor did a call that failed before it was made;
  // unknown only when replies came from a model with no price and none with one.
  let cost = 0;
  let priced = false;
  let unpriced = false;
  for (const r of results) {
    if (r.cached) continue;
    if (r.costUsd !== undefined) {
      cost += r.costUsd;
      priced = true;
    } else if (r.status === 'passed' || r.status === 'failed') unpriced = true;
  }
  return {
    results,
    groups,
    passed: groups.filter((g) => g.pass).length,
    failed: groups.filter((g) => !g.pass && g.errors === 0 && g.cancelled === 0).length,
    errors: groups.filter((g) => !g.pass && g.errors > 0).length,
    cancelled: groups.filter((g) => !g.pass && g.errors === 0 && g.cancelled > 0).length,
    cached: results.filter((r) => r.cached).length,
    durationMs,
    costUsd: unpriced && !priced ? undefined : cost,
  };
}

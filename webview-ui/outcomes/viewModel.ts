// The outcome list's view-model: grouping runs by test, "changed since the previous version", trends, filters and
// sorting. Pure functions over protocol types (no DOM), so unit tests and the benchmark run them in plain Node.
import type { FilterState, ListMode, OutcomeStatus, OutcomeSummary, SortState } from '../../src/protocol/outcomes';

export interface TrendPoint {
  readonly status: OutcomeStatus;
  readonly latencyMs?: number;
}

export interface Trend {
  /** Passed runs over all runs in `points`, 0..1. */
  readonly passRate: number;
  /** Oldest first. */
  readonly points: readonly TrendPoint[];
}

export interface OutcomeRow {
  readonly outcome: OutcomeSummary;
  /** Same for every run of one test case on one model. */
  readonly key: string;
  /** Present in the `latest` mode only. */
  readonly trend?: Trend;
  /** Runs of this test case in the rows' base set (latest mode), 1 in history mode. */
  readonly runs: number;
  readonly changed: boolean;
}

export interface VersionOption {
  readonly id: string;
  readonly label: string;
  readonly lastTime: number;
}

/** Per-test histories and "changed" flags, computed once per outcome set and reused across filter changes. */
export interface OutcomeIndex {
  readonly all: readonly OutcomeSummary[];
  /** Each key's runs, oldest first. */
  readonly byKey: ReadonlyMap<string, readonly OutcomeSummary[]>;
  readonly changedIds: ReadonlySet<string>;
  readonly models: readonly string[];
  /** Newest first. */
  readonly versions: readonly VersionOption[];
}

export interface ViewOptions {
  readonly filters: FilterState;
  readonly sort: SortState;
  readonly mode: ListMode;
  /** Ids the host found by searching full outputs for `filters.text`; local matching covers the preview meanwhile. */
  readonly textMatches?: ReadonlySet<string>;
  /** How many of the last runs a trend shows. */
  readonly trendLength?: number;
}

export const defaultTrendLength = 20;

/** The identity of a test case on a model, across runs and versions. */
export function testKey(o: OutcomeSummary): string {
  return `${o.promptPath}\u0000${o.testName}\u0000${o.caseKey}\u0000${o.model}`;
}

function byTimeThenId(a: OutcomeSummary, b: OutcomeSummary): number {
  return a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Groups outcomes by test case and marks each run whose result differs from the same case in the version before. */
export function indexOutcomes(outcomes: readonly OutcomeSummary[]): OutcomeIndex {
  const byKey = new Map<string, OutcomeSummary[]>();
  const models = new Set<string>();
  const versions = new Map<string, VersionOption>();
  for (const o of outcomes) {
    const key = testKey(o);
    const list = byKey.get(key);
    if (list) list.push(o);
    else byKey.set(key, [o]);
    models.add(o.model);
    const v = versions.get(o.versionId);
    if (!v || v.lastTime < o.time) versions.set(o.versionId, { id: o.versionId, label: o.versionLabel, lastTime: o.time });
  }
  const changedIds = new Set<string>();
  for (const list of byKey.values()) {
    list.sort(byTimeThenId);
    let currentVersion: string | undefined;
    let lastOfCurrent: OutcomeSummary | undefined;
    let lastOfPrevious: OutcomeSummary | undefined;
    for (const o of list) {
      if (o.versionId !== currentVersion) {
        lastOfPrevious = lastOfCurrent;
        currentVersion = o.versionId;
      }
      if (lastOfPrevious && (lastOfPrevious.status !== o.status || lastOfPrevious.outputHash !== o.outputHash)) {
        changedIds.add(o.id);
      }
      lastOfCurrent = o;
    }
  }
  return {
    all: outcomes,
    byKey,
    changedIds,
    models: [...models].sort(),
    versions: [...versions.values()].sort((a, b) => b.lastTime - a.lastTime),
  };
}

/** Pass rate and latency of the last `length` runs, oldest first. */
export function computeTrend(runs: readonly OutcomeSummary[], length = defaultTrendLength): Trend {
  const tail = runs.slice(Math.max(0, runs.length - length));
  let passed = 0;
  const points: TrendPoint[] = tail.map((o) => {
    if (o.status === 'passed') passed++;
    return o.latencyMs === undefined ? { status: o.status } : { status: o.status, latencyMs: o.latencyMs };
  });
  return { passRate: tail.length === 0 ? 0 : passed / tail.length, points };
}

function matchesText(o: OutcomeSummary, needle: string, hostMatches: ReadonlySet<string> | undefined): boolean {
  if (hostMatches?.has(o.id)) return true;
  return (
    o.outputPreview.toLowerCase().includes(needle) ||
    o.testName.toLowerCase().includes(needle) ||
    (o.message?.toLowerCase().includes(needle) ?? false)
  );
}

/** The rows to show: latest run per test case (with trend) or every run, filtered and sorted. */
export function buildRows(index: OutcomeIndex, options: ViewOptions): OutcomeRow[] {
  const { filters } = options;
  const trendLength = options.trendLength ?? defaultTrendLength;
  const needle = filters.text.trim().toLowerCase();
  const rows: OutcomeRow[] = [];
  const keep = (o: OutcomeSummary): boolean => {
    if (filters.model !== '' && o.model !== filters.model) return false;
    switch (filters.status) {
      case 'failed':
      case 'passed':
      case 'errored':
        if (o.status !== filters.status) return false;
        break;
      case 'changed':
        if (!index.changedIds.has(o.id)) return false;
        break;
      case 'all':
        break;
    }
    return needle === '' || matchesText(o, needle, options.textMatches);
  };
  for (const [key, runs] of index.byKey) {
    const base = filters.versionId === '' ? runs : runs.filter((o) => o.versionId === filters.versionId);
    if (base.length === 0) continue;
    if (options.mode === 'latest') {
      const latest = base[base.length - 1];
      if (!keep(latest)) continue;
      rows.push({ outcome: latest, key, trend: computeTrend(base, trendLength), runs: base.length, changed: index.changedIds.has(latest.id) });
    } else {
      for (const o of base) if (keep(o)) rows.push({ outcome: o, key, runs: 1, changed: index.changedIds.has(o.id) });
    }
  }
  return sortRows(rows, options.sort);
}

const statusRank: Readonly<Record<OutcomeStatus, number>> = { failed: 0, errored: 1, passed: 2 };

function numeric(row: OutcomeRow, key: SortState['key']): number | undefined {
  const o = row.outcome;
  switch (key) {
    case 'score':
      return o.score;
    case 'latency':
      return o.latencyMs;
    case 'tokens':
      return o.inputTokens === undefined && o.outputTokens === undefined ? undefined : (o.inputTokens ?? 0) + (o.outputTokens ?? 0);
    case 'cost':
      return o.costUsd;
    case 'time':
      return o.time;
    case 'status':
      return statusRank[o.status];
    default:
      return undefined;
  }
}

function textOf(row: OutcomeRow, key: SortState['key']): string {
  const o = row.outcome;
  if (key === 'model') return o.model;
  if (key === 'version') return o.versionLabel;
  return `${o.promptLabel}\u0000${o.testName}\u0000${o.caseLabel ?? ''}\u0000${o.model}`;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Natural-order rank of each row's text for `key`. Collator comparisons are slow, so only the distinct texts are
 * compared (a few hundred test names for 10,000 runs) and rows then sort by number.
 */
function textRanks(rows: readonly OutcomeRow[], key: SortState['key']): Float64Array {
  const texts = rows.map((r) => textOf(r, key));
  const distinct = [...new Set(texts)].sort(collator.compare);
  const rank = new Map<string, number>();
  distinct.forEach((t, i) => rank.set(t, i));
  return Float64Array.from(texts, (t) => rank.get(t) ?? 0);
}

/** Sorts in place and returns the rows; missing numbers always sort last, ties fall back to test then newest first. */
export function sortRows(rows: OutcomeRow[], sort: SortState): OutcomeRow[] {
  const dir = sort.descending ? -1 : 1;
  const isText = sort.key === 'test' || sort.key === 'model' || sort.key === 'version';
  const testRank = textRanks(rows, 'test');
  const primary = isText ? (sort.key === 'test' ? testRank : textRanks(rows, sort.key)) : undefined;
  const order = rows.map((_, i) => i);
  const values = isText ? undefined : rows.map((r) => numeric(r, sort.key));
  order.sort((i, j) => {
    let c = 0;
    if (primary) {
      c = (primary[i] - primary[j]) * dir;
    } else {
      const x = values![i];
      const y = values![j];
      if (x === undefined || y === undefined) c = x === y ? 0 : x === undefined ? 1 : -1;
      else c = (x - y) * dir;
    }
    return c || testRank[i] - testRank[j] || rows[j].outcome.time - rows[i].outcome.time;
  });
  const sorted = order.map((i) => rows[i]);
  for (let i = 0; i < sorted.length; i++) rows[i] = sorted[i]!;
  return rows;
}

/** Counts by status over rows, for the summary line. */
export function countRows(rows: readonly OutcomeRow[]): Readonly<Record<OutcomeStatus, number>> {
  const counts: Record<OutcomeStatus, number> = { passed: 0, failed: 0, errored: 0 };
  for (const r of rows) counts[r.outcome.status]++;
  return counts;
}

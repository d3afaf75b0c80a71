// The outcome comparison: the test cases of two prompt versions (or of one version on two models) paired row by
// row, each side's result, the deltas, a classification (regressed, fixed, changed, …) and totals.
import { modelRefOf, type RunRecord } from '../store/types';
import { canonicalJson } from '../store/key';
import { shortValue } from './jsonDiff';
import { diffOutputs, type OutputDiff } from './outputDiff';

/** The fields of a run record the comparison reads. */
export type OutcomeRecord = Pick<
  RunRecord,
  'testName' | 'caseId' | 'provider' | 'model' | 'vars' | 'output' | 'pass' | 'score' | 'costUsd' | 'cached' | 'repeatIndex' | 'time'
> &
  Partial<Pick<RunRecord, 'latencyMs' | 'usage' | 'error' | 'assertions' | 'runId'>>;

export type OutcomeStatus = 'regressed' | 'fixed' | 'changed' | 'unchanged' | 'missing-left' | 'missing-right';

export const outcomeStatuses: readonly OutcomeStatus[] = ['regressed', 'fixed', 'changed', 'unchanged', 'missing-left', 'missing-right'];

export interface OutcomeSide {
  /** `provider/model` */
  readonly model: string;
  readonly output: string;
  readonly pass: boolean;
  readonly score: number;
  readonly latencyMs?: number;
  readonly tokens?: number;
  readonly costUsd: number | null;
  readonly cached: boolean;
  readonly error?: string;
  /** One line per failed assertion: `type: reason`. */
  readonly failures: readonly string[];
  readonly time: number;
}

/** Right minus left, present only when both sides have the figure. */
export interface OutcomeDeltas {
  readonly score?: number;
  readonly latencyMs?: number;
  readonly tokens?: number;
  readonly costUsd?: number;
}

export interface OutcomeRow {
  readonly key: string;
  readonly testName: string;
  /** The case id of the side that ran (left first): what a `Run` request for the missing side names. */
  readonly caseId: string;
  readonly repeatIndex: number;
  /** The case's vars in one short line, to tell dataset rows apart. */
  readonly varsSummary: string;
  readonly status: OutcomeStatus;
  readonly left?: OutcomeSide;
  readonly right?: OutcomeSide;
  readonly deltas: OutcomeDeltas;
  /** Present when both sides ran. */
  readonly outputDiff?: OutputDiff;
}

export interface SideTotals {
  readonly cases: number;
  readonly passed: number;
  readonly failed: number;
  /** passed / cases, null when the side has no cases. */
  readonly passRate: number | null;
  readonly costUsd: number;
  /** Cases that ran but whose cost is unknown (no price for the model), left out of `costUsd`. */
  readonly unknownCost: number;
  /** Cases whose call failed: they have no output, and their cost is not known either (not counted as unpriced). */
  readonly errored: number;
  /** Sum over the cases with a measured latency; cached replies have none. */
  readonly latencyMs: number;
  /** How many cases have a measured latency, so a reader can average it and say how many were cached. */
  readonly measured: number;
  readonly tokens: number;
}

export interface OutcomeComparison {
  readonly mode: 'versions' | 'models';
  readonly rows: readonly OutcomeRow[];
  readonly totals: {
    readonly left: SideTotals;
    readonly right: SideTotals;
    readonly counts: Readonly<Record<OutcomeStatus, number>>;
  };
}

export interface CompareOutcomesOptions {
  /**
   * `versions` (default) pairs cases by test, model, case and repeat; `models` compares one version on two models,
   * so the model is left out of the pairing and cases pair by test, vars and repeat.
   */
  readonly mode?: 'versions' | 'models';
}

function tokensOf(r: OutcomeRecord): number | undefined {
  const u = r.usage;
  if (u === undefined) return undefined;
  if (u.totalTokens !== undefined) return u.totalTokens;
  if (u.inputTokens === undefined && u.outputTokens === undefined) return undefined;
  return (u.inputTokens ?? 0) + (u.outputTokens ?? 0);
}

function side(r: OutcomeRecord): OutcomeSide {
  const tokens = tokensOf(r);
  return {
    model: modelRefOf(r),
    output: r.output,
    pass: r.pass,
    score: r.score,
    ...(r.latencyMs !== undefined ? { latencyMs: r.latencyMs } : {}),
    ...(tokens !== undefined ? { tokens } : {}),
    costUsd: r.costUsd,
    cached: r.cached,
    ...(r.error !== undefined ? { error: `${r.error.kind}: ${r.error.message}` } : {}),
    failures: (r.assertions ?? []).filter((a) => !a.pass).map((a) => `${a.type}: ${a.reason}`),
    time: r.time,
  };
}

/** Keys each record of one side, keeping only the newest record of a key (a later run supersedes an earlier one). */
function keyed(records: readonly OutcomeRecord[], mode: 'versions' | 'models'): Map<string, OutcomeRecord> {
  const out = new Map<string, OutcomeRecord>();
  const seenVars = new Map<string, number>();
  for (const r of records) {
    let key: string;
    if (mode === 'versions') key = JSON.stringify([r.testName, modelRefOf(r), r.caseId, r.repeatIndex]);
    else {
      // Two dataset rows with identical vars stay apart by their order within one run.
      const base = JSON.stringify([r.testName, safeCanonical(r.vars), r.repeatIndex]);
      const counter = `${base}\0${r.runId ?? ''}`;
      const n = seenVars.get(counter) ?? 0;
      seenVars.set(counter, n + 1);
      key = JSON.stringify([base, n]);
    }
    const prev = out.get(key);
    if (prev === undefined || r.time >= prev.time) out.set(key, r);
  }
  return out;
}

function safeCanonical(v: unknown): string {
  try {
    return canonicalJson(v);
  } catch {
    return String(typeof v);
  }
}

function classify(l: OutcomeSide | undefined, r: OutcomeSide | undefined): OutcomeStatus {
  if (l === undefined) return 'missing-left';
  if (r === undefined) return 'missing-right';
  if (l.pass && !r.pass) return 'regressed';
  if (!l.pass && r.pass) return 'fixed';
  return l.output === r.output && l.score === r.score && l.error === r.error ? 'unchanged' : 'changed';
}

function delta(a: number | null | undefined, b: number | null | undefined): number | undefined {
  return typeof a === 'number' && typeof b === 'number' ? b - a : undefined;
}

function deltas(l: OutcomeSide | undefined, r: OutcomeSide | undefined): OutcomeDeltas {
  if (l === undefined || r === undefined) return {};
  const out: { -readonly [K in keyof OutcomeDeltas]: OutcomeDeltas[K] } = {};
  const set = (k: keyof OutcomeDeltas, v: number | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  set('score', delta(l.score, r.score));
  set('latencyMs', delta(l.latencyMs, r.latencyMs));
  set('tokens', delta(l.tokens, r.tokens));
  set('costUsd', delta(l.costUsd, r.costUsd));
  return out;
}

function totalsOf(sides: readonly OutcomeSide[]): SideTotals {
  let passed = 0;
  let costUsd = 0;
  let unknownCost = 0;
  let errored = 0;
  let latencyMs = 0;
  let measured = 0;
  let tokens = 0;
  for (const s of sides) {
    if (s.pass) passed++;
    if (s.error !== undefined) errored++;
    if (s.costUsd !== null) costUsd += s.costUsd;
    else if (s.error === undefined) unknownCost++;
    if (s.latencyMs !== undefined) {
      latencyMs += s.latencyMs;
      measured++;
    }
    tokens += s.tokens ?? 0;
  }
  const cases = sides.length;
  return { cases, passed, failed: cases - passed, passRate: cases === 0 ? null : passed / cases, costUsd, unknownCost, errored, latencyMs, measured, tokens };
}

/** Pairs the outcomes of two sides case by case and classifies each pair. */
export function compareOutcomes(left: readonly OutcomeRecord[], right: readonly OutcomeRecord[], options: CompareOutcomesOptions = {}): OutcomeComparison {
  const mode = options.mode ?? 'versions';
  const lk = keyed(left, mode);
  const rk = keyed(right, mode);
  const keys = [...lk.keys(), ...[...rk.keys()].filter((k) => !lk.has(k))];
  // Keep a test's rows together (right-only rows join their test), tests in order of first appearance.
  const testOrder = new Map<string, number>();
  for (const k of keys) {
    const name = (lk.get(k) ?? rk.get(k))?.testName ?? '';
    if (!testOrder.has(name)) testOrder.set(name, testOrder.size);
  }
  const rows: OutcomeRow[] = keys.map((key) => {
    const lr = lk.get(key);
    const rr = rk.get(key);
    const any = (lr ?? rr) as OutcomeRecord;
    const l = lr === undefined ? undefined : side(lr);
    const r = rr === undefined ? undefined : side(rr);
    return {
      key,
      testName: any.testName,
      caseId: any.caseId,
      repeatIndex: any.repeatIndex,
      varsSummary: shortValue(any.vars, 80),
      status: classify(l, r),
      ...(l !== undefined ? { left: l } : {}),
      ...(r !== undefined ? { right: r } : {}),
      deltas: deltas(l, r),
      ...(l !== undefined && r !== undefined ? { outputDiff: diffOutputs(l.output, r.output) } : {}),
    };
  });
  const order = (row: OutcomeRow): number => testOrder.get(row.testName) ?? 0;
  const sorted = rows.map((row, i) => ({ row, i })).sort((a, b) => order(a.row) - order(b.row) || a.i - b.i).map((x) => x.row);
  const counts = Object.fromEntries(outcomeStatuses.map((s) => [s, 0])) as Record<OutcomeStatus, number>;
  for (const row of sorted) counts[row.status]++;
  return {
    mode,
    rows: sorted,
    totals: {
      left: totalsOf(sorted.flatMap((x) => (x.left ? [x.left] : []))),
      right: totalsOf(sorted.flatMap((x) => (x.right ? [x.right] : []))),
      counts,
    },
  };
}

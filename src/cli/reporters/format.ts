// Small formatting helpers shared by the reporters.
import type { CaseResult, GroupResult, RunPlan } from '../../core/runner/types';

/** `1.2 s` or `340 ms`. */
export function duration(ms: number | undefined): string {
  if (ms === undefined) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

/** `$0.0012`, or `unknown` when the model's price is not known. */
export function cost(usd: number | undefined): string {
  if (usd === undefined) return 'unknown';
  return usd === 0 ? '$0' : `$${usd < 0.01 ? usd.toPrecision(2) : usd.toFixed(4)}`;
}

export function symbol(status: CaseResult['status']): string {
  return status === 'passed' ? '✓' : status === 'failed' ? '✗' : status === 'error' ? '!' : '-';
}

/** The status of a group of repetitions, as one word. */
/** The 1-based dataset row a group ran, or undefined for a test without a dataset: rows of one test are told apart by it. */
export function groupRow(plan: RunPlan, g: GroupResult): number | undefined {
  const row = plan.cases[g.caseIndexes[0]]?.row;
  return row === undefined ? undefined : row + 1;
}

export function groupStatus(g: GroupResult): 'passed' | 'failed' | 'error' | 'cancelled' {
  if (g.pass) return 'passed';
  if (g.errors > 0) return 'error';
  if (g.cancelled > 0) return 'cancelled';
  return 'failed';
}

/** Model output or a message made safe for one terminal line: control characters shown, length capped. */
export function oneLine(text: string, max = 160): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/\r?\n/g, '⏎').replace(/[\u0000-\u001f\u007f-\u009f]/g, '�');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Pads cells into aligned columns. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length))).join('  ').trimEnd()).join('\n');
}

// The figures of the diff view's outcome part as text: free of the DOM, so they are unit-tested.
import type { DiffSideTotals } from '../../src/protocol/diff';

export const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);
export const usd = (x: number): string => `$${x < 0.01 && x > 0 ? x.toFixed(5) : x.toFixed(4)}`;
export const ms = (x: number): string => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
export const signed = (x: number, fmt: (v: number) => string): string => (x > 0 ? `+${fmt(x)}` : x < 0 ? `−${fmt(-x)}` : '±0');

/** One side's totals. Latency is the mean of the measured cases: a sum would compare sides that were cached unevenly. */
export function totalsText(t: DiffSideTotals): string[] {
  const notes = [
    ...(t.unknownCost > 0 ? [`${t.unknownCost} unpriced`] : []),
    ...(t.errored > 0 ? [`${t.errored} errored`] : []),
  ];
  const cost = notes.length > 0 ? `${usd(t.costUsd)} (${notes.join(', ')})` : usd(t.costUsd);
  const unmeasured = t.cases - t.measured;
  const latency = t.measured === 0 ? (t.cases > 0 ? '— (no measured calls)' : '—')
    : `${ms(t.latencyMs / t.measured)} mean${unmeasured > 0 ? ` of ${t.measured} (${unmeasured} not measured)` : ''}`;
  return [`pass rate ${pct(t.passRate)} (${t.passed}/${t.cases})`, `cost ${cost}`, `latency ${latency}`, `${t.tokens} tokens`];
}

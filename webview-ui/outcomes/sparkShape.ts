// What a per-test trend says: its pass rate and its spoken label, computed once per trend. Pure (no DOM), so it is
// unit-tested in Node; rowAtlas.ts draws its bars and its rate (trendBars.ts) and list.ts sets the label.
import type { OutcomeStatus } from '../../src/protocol/outcomes';
import { formatLatency, formatPercent } from './format';
import type { Trend } from './viewModel';

export const statuses: readonly OutcomeStatus[] = ['passed', 'failed', 'errored'];
export const sparkWidth = 60;
export const sparkHeight = 14;

/** What a trend shows beside its bars: the pass rate, and the label read out and shown as its tooltip. */
export interface SparkShape {
  readonly label: string;
  readonly rate: string;
}

const shapes = new WeakMap<Trend, SparkShape>();

/** The rate and label of a trend, computed on its first use and kept as long as the trend is. */
export function sparkShape(trend: Trend): SparkShape {
  let shape = shapes.get(trend);
  if (shape) return shape;
  const latencies = trend.points.map((p) => p.latencyMs).filter((v): v is number => v !== undefined);
  const mean = latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : undefined;
  const rate = formatPercent(trend.passRate);
  const label = `${trend.points.length} runs, ${rate} passed${mean === undefined ? '' : `, mean latency ${formatLatency(mean)}`}`;
  shape = { label, rate };
  shapes.set(trend, shape);
  return shape;
}

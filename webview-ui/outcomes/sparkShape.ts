// What a per-test trend draws: one bar per recent run, its height the latency and its colour the result, as one SVG
// path per result, computed once per trend. Pure (no DOM), so it is unit-tested in Node; sparkline.ts puts it on screen.
import type { OutcomeStatus } from '../../src/protocol/outcomes';
import { formatLatency, formatPercent } from './format';
import { trendBars } from './trendBars';
import type { Trend } from './viewModel';

export const statuses: readonly OutcomeStatus[] = ['passed', 'failed', 'errored'];
export const sparkWidth = 60;
export const sparkHeight = 14;

/** What a trend draws: one path per result and its spoken label. */
export interface SparkShape {
  readonly paths: Readonly<Record<OutcomeStatus, string>>;
  readonly label: string;
  readonly rate: string;
}

const shapes = new WeakMap<Trend, SparkShape>();

/** The shape of a trend, computed on its first use and kept as long as the trend is. */
export function sparkShape(trend: Trend): SparkShape {
  let shape = shapes.get(trend);
  if (shape) return shape;
  const paths: Record<OutcomeStatus, string> = { passed: '', failed: '', errored: '' };
  for (const b of trendBars(trend, sparkWidth, sparkHeight)) {
    const status = (statuses as readonly string[]).includes(b.status) ? (b.status as OutcomeStatus) : 'errored';
    paths[status] += `M${b.x.toFixed(1)} ${b.y.toFixed(1)}h${b.w.toFixed(1)}v${b.h.toFixed(1)}h${(-b.w).toFixed(1)}z`;
  }
  const latencies = trend.points.map((p) => p.latencyMs).filter((v): v is number => v !== undefined);
  const mean = latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : undefined;
  const rate = formatPercent(trend.passRate);
  const label = `${trend.points.length} runs, ${rate} passed${mean === undefined ? '' : `, mean latency ${formatLatency(mean)}`}`;
  shape = { paths, label, rate };
  shapes.set(trend, shape);
  return shape;
}


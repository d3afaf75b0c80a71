// The per-test trend: one bar per recent run, its height the latency and its colour the result. Drawn as one SVG path
// per result (three elements, whatever the number of runs), with the path data computed once per trend: scrolling
// the list then only swaps three `d` strings on a recycled row. Colours come from CSS classes so themes decide them.
import { formatLatency, formatPercent } from './format';
import { trendBars } from './trendBars';
import type { OutcomeStatus } from '../../src/protocol/outcomes';
import type { Trend } from './viewModel';

const svgNs = 'http://www.w3.org/2000/svg';
const statuses: readonly OutcomeStatus[] = ['passed', 'failed', 'errored'];
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

/** An empty sparkline for a recycled row: a title and one path per result. */
export function createSparkline(doc: Document): SVGSVGElement {
  const svg = doc.createElementNS(svgNs, 'svg');
  svg.setAttribute('width', String(sparkWidth));
  svg.setAttribute('height', String(sparkHeight));
  svg.setAttribute('viewBox', `0 0 ${sparkWidth} ${sparkHeight}`);
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  svg.appendChild(doc.createElementNS(svgNs, 'title'));
  for (const s of statuses) {
    const path = doc.createElementNS(svgNs, 'path');
    path.setAttribute('class', `bar ${s}`);
    svg.appendChild(path);
  }
  return svg;
}

/** Shows `shape` in a sparkline made by `createSparkline`, touching only what differs. */
export function fillSparkline(svg: SVGSVGElement, shape: SparkShape): void {
  if (svg.getAttribute('aria-label') !== shape.label) {
    svg.setAttribute('aria-label', shape.label);
    const title = svg.firstElementChild;
    if (title) title.textContent = shape.label;
  }
  let path = svg.firstElementChild?.nextElementSibling;
  for (const s of statuses) {
    if (!path) break;
    const d = shape.paths[s];
    if (path.getAttribute('d') !== d) path.setAttribute('d', d);
    path = path.nextElementSibling;
  }
}

// The per-test trend: one bar per recent run, its height the latency and its colour the result. Built with DOM APIs
// (createElementNS, setAttribute); colours come from CSS classes so themes decide them.
import type { Trend } from './viewModel';
import { formatLatency, formatPercent } from './format';
import { trendBars } from './trendBars';

const svgNs = 'http://www.w3.org/2000/svg';

/** An SVG element for a trend, with an accessible label saying what it shows. */
export function renderSparkline(doc: Document, trend: Trend, width = 60, height = 14): SVGSVGElement {
  const svg = doc.createElementNS(svgNs, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  const latencies = trend.points.map((p) => p.latencyMs).filter((v): v is number => v !== undefined);
  const mean = latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : undefined;
  const label = `${trend.points.length} runs, ${formatPercent(trend.passRate)} passed${mean === undefined ? '' : `, mean latency ${formatLatency(mean)}`}`;
  svg.setAttribute('aria-label', label);
  const title = doc.createElementNS(svgNs, 'title');
  title.textContent = label;
  svg.appendChild(title);
  for (const b of trendBars(trend, width, height)) {
    const rect = doc.createElementNS(svgNs, 'rect');
    rect.setAttribute('x', b.x.toFixed(1));
    rect.setAttribute('y', b.y.toFixed(1));
    rect.setAttribute('width', b.w.toFixed(1));
    rect.setAttribute('height', b.h.toFixed(1));
    rect.setAttribute('class', `bar ${b.status}`);
    svg.appendChild(rect);
  }
  return svg;
}

// The per-test trend: one bar per recent run, its height the latency and its colour the result. Built with DOM APIs
// (createElementNS, setAttribute) into an element the list reuses; colours come from CSS classes so themes decide them.
import type { Trend } from './viewModel';
import { formatLatency, formatPercent } from './format';
import { trendBars } from './trendBars';

const svgNs = 'http://www.w3.org/2000/svg';

/** Draws a trend into an existing SVG element, reusing its bars: the outcome list recycles rows while scrolling. */
export function fillSparkline(svg: SVGSVGElement, trend: Trend, width = 60, height = 14): void {
  const doc = svg.ownerDocument;
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  const latencies = trend.points.map((p) => p.latencyMs).filter((v): v is number => v !== undefined);
  const mean = latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : undefined;
  const label = `${trend.points.length} runs, ${formatPercent(trend.passRate)} passed${mean === undefined ? '' : `, mean latency ${formatLatency(mean)}`}`;
  svg.setAttribute('aria-label', label);
  let title = svg.firstElementChild;
  if (!title || title.localName !== 'title') {
    svg.replaceChildren();
    title = doc.createElementNS(svgNs, 'title');
    svg.appendChild(title);
  }
  title.textContent = label;
  const bars = trendBars(trend, width, height);
  // Bars are the title's siblings; reuse as many as there are, add or drop the difference.
  while (svg.childElementCount - 1 > bars.length) svg.lastElementChild?.remove();
  while (svg.childElementCount - 1 < bars.length) svg.appendChild(doc.createElementNS(svgNs, 'rect'));
  let rect = title.nextElementSibling;
  for (const b of bars) {
    if (!rect) break;
    rect.setAttribute('x', b.x.toFixed(1));
    rect.setAttribute('y', b.y.toFixed(1));
    rect.setAttribute('width', b.w.toFixed(1));
    rect.setAttribute('height', b.h.toFixed(1));
    rect.setAttribute('class', `bar ${b.status}`);
    rect = rect.nextElementSibling;
  }
}

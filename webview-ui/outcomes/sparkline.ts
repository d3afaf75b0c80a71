// The per-test trend on screen: an SVG with one path per result (three elements, whatever the number of runs), its
// path data computed once per trend (sparkShape.ts), so scrolling the list only swaps three `d` strings on a recycled
// row. Colours come from CSS classes so themes decide them. No viewBox (its user space is the SVG's own pixels, so
// Blink makes no transform for it) and no <title> (the list fills the cell's tooltip on hover): each was paint or DOM
// work on every row a scroll brings in.
import { sparkHeight, sparkWidth, statuses, type SparkShape } from './sparkShape';

const svgNs = 'http://www.w3.org/2000/svg';

/** An empty sparkline for a recycled row: one path per result. */
export function createSparkline(doc: Document): SVGSVGElement {
  const svg = doc.createElementNS(svgNs, 'svg');
  svg.setAttribute('width', String(sparkWidth));
  svg.setAttribute('height', String(sparkHeight));
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  for (const s of statuses) {
    const path = doc.createElementNS(svgNs, 'path');
    path.setAttribute('class', `bar ${s}`);
    svg.appendChild(path);
  }
  return svg;
}

/** Shows `shape` in a sparkline made by `createSparkline`, touching only what differs. */
export function fillSparkline(svg: SVGSVGElement, shape: SparkShape): void {
  if (svg.getAttribute('aria-label') !== shape.label) svg.setAttribute('aria-label', shape.label);
  let path = svg.firstElementChild;
  for (const s of statuses) {
    if (!path) break;
    const d = shape.paths[s];
    if (path.getAttribute('d') !== d) path.setAttribute('d', d);
    path = path.nextElementSibling;
  }
}

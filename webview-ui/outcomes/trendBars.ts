// Geometry of the per-test trend bars, apart from the canvas that draws them (rowAtlas.ts) so it is unit-tested without a DOM.
import type { Trend } from './viewModel';

/** Bar geometry in a width × height box; pure so it is unit-tested. */
export function trendBars(trend: Trend, width: number, height: number): { x: number; y: number; w: number; h: number; status: string }[] {
  const n = trend.points.length;
  if (n === 0) return [];
  const slot = width / n;
  const w = Math.max(1, slot - 1);
  const max = Math.max(0, ...trend.points.map((p) => p.latencyMs ?? 0));
  return trend.points.map((p, i) => {
    // A run without latency (errored before a reply) still shows as a short bar so its result is visible.
    const h = max > 0 && p.latencyMs !== undefined ? Math.max(2, (p.latencyMs / max) * height) : 2;
    return { x: i * slot, y: height - h, w, h, status: p.status };
  });
}

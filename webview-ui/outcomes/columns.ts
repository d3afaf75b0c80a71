// The list's column widths, in pixels, computed once per layout (on resize, or when the fonts change the figures'
// width) instead of by the grid on every row: the rows' grid has fixed tracks, and the trend's bitmaps (trendAtlas.ts)
// are placed at the trend column's offset without reading layout. Pure, so it is unit-tested in Node.

/** Gap between two columns and the row's padding on each side, px (outcomes.css uses the same). */
export const columnGap = 8;
export const rowPadding = 8;
export const trendWidth = 100;

export interface ColumnWidths {
  readonly status: number;
  readonly test: number;
  readonly model: number;
  readonly figures: number;
  readonly trend: number;
  readonly output: number;
  /** Offset of the trend column from the row's left edge. */
  readonly trendLeft: number;
  /** The whole row, padding included: wider than the list when the list is too narrow (it then scrolls sideways). */
  readonly rowWidth: number;
  /** The grid's track list, as `grid-template-columns` takes it. */
  readonly template: string;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Widths for a list `width` px wide in a font of `em` px, with the figures run `figures` px wide. The output, the one
 * column whose text is long, gets what the names do not need: the test and model names take a share of the free
 * space up to a cap (24em and 14em; longer names are cut with an ellipsis and shown whole in the tooltip), and no less
 * than 10em and 8em, as before. The output never gets less than 20em: when the list is too narrow for that, the row
 * grows wider than the list, which scrolls sideways, rather than squeezing the output against its right edge.
 */
export function columnWidths(width: number, em: number, figures: number): ColumnWidths {
  // Measured values, but a font not loaded yet or a hidden list can report nonsense: keep them in a sane range.
  const safe = (n: number, fallback: number, lo: number, hi: number): number => (Number.isFinite(n) && n > 0 ? clamp(n, lo, hi) : fallback);
  const w = Math.floor(safe(width, 1000, 1, 100_000));
  const e = safe(em, 13, 4, 200);
  const f = Math.ceil(safe(figures, 71 * 8, 1, 100_000));
  const status = Math.ceil(1.5 * e);
  const free = w - 2 * rowPadding - 5 * columnGap - status - f - trendWidth;
  let test = Math.floor(clamp(free * 0.3, 10 * e, 24 * e));
  let model = Math.floor(clamp(free * 0.18, 8 * e, 14 * e));
  const minOutput = Math.ceil(20 * e);
  // The names give way to the output first, down to their minimums.
  let short = minOutput - (free - test - model);
  if (short > 0) {
    const fromTest = Math.max(0, Math.min(short, test - Math.ceil(10 * e)));
    test -= fromTest;
    short -= fromTest;
    model -= Math.max(0, Math.min(short, model - Math.ceil(8 * e)));
  }
  const output = Math.max(minOutput, Math.floor(free - test - model));
  const trendLeft = rowPadding + status + test + model + f + 4 * columnGap;
  const rowWidth = Math.max(w, trendLeft + trendWidth + columnGap + output + rowPadding);
  return {
    status, test, model, figures: f, trend: trendWidth, output, trendLeft, rowWidth,
    template: `${status}px ${test}px ${model}px ${f}px ${trendWidth}px ${output}px`,
  };
}

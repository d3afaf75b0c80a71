// The list's column widths, in pixels, computed once per layout (on resize, or when the fonts change the figures'
// width) instead of from each row's content: the header's grid and the rows' inline cells take these widths, and the
// status glyphs and trends drawn on the row canvases (rowAtlas.ts) are placed at their columns' offsets without
// reading layout. The model is a field of the figures run (figures.ts), not a column of its own. Pure, so it is
// unit-tested in Node.

/** Gap between two columns and the row's padding on each side, px (outcomes.css uses the same). */
export const columnGap = 8;
export const rowPadding = 8;
export const trendWidth = 100;

export interface ColumnWidths {
  readonly status: number;
  readonly test: number;
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
 * Widths for a list `width` px wide in a font of `em` px, with the figures run (the model's name first) `figures` px
 * wide. The output, the one column whose text is long, gets what the test name does not need: the name takes a share
 * of the free space up to a cap (24em; longer names are cut with an ellipsis and shown whole in the tooltip), and no
 * less than 10em. The output never gets less than 20em: when the list is too narrow for that, the row grows wider
 * than the list, which scrolls sideways, rather than squeezing the output against its right edge.
 */
export function columnWidths(width: number, em: number, figures: number): ColumnWidths {
  // Measured values, but a font not loaded yet or a hidden list can report nonsense: keep them in a sane range.
  const safe = (n: number, fallback: number, lo: number, hi: number): number => (Number.isFinite(n) && n > 0 ? clamp(n, lo, hi) : fallback);
  const w = Math.floor(safe(width, 1000, 1, 100_000));
  const e = safe(em, 13, 4, 200);
  const f = Math.ceil(safe(figures, 93 * 8, 1, 100_000));
  const status = Math.ceil(1.5 * e);
  const free = w - 2 * rowPadding - 4 * columnGap - status - f - trendWidth;
  const minOutput = Math.ceil(20 * e);
  // The name gives way to the output first, down to its minimum.
  const test = Math.max(Math.ceil(10 * e), Math.min(Math.floor(clamp(free * 0.3, 10 * e, 24 * e)), free - minOutput));
  const output = Math.max(minOutput, Math.floor(free - test));
  const trendLeft = rowPadding + status + test + f + 3 * columnGap;
  const rowWidth = Math.max(w, trendLeft + trendWidth + columnGap + output + rowPadding);
  return {
    status, test, figures: f, trend: trendWidth, output, trendLeft, rowWidth,
    template: `${status}px ${test}px ${f}px ${trendWidth}px ${output}px`,
  };
}

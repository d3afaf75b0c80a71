// Layout math for the virtualized side-by-side text: the list of display lines (text rows, with unchanged regions
// folded into one line each unless expanded), which of them exist in the DOM for a scroll position, and where to
// scroll to show a change. Pure, so it is unit-tested in Node; every line has the same height.

export type DisplayItem =
  | { readonly kind: 'row'; readonly row: number }
  | { readonly kind: 'fold'; readonly start: number; readonly end: number };

export interface FoldRange {
  readonly start: number;
  readonly end: number;
}

/** The display lines: each text row, except that every fold not in `expanded` (by start row) shows as one line. */
export function displayItems(rowCount: number, folds: readonly FoldRange[], expanded: ReadonlySet<number>): DisplayItem[] {
  const items: DisplayItem[] = [];
  let row = 0;
  // Folds come sorted from the core; skip any that overlap or run past the rows instead of trusting them.
  for (const fold of folds) {
    if (expanded.has(fold.start) || fold.start < row || fold.end <= fold.start || fold.end > rowCount) continue;
    for (; row < fold.start; row++) items.push({ kind: 'row', row });
    items.push({ kind: 'fold', start: fold.start, end: fold.end });
    row = fold.end;
  }
  for (; row < rowCount; row++) items.push({ kind: 'row', row });
  return items;
}

/** The display line that shows text row `row` (the fold line when the row is folded), or -1 when there is none. */
export function displayIndexOfRow(items: readonly DisplayItem[], row: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid];
    if (!item) break;
    const first = item.kind === 'row' ? item.row : item.start;
    const end = item.kind === 'row' ? item.row + 1 : item.end;
    if (row < first) hi = mid - 1;
    else if (row >= end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export interface LineWindow {
  /** First display line in the DOM. */
  readonly start: number;
  /** One past the last display line in the DOM. */
  readonly end: number;
}

const finite = (n: number): number => (Number.isFinite(n) ? n : 0);

/** The display lines to build for a scroll position, with `overscan` extra lines above and below. */
export function lineWindow(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): LineWindow {
  const h = Math.max(1, finite(rowHeight));
  const n = Math.max(0, Math.floor(finite(count)));
  const viewport = Math.max(h, finite(viewportHeight));
  const top = Math.min(Math.max(0, finite(scrollTop)), Math.max(0, n * h - viewport));
  const first = Math.floor(top / h);
  const last = Math.ceil((top + viewport) / h);
  const start = Math.max(0, first - overscan);
  return { start, end: Math.max(start, Math.min(n, last + overscan)) };
}

/** The scrollTop that puts display line `index` in the middle of the viewport (clamped to the content). */
export function centeredScrollTop(index: number, viewportHeight: number, rowHeight: number, count: number): number {
  const max = Math.max(0, count * rowHeight - viewportHeight);
  return Math.min(max, Math.max(0, Math.round(index * rowHeight + rowHeight / 2 - viewportHeight / 2)));
}

/** The scrollTop that keeps display line `index` fully visible while moving as little as possible. */
export function revealScrollTop(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return Math.max(0, top + rowHeight - viewportHeight);
  return scrollTop;
}

export type TextKeyAction = { readonly move: number } | { readonly to: 'first' | 'last' } | { readonly change: 1 | -1 } | { readonly activate: true };

/** What a key does in the focused text grid; undefined leaves the key to the browser (left/right scroll, Tab). */
export function textKeyAction(key: string, shift: boolean, pageSize: number): TextKeyAction | undefined {
  const page = Math.max(1, Math.floor(pageSize));
  switch (key) {
    case 'ArrowDown':
      return { move: 1 };
    case 'ArrowUp':
      return { move: -1 };
    case 'PageDown':
      return { move: page };
    case 'PageUp':
      return { move: -page };
    case 'Home':
      return { to: 'first' };
    case 'End':
      return { to: 'last' };
    case 'F7': // VS Code's own diff editor keys: F7 next change, Shift+F7 previous.
      return { change: shift ? -1 : 1 };
    case 'Enter':
    case ' ':
      return { activate: true };
    default:
      return undefined;
  }
}

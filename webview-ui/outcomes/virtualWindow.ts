// Window math for the virtualized outcome list: which rows exist in the DOM for a scroll position, where the
// keyboard selection moves, and how far to scroll to keep it visible. Pure, so it is unit-tested in Node.

export interface WindowInput {
  readonly scrollTop: number;
  readonly viewportHeight: number;
  readonly rowHeight: number;
  readonly rowCount: number;
  /** Extra rows rendered above and below the viewport so fast scrolling shows no gap. */
  readonly overscan: number;
}

export interface RowWindow {
  /** First rendered row index. */
  readonly start: number;
  /** One past the last rendered row index. */
  readonly end: number;
  /** Pixel offset of row `start` from the top of the scroll content. */
  readonly offsetTop: number;
  /** Height of the whole scroll content. */
  readonly totalHeight: number;
}

function finite(n: number): number {
  return Number.isFinite(n) ? n : 0;
}

/** The rows to render for a scroll position; clamps every input so a stale scrollTop never yields an empty window. */
export function visibleWindow(input: WindowInput): RowWindow {
  const rowHeight = Math.max(1, finite(input.rowHeight));
  const count = Math.max(0, Math.floor(finite(input.rowCount)));
  const totalHeight = count * rowHeight;
  const viewport = Math.max(0, finite(input.viewportHeight));
  const maxScroll = Math.max(0, totalHeight - viewport);
  const scrollTop = Math.min(Math.max(0, finite(input.scrollTop)), maxScroll);
  const overscan = Math.max(0, Math.floor(finite(input.overscan)));
  const first = Math.floor(scrollTop / rowHeight);
  const visible = Math.ceil((scrollTop + viewport) / rowHeight) - first;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + Math.max(1, visible) + overscan);
  return { start, end: Math.max(start, end), offsetTop: start * rowHeight, totalHeight };
}

export type NavigationKey = 'ArrowUp' | 'ArrowDown' | 'PageUp' | 'PageDown' | 'Home' | 'End';

export function isNavigationKey(key: string): key is NavigationKey {
  return key === 'ArrowUp' || key === 'ArrowDown' || key === 'PageUp' || key === 'PageDown' || key === 'Home' || key === 'End';
}

/** The selected row after a navigation key; -1 (nothing selected) moves to the first row. */
export function moveSelection(current: number, key: NavigationKey, rowCount: number, pageSize: number): number {
  if (rowCount <= 0) return -1;
  const page = Math.max(1, Math.floor(pageSize));
  const last = rowCount - 1;
  if (current < 0 || current > last) return key === 'End' ? last : 0;
  switch (key) {
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'ArrowDown':
      return Math.min(last, current + 1);
    case 'PageUp':
      return Math.max(0, current - page);
    case 'PageDown':
      return Math.min(last, current + page);
    case 'Home':
      return 0;
    case 'End':
      return last;
  }
}

/** The scrollTop that makes row `index` fully visible while moving as little as possible. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  if (index < 0) return scrollTop;
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

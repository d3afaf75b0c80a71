import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isNavigationKey, moveSelection, scrollToReveal, visibleWindow } from '../../../webview-ui/outcomes/virtualWindow';

describe('outcomes virtual window', () => {
  it('renders the rows in view plus the overscan', () => {
    const w = visibleWindow({ scrollTop: 240, viewportHeight: 240, rowHeight: 24, rowCount: 10_000, overscan: 5 });
    assert.deepEqual(w, { start: 5, end: 25, offsetTop: 120, totalHeight: 240_000 });
  });

  it('counts a partly visible row at the bottom', () => {
    const w = visibleWindow({ scrollTop: 12, viewportHeight: 48, rowHeight: 24, rowCount: 100, overscan: 0 });
    assert.deepEqual([w.start, w.end], [0, 3]);
  });

  it('clamps a stale scroll position past the end to the last rows', () => {
    const w = visibleWindow({ scrollTop: 99_999, viewportHeight: 100, rowHeight: 20, rowCount: 10, overscan: 2 });
    assert.deepEqual([w.start, w.end, w.totalHeight], [3, 10, 200]);
  });

  it('yields an empty window for no rows and survives nonsense input', () => {
    assert.deepEqual(visibleWindow({ scrollTop: -5, viewportHeight: 300, rowHeight: 24, rowCount: 0, overscan: 3 }), { start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
    const w = visibleWindow({ scrollTop: Number.NaN, viewportHeight: -1, rowHeight: 0, rowCount: 5, overscan: -2 });
    assert.ok(w.start >= 0 && w.end <= 5 && w.start <= w.end);
  });

  it('always covers the viewport and stays inside the list', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 0, max: 500_000 }),
      fc.integer({ min: 8, max: 60 }), fc.integer({ min: 0, max: 20 }),
      (count, viewport, scrollTop, rowHeight, overscan) => {
        const w = visibleWindow({ scrollTop, viewportHeight: viewport, rowHeight, rowCount: count, overscan });
        assert.ok(w.start >= 0 && w.start <= w.end && w.end <= count);
        assert.equal(w.offsetTop, w.start * rowHeight);
        const maxScroll = Math.max(0, count * rowHeight - viewport);
        const top = Math.min(scrollTop, maxScroll);
        if (count > 0) {
          assert.ok(w.start * rowHeight <= top, 'first row starts at or above the viewport');
          assert.ok(w.end === count || w.end * rowHeight >= top + viewport, 'last row reaches the viewport bottom');
          assert.ok(w.end - w.start <= Math.ceil(viewport / rowHeight) + 1 + 2 * overscan, 'no more rows than fit');
        }
      },
    ));
  });

  it('moves the selection with arrows, pages, Home and End, within bounds', () => {
    assert.equal(moveSelection(-1, 'ArrowDown', 10, 5), 0);
    assert.equal(moveSelection(-1, 'End', 10, 5), 9);
    assert.equal(moveSelection(0, 'ArrowUp', 10, 5), 0);
    assert.equal(moveSelection(3, 'ArrowDown', 10, 5), 4);
    assert.equal(moveSelection(9, 'ArrowDown', 10, 5), 9);
    assert.equal(moveSelection(3, 'PageDown', 10, 5), 8);
    assert.equal(moveSelection(8, 'PageDown', 10, 5), 9);
    assert.equal(moveSelection(3, 'PageUp', 10, 5), 0);
    assert.equal(moveSelection(5, 'Home', 10, 5), 0);
    assert.equal(moveSelection(5, 'End', 10, 5), 9);
    assert.equal(moveSelection(12, 'ArrowUp', 10, 5), 0, 'a selection past a shrunk list restarts at the top');
    assert.equal(moveSelection(0, 'ArrowDown', 0, 5), -1);
    assert.ok(isNavigationKey('PageDown') && !isNavigationKey('Enter'));
  });

  it('scrolls as little as needed to reveal a row', () => {
    assert.equal(scrollToReveal(5, 0, 240, 24), 0, 'already visible');
    assert.equal(scrollToReveal(10, 0, 240, 24), 24, 'just below: bottom-aligns');
    assert.equal(scrollToReveal(2, 200, 240, 24), 48, 'above: top-aligns');
    assert.equal(scrollToReveal(-1, 77, 240, 24), 77);
  });
});

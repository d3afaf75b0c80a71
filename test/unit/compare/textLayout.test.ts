import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { centeredScrollTop, displayIndexOfRow, displayItems, lineWindow, revealScrollTop, textKeyAction } from '../../../webview-ui/diff/textLayout';

describe('diff text layout (virtualized rows)', () => {
  it('folds unchanged regions into one line each unless expanded', () => {
    const folds = [{ start: 2, end: 6 }, { start: 8, end: 10 }];
    assert.deepEqual(displayItems(10, folds, new Set()), [
      { kind: 'row', row: 0 }, { kind: 'row', row: 1 }, { kind: 'fold', start: 2, end: 6 }, { kind: 'row', row: 6 }, { kind: 'row', row: 7 }, { kind: 'fold', start: 8, end: 10 },
    ]);
    const open = displayItems(10, folds, new Set([2]));
    assert.equal(open.length, 9);
    assert.deepEqual(open.slice(2, 6), [2, 3, 4, 5].map((row) => ({ kind: 'row', row })));
    assert.equal(displayItems(10, [], new Set()).length, 10);
  });

  it('ignores folds that overlap, are empty or run past the rows', () => {
    const items = displayItems(5, [{ start: 1, end: 3 }, { start: 2, end: 4 }, { start: 4, end: 4 }, { start: 4, end: 9 }], new Set());
    assert.deepEqual(items, [{ kind: 'row', row: 0 }, { kind: 'fold', start: 1, end: 3 }, { kind: 'row', row: 3 }, { kind: 'row', row: 4 }]);
  });

  it('finds the display line of a text row, the fold line for a folded row', () => {
    const items = displayItems(10, [{ start: 2, end: 6 }], new Set());
    assert.equal(displayIndexOfRow(items, 0), 0);
    assert.equal(displayIndexOfRow(items, 4), 2);
    assert.equal(displayIndexOfRow(items, 6), 3);
    assert.equal(displayIndexOfRow(items, 9), 6);
    assert.equal(displayIndexOfRow(items, 10), -1);
    assert.equal(displayIndexOfRow([], 0), -1);
  });

  it('every text row maps to the display line that covers it', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 400 }), fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 20 }), (rows, cuts) => {
      const sorted = [...new Set(cuts.filter((c) => c <= rows))].sort((a, b) => a - b);
      const folds = [];
      for (let i = 0; i + 1 < sorted.length; i += 2) folds.push({ start: sorted[i] ?? 0, end: sorted[i + 1] ?? 0 });
      const items = displayItems(rows, folds, new Set());
      for (let r = 0; r < rows; r++) {
        const item = items[displayIndexOfRow(items, r)];
        assert.ok(item && (item.kind === 'row' ? item.row === r : item.start <= r && r < item.end), `row ${r}`);
      }
    }));
  });

  it('builds the lines in view plus the overscan, and clamps a stale scroll position', () => {
    assert.deepEqual(lineWindow(200, 100, 20, 5000, 5), { start: 5, end: 20 });
    assert.deepEqual(lineWindow(0, 100, 20, 5000, 5), { start: 0, end: 10 });
    assert.deepEqual(lineWindow(1e9, 100, 20, 50, 5), { start: 40, end: 50 });
    assert.deepEqual(lineWindow(0, 500, 20, 0, 5), { start: 0, end: 0 });
    const w = lineWindow(Number.NaN, -1, 0, 10, 3);
    assert.ok(w.start >= 0 && w.end <= 10 && w.start <= w.end && w.end > 0);
  });

  it('always covers the viewport and stays small', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 50, max: 2000 }), fc.integer({ min: 10, max: 40 }), (count, scroll, viewport, h) => {
      const w = lineWindow(scroll, viewport, h, count, 20);
      const top = Math.min(scroll, Math.max(0, count * h - viewport));
      assert.ok(w.start <= Math.floor(top / h) && w.end >= Math.min(count, Math.ceil((top + viewport) / h)));
      assert.ok(w.end - w.start <= Math.ceil(viewport / h) + 41);
    }));
  });

  it('centres a change and reveals a line with the least scrolling', () => {
    assert.equal(centeredScrollTop(100, 200, 20, 1000), 1910);
    assert.equal(centeredScrollTop(1, 200, 20, 1000), 0);
    assert.equal(centeredScrollTop(999, 200, 20, 1000), 19_800);
    assert.equal(revealScrollTop(5, 200, 200, 20), 100);
    assert.equal(revealScrollTop(25, 200, 200, 20), 320);
    assert.equal(revealScrollTop(12, 200, 200, 20), 200);
  });

  it('maps keys: lines, pages, ends, F7 for changes, Enter for a fold; others stay with the browser', () => {
    assert.deepEqual(textKeyAction('ArrowDown', false, 30), { move: 1 });
    assert.deepEqual(textKeyAction('PageUp', false, 30), { move: -30 });
    assert.deepEqual(textKeyAction('End', false, 30), { to: 'last' });
    assert.deepEqual(textKeyAction('F7', false, 30), { change: 1 });
    assert.deepEqual(textKeyAction('F7', true, 30), { change: -1 });
    assert.deepEqual(textKeyAction('Enter', false, 30), { activate: true });
    assert.equal(textKeyAction('ArrowLeft', false, 30), undefined);
    assert.equal(textKeyAction('Tab', false, 30), undefined);
    assert.deepEqual(textKeyAction('PageDown', false, 0), { move: 1 });
  });
});

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { columnGap, columnWidths, rowPadding, trendWidth } from '../../../webview-ui/outcomes/columns';

const sum = (c: ReturnType<typeof columnWidths>): number =>
  c.status + c.test + c.figures + c.trend + c.output + 4 * columnGap + 2 * rowPadding;

describe('outcome list column widths', () => {
  it('fills a wide list exactly, the name capped and the output taking the rest', () => {
    const c = columnWidths(2400, 13, 700);
    assert.equal(c.test, 24 * 13);
    assert.equal(sum(c), 2400);
    assert.equal(c.rowWidth, 2400);
    assert.ok(c.output > 1000, `the output gets the room: ${c.output}`);
    assert.equal(c.template, `${c.status}px ${c.test}px 700px ${trendWidth}px ${c.output}px`);
  });

  it('places the trend column after the status, the name and the figures run (the model is a field of it)', () => {
    const c = columnWidths(1400, 13, 700);
    assert.equal(c.trendLeft, rowPadding + c.status + c.test + c.figures + 3 * columnGap);
  });

  it('keeps the output at least 20em wide in a narrow list: the name gives way first, then the row scrolls', () => {
    const medium = columnWidths(1350, 13, 700);
    assert.ok(medium.output >= 260, `output ${medium.output}`);
    assert.ok(medium.test > 10 * 13 && medium.test < 24 * 13, `test ${medium.test}`);
    assert.equal(sum(medium), 1350, 'the row still fits the list');
    const tight = columnWidths(1260, 13, 700);
    assert.equal(tight.test, 10 * 13, 'the name at its minimum');
    assert.equal(tight.output, 1260 - 16 - 32 - tight.status - 130 - 700 - trendWidth, 'the output takes the rest');
    assert.equal(tight.rowWidth, 1260);
    const narrow = columnWidths(900, 13, 700);
    assert.equal(narrow.test, 10 * 13);
    assert.equal(narrow.output, 260);
    assert.ok(narrow.rowWidth > 700, 'the row is wider than the list');
    assert.equal(sum(narrow), narrow.rowWidth);
  });

  it('gives whole, positive pixels for any input, garbage included', () => {
    fc.assert(fc.property(fc.double(), fc.double(), fc.double(), (w, em, f) => {
      const c = columnWidths(w, em, f);
      for (const v of [c.status, c.test, c.figures, c.output, c.trendLeft, c.rowWidth]) {
        assert.ok(Number.isInteger(v) && v > 0, `${v} from ${w}, ${em}, ${f}`);
      }
      assert.ok(c.rowWidth >= sum(c) && c.rowWidth >= (Number.isFinite(w) && w > 0 ? Math.floor(Math.min(w, 100_000)) : 0));
    }));
  });
});

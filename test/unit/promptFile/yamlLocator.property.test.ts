// YamlLocator turns offsets in the YAML into ranges without asking the line index for each position; its ranges must
// equal the line index's own, for every offset (inside the YAML, past its end, between a \r and its \n).
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { LineIndex } from '../../../src/core/promptFile/positions';
import { YamlLocator } from '../../../src/core/promptFile/yamlNodeInfo';

/** The ranges the YAML readers gave before they kept a line of their own: the line index's, end trimmed of blanks. */
function expected(source: string, start: number, index: LineIndex, a: number, b: number): ReturnType<LineIndex['range']> {
  let e = b;
  while (e > a + 1 && ' \t\r\n'.includes(source.charAt(e - 1)) && source.charAt(e - 1) !== '') e--;
  return index.range(start + a, start + e);
}

describe('YamlLocator: the ranges of YAML offsets equal the line index\'s', () => {
  it('over 3,000 texts with \\n, \\r\\n and lone \\r, offsets in order and out of order, inside and past the YAML', () => {
    const text = fc.array(fc.constantFrom('a', 'b: c', ' ', '  ', '\n', '\r\n', '\r', '\t', '- x', '#'), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(fc.property(text, fc.nat(), fc.nat(), fc.array(fc.tuple(fc.integer({ min: -2, max: 80 }), fc.nat(40)), { maxLength: 25 }), fc.boolean(),
      (t, x, y, pairs, sorted) => {
        const start = x % (t.length + 1);
        const end = start + (y % (t.length - start + 1));
        const source = t.slice(start, end);
        const index = new LineIndex(t);
        const locator = new YamlLocator(source, start, index);
        const offsets = pairs.map(([a, d]): [number, number] => [Math.max(0, a), Math.max(0, a) + d]);
        if (sorted) offsets.sort((p, q) => p[0] - q[0]);
        for (const [a, b] of offsets) assert.deepStrictEqual(locator.range(a, b), expected(source, start, index, a, b), JSON.stringify({ t, start, end, a, b }));
      }), { numRuns: 3000 });
  });
});

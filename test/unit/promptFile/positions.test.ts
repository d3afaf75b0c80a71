// LineIndex answers positions from a remembered line when asked in order; in any order it must equal a plain scan.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { Position } from '../../../src/core/promptFile/model';
import { LineIndex } from '../../../src/core/promptFile/positions';

/** The position of `offset` by walking the text: \r\n, \n and \r end lines; an offset inside \r\n stays on its line. */
function scan(text: string, offset: number): Position {
  const o = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, text.length));
  let line = 0;
  let start = 0;
  for (let i = 0; i < o; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) {
      if (i + 1 === o) break; // between \r and \n: the end of this line
      i++;
    }
    if (c === 10 || c === 13) {
      line++;
      start = i + 1;
    }
  }
  let end = start;
  while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return { line, character: Math.min(o - start, end - start) };
}

describe('positions: LineIndex', () => {
  it('positionAt equals a plain scan for offsets asked in any order, over 1,000 texts', () => {
    const text = fc.array(fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', '\n\n', 'é😀'), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(fc.property(text, fc.array(fc.integer({ min: -3, max: 120 }), { minLength: 1, maxLength: 30 }), (t, offsets) => {
      const index = new LineIndex(t);
      for (const o of offsets) assert.deepStrictEqual(index.positionAt(o), scan(t, o), `${JSON.stringify(t)} at ${o}`);
      // In order too, as parsing asks.
      for (const o of [...offsets].sort((a, b) => a - b)) assert.deepStrictEqual(index.positionAt(o), scan(t, o), `${JSON.stringify(t)} at ${o}`);
    }), { numRuns: 1000 });
  });
});

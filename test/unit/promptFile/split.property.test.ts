// Property test: splitPromptText, which finds the closing fence by searching for `---`, against a reading of the file
// line by line (every line break VS Code knows: \r\n, \n and a lone \r), over generated files made of fence-like lines.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { splitPromptText, type SplitResult } from '../../../src/core/promptFile/split';

const FENCE = /^---[ \t]*$/;

/** Each line's start and end (before its break) and where the next line starts. */
function linesOf(text: string, from: number): { start: number; end: number; next: number }[] {
  const out: { start: number; end: number; next: number }[] = [];
  const re = /\r\n|\r|\n/g;
  re.lastIndex = from;
  let start = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ start, end: m.index, next: m.index + m[0].length });
    start = m.index + m[0].length;
  }
  out.push({ start, end: text.length, next: text.length });
  return out;
}

function oracle(text: string): SplitResult {
  const contentStart = text.startsWith('\ufeff') ? 1 : 0;
  const [first, ...rest] = linesOf(text, contentStart);
  if (!FENCE.test(text.slice(first.start, first.end))) return { contentStart, bodyStart: contentStart };
  const yamlStart = first.next;
  for (const line of rest) {
    if (line.start >= text.length) break;
    if (!FENCE.test(text.slice(line.start, line.end))) continue;
    const before = text.slice(0, line.start).replace(/(\r\n|\r|\n)$/, '').length;
    return {
      contentStart,
      frontmatter: {
        openStart: contentStart, openEnd: first.end, yamlStart, yamlEnd: Math.max(yamlStart, line.start === yamlStart ? yamlStart : before),
        closeStart: line.start, closeEnd: line.end, closeHasBreak: line.next > line.end,
      },
      bodyStart: line.next,
    };
  }
  return { contentStart, frontmatter: { openStart: contentStart, openEnd: first.end, yamlStart, yamlEnd: text.length, closeHasBreak: false }, bodyStart: text.length };
}

const opening = fc.constantFrom('', '---\n', '---\r\n', '\ufeff---\n', '--- \r', '---\t\n');
const piece = fc.constantFrom('---', '--- ', '---\t', '----', '-', '--', 'a', ' ', '\n', '\r\n', '\r', '\ufeff', 'x: 1', '-- -', 'b---');

describe('prompt file split', () => {
  it('finds the same fences as a line-by-line reading, over 20,000 generated files', () => {
    let closed = 0;
    fc.assert(fc.property(fc.tuple(opening, fc.array(piece, { maxLength: 30 })).map(([o, a]) => o + a.join('')), (text) => {
      const expected = oracle(text);
      if (expected.frontmatter?.closeStart !== undefined) closed++;
      assert.deepStrictEqual(splitPromptText(text), expected);
    }), { numRuns: 20_000 });
    // Files with a closed frontmatter must be common, or the property says little about the closing fence.
    assert.ok(closed > 1000, `only ${closed} files had a closing fence`);
  });
});

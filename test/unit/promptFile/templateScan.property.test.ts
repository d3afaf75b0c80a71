// Property test: scanTemplate, which finds expression closes with native searches, against a plain reading of the same
// rules one character at a time (the scan it replaced), over generated bodies full of quotes, braces and comments.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { largePrompt } from '../../../bench/parseFixture';
import { splitPromptText } from '../../../src/core/promptFile/split';
import { scanTemplate, type TemplateScan } from '../../../src/core/promptFile/templateScan';

/** The `}}` closing an expression read one character at a time, skipping quoted strings; -1 at a `{{` or the end. */
function walkClose(body: string, from: number): number {
  for (let k = from; k < body.length; k++) {
    const c = body[k];
    if (c === '"' || c === "'") {
      const q = body.indexOf(c, k + 1);
      if (q < 0) return -1;
      k = q;
    } else if (body.startsWith('}}', k)) {
      return k;
    } else if (body.startsWith('{{', k)) {
      return -1;
    }
  }
  return -1;
}

/** The scan's rules, written plainly. */
function oracle(body: string, chunk: number, depthLimit: number): TemplateScan {
  const boundaries: number[] = [];
  let depth = 0;
  let maxDepth = 0;
  let deepestAt = 0;
  let last = 0;
  let i = 0;
  let usable = true;
  while (i < body.length) {
    const open = body.indexOf('{{', i);
    if (open < 0) break;
    if (depth === 0 && usable && open - last > chunk) {
      const cut = body.indexOf('\n', Math.max(i, last + chunk));
      if (cut >= 0 && cut < open) {
        boundaries.push(cut + 1);
        last = cut + 1;
      }
    }
    if (body[open - 1] === '\\' && body[open - 2] !== '\\') {
      i = open + 2;
      continue;
    }
    let j = open + 2;
    if (body.startsWith('{{', j)) usable = false;
    if (body[j] === '~') j++;
    const kind = body[j];
    if (kind === '!') {
      const long = body.startsWith('--', j + 1);
      const close = body.indexOf(long ? '--' : '}}', j + 1);
      const end = close < 0 ? -1 : long ? body.indexOf('}}', close) : close;
      if (end < 0) {
        usable = false;
        break;
      }
      i = end + 2;
      continue;
    }
    const end = walkClose(body, j);
    if (end < 0) {
      usable = false;
      break;
    }
    if (kind === '#' || (kind === '^' && /\S/.test(body.slice(j + 1, end).replace(/~?\}+$/, '')))) {
      depth++;
      if (depth > maxDepth) {
        maxDepth = depth;
        deepestAt = open;
        if (depth > depthLimit) return { maxDepth, deepestAt, boundaries: [] };
      }
    } else if (kind === '/') {
      depth--;
      if (depth < 0) usable = false;
    }
    i = end + 2;
  }
  return { maxDepth, deepestAt, boundaries: usable && depth === 0 ? boundaries : [] };
}

const token = fc.constantFrom('{{', '}}', '{{{', '"', "'", 'a "b" c', "it's ", '{{name}}', '{{#if a}}', '{{/if}}', '{{^}}', '{{^ x}}',
  '{{else}}', '{{! note }}', '{{!-- long }} --}}', '{{!--', '--}}', '{{~#each xs~}}', '{{/each}}', '{{role "system"}}', '{{x "}}"}}',
  "{{y 'a\"b'}}", "{{x '}}{{'}}", '{{x "}}{{"}}', "{{#y 'a}}b'}}", '\\{{z}}', '\\\\{{w}}', '\n', 'text ', '(', 'é', '~');
/** Whole statements and lines, so that many bodies balance and can be cut. */
const line = fc.constantFrom('\n', 'text\n', '{{name}}\n', '{{#if a}}x{{/if}}\n', '{{role "user"}}\n', "it's {{x 'q'}}\n", '{{! c }}\n', '{{x "}}{{"}}\n', "{{x '}}{{'}}\n");
const body = fc.array(fc.oneof({ arbitrary: line, weight: 4 }, { arbitrary: token, weight: 1 }), { maxLength: 40 }).map((ts) => ts.join(''));

describe('template pre-scan', () => {
  it('finds the same depth and cut points as a character-by-character reading, over 5,000 generated bodies', () => {
    let cut = 0;
    fc.assert(fc.property(body, fc.constantFrom(0, 4, 16, 64), fc.constantFrom(1, 3, 100), (src, chunk, limit) => {
      const expected = oracle(src, chunk, limit);
      if (expected.boundaries.length > 0) cut++;
      assert.deepStrictEqual(scanTemplate(src, chunk, limit), expected);
    }), { numRuns: 5000 });
    // Bodies that are cut must be common, or the property says little about the cut points.
    assert.ok(cut > 500, `only ${cut} bodies were cut`);
  });

  it('cuts the benchmark body as the plain reading does', () => {
    const text = largePrompt(2000);
    const src = text.slice(splitPromptText(text).bodyStart);
    const scan = scanTemplate(src, 768, 100);
    assert.ok(scan.boundaries.length > 50, `${scan.boundaries.length} cuts`);
    assert.deepStrictEqual(scan, oracle(src, 768, 100));
  });
});

// Differential property test: the fast template parser against Handlebars' own parser, over generated templates.
// Wherever the fast parser answers, Handlebars must accept the text too and the analysis (nodes, names, ranges,
// scopes, paths, helper calls, partials, role markers) must be identical.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { largePrompt } from '../../../bench/parseFixture';
import { splitPromptText } from '../../../src/core/promptFile/split';
import { analysePiece } from '../../../src/core/promptFile/template';
import { fastAnalyse } from '../../../src/core/promptFile/templateFastParse';
import type { Range, TemplateNode } from '../../../src/core/promptFile/model';
import type { Piece, PieceParts } from '../../../src/core/promptFile/templateModel';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

function bodyOf(text: string): string {
  return text.slice(splitPromptText(text).bodyStart);
}

/** A node as data: the fast reader's nodes compute their ranges from offsets when read (templatePieceNode.ts). */
function plainNode(n: TemplateNode): TemplateNode {
  return { kind: n.kind, name: n.name, range: n.range, nameRange: n.nameRange, scopes: n.scopes };
}

/** The analysis alone, as data: where it was placed, which parser read it and how it stores ranges differ by design. */
function withoutPlacement(p: Piece): PieceParts {
  return {
    nodes: p.nodes.map(plainNode),
    paths: p.paths.map((u) => ({ ...u, node: plainNode(u.node) })),
    helpers: p.helpers.map((h) => ({ node: plainNode(h.node), params: h.params.map((q) => ({ type: q.type, value: q.value, range: q.range })), hashKeys: h.hashKeys })),
    partials: p.partials,
    markers: p.markers,
  };
}

/** Handlebars' analysis, or the error it throws. */
function viaHandlebars(src: string, baseChar: number): Piece | Error {
  try {
    return analysePiece(src, baseChar, true);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

const ws = fc.constantFrom('', ' ', '  ', '\n', '\r\n', '\t');
const strip = fc.constantFrom('', '~');
const id = fc.constantFrom('a', 'name', 'user', 'items', 'x1', 'foo-bar', 'q?', '$v', 'é', 'true', 'nulls', 'as', 'else', '1', '-2', 'this');
const path = fc.oneof(
  id,
  fc.tuple(id, fc.constantFrom('.', '/'), id).map(([a, s, b]) => `${a}${s}${b}`),
  fc.constantFrom('this', '.', '..', '../a', '../../b.c', './a', 'this.x', 'this/y', '@index', '@root.a', '@key', '@first', 'a.b.c', 'a/..', 'a.', '[a b]'),
);
const literal = fc.constantFrom('"s"', "'t'", '"a b"', '""', '"x\\"y"', '1', '-1.5', '2.', 'true', 'false', 'null', 'undefined', '"role"', '"}}"');
const param: fc.Arbitrary<string> = fc.letrec((tie) => ({
  param: fc.oneof({ depthSize: 'small', withCrossShrink: true }, path, literal, tie('sexpr') as fc.Arbitrary<string>),
  sexpr: fc.tuple(ws, path, fc.array(fc.tuple(ws, tie('param') as fc.Arbitrary<string>), { maxLength: 2 }), ws)
    .map(([a, h, ps, b]) => `(${a}${h}${ps.map(([w, p]) => ` ${w}${p}`).join('')}${b})`),
})).param;
const hashPair = fc.tuple(id, fc.constantFrom('=', ' = ', '= '), param).map(([k, eq, v]) => `${k}${eq}${v}`);
const args = fc.tuple(fc.array(param, { maxLength: 3 }), fc.array(hashPair, { maxLength: 2 }))
  .map(([ps, hs]) => [...ps, ...hs].map((a) => ` ${a}`).join(''));
const helper = fc.constantFrom('if', 'each', 'with', 'unless', 'role', 'json', 'ifEquals', 'custom', 'history');
const text = fc.constantFrom('', 'Hello ', 'line\n', 'a\r\nb', '}} ', '{ ', '\\', 'é😀', 'x');

const template: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.tuple(strip, ws, path, args, ws, strip).map(([a, w1, p, r, w2, b]) => `{{${a}${w1}${p}${r}${w2}${b}}}`),
    fc.tuple(strip, helper, args, strip).map(([a, h, r, b]) => `{{${a}${h}${r}${b}}}`),
    fc.tuple(strip, fc.constantFrom('! note ', '!-- long }} --', '!--}}', '!', '!-- a\n b --', '!-- x -'), strip)
      .map(([a, c, b]) => `{{${a}${c}${b}}}`),
    fc.tuple(strip, fc.constantFrom('>', '> '), path, args, strip).map(([a, o, p, r, b]) => `{{${a}${o}${p}${r}${b}}}`),
    fc.tuple(strip, helper, args, fc.constantFrom('', ' as |x|', ' as |x y|', ' as | z |'), strip, tie('body') as fc.Arbitrary<string>,
      fc.option(fc.tuple(fc.constantFrom('{{else}}', '{{~else~}}', '{{ else }}', '{{^}}', '{{else if b}}'), tie('body') as fc.Arbitrary<string>)),
      fc.constantFrom('', 'x', ' '))
      .map(([a, h, r, bp, b, inner, inv, close]) => `{{${a}#${h}${r}${bp}${b}}}${inner}${inv ? inv[0] + inv[1] : ''}{{/${h}${close}}}`),
  ),
  body: fc.array(tie('node') as fc.Arbitrary<string>, { maxLength: 4 }).map((ns) => ns.join('')),
})).body;

// Raw edits that break templates in the places a hand-written lexer gets wrong.
const noise = fc.constantFrom('{', '}', '{{', '}}', '}}}', '{{{', '~', '"', "'", '(', ')', '=', '|', '.', '/', '@', '[', ']', '\\', '\u2028', '\u0000',
  '#', '^', '&', '*', '>', '!', ' ', '\n', 'else', 'as |', '-', '1', '\u00a0');
const mutated = fc.tuple(template, fc.array(fc.tuple(fc.nat(), noise), { maxLength: 3 })).map(([t, edits]) => {
  let s = t;
  for (const [at, piece] of edits) {
    const k = s.length === 0 ? 0 : at % (s.length + 1);
    s = s.slice(0, k) + piece + s.slice(k);
  }
  return s;
});

describe('template fast parser equals Handlebars', function () {
  this.timeout(600_000);

  it('parses the benchmark body and every example without falling back, with the same analysis', () => {
    for (const text of [largePrompt(400), ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.prompt')).map((f) => readFileSync(join(EXAMPLES, f), 'utf8'))]) {
      const body = bodyOf(text);
      assert.ok(fastAnalyse(body, 3, 0), body.slice(0, 80));
      assert.deepStrictEqual(withoutPlacement(analysePiece(body, 3)), withoutPlacement(viaHandlebars(body, 3) as Piece));
    }
  });

  it('gives the same analysis as Handlebars wherever it answers, over 4,000 generated and mutated templates', () => {
    let answered = 0;
    let fellBack = 0;
    fc.assert(fc.property(fc.oneof(template, mutated), fc.constantFrom(0, 4), (src, baseChar) => {
      const expected = viaHandlebars(src, baseChar);
      if (!fastAnalyse(src, baseChar, 0)) {
        fellBack++;
        return;
      }
      answered++;
      assert.ok(!(expected instanceof Error), `the fast parser accepted what Handlebars rejects: ${expected instanceof Error ? expected.message : ''}`);
      assert.deepStrictEqual(withoutPlacement(analysePiece(src, baseChar)), withoutPlacement(expected));
      // Read at a later line of the file, every range moves down by as many lines and nothing else changes.
      const down = (r: Range): Range => ({ start: { line: r.start.line + 5, character: r.start.character }, end: { line: r.end.line + 5, character: r.end.character } });
      const atLine5 = withoutPlacement(analysePiece(src, baseChar, false, 5));
      const expectedAt5 = withoutPlacement(expected);
      assert.deepStrictEqual(atLine5.nodes, expectedAt5.nodes.map((n) => ({ ...n, range: down(n.range), nameRange: down(n.nameRange) })));
      assert.deepStrictEqual(atLine5.helpers.map((h) => h.params), expectedAt5.helpers.map((h) => h.params.map((q) => ({ ...q, range: down(q.range) }))));
    }), { numRuns: 4000 });
    // Both outcomes must be common, or the property says little.
    assert.ok(answered > 1000 && fellBack > 200, `answered ${answered}, fell back ${fellBack}`);
  });
});

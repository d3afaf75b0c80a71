import * as assert from 'node:assert/strict';
import { parse } from '../../../src/core/promptFile/parse';
import { documentSymbols, foldingRanges } from '../../../src/core/languageService/symbols';
import { SAMPLE } from './fixtures';

describe('languageService/symbols', () => {
  const doc = parse(SAMPLE);

  it('outlines the frontmatter with its keys and tests, then each role section', () => {
    const symbols = documentSymbols(doc);
    assert.deepEqual(symbols.map((s) => [s.name, s.kind, s.range.start.line]), [
      ['frontmatter', 'module', 0],
      ['system', 'event', 18],
      ['user', 'event', 21],
    ]);
    const fm = symbols[0];
    assert.equal(fm.detail, 'openai/gpt-4o-mini');
    assert.deepEqual(fm.children.map((c) => c.name), ['model', 'input', 'tests']);
    const tests = fm.children[2];
    assert.deepEqual(tests.children.map((t) => [t.name, t.detail, t.selectionRange.start.line]), [
      ['greets', '1 assertion', 9],
      ['second', '0 assertions', 15],
    ]);
    assert.equal(symbols[1].selectionRange.end.character, '{{role "system"}}'.length);
  });

  it('keeps every child range inside its parent (VS Code rejects the outline otherwise)', () => {
    const inside = (outer: { start: { line: number; character: number }; end: { line: number; character: number } }, inner: typeof outer) =>
      (inner.start.line > outer.start.line || (inner.start.line === outer.start.line && inner.start.character >= outer.start.character))
      && (inner.end.line < outer.end.line || (inner.end.line === outer.end.line && inner.end.character <= outer.end.character));
    const walk = (s: ReturnType<typeof documentSymbols>[number]): void => {
      assert.ok(inside(s.range, s.selectionRange), `${s.name}: selection inside range`);
      for (const c of s.children) {
        assert.ok(inside(s.range, c.range), `${c.name} inside ${s.name}`);
        walk(c);
      }
    };
    documentSymbols(doc).forEach(walk);
  });

  it('gives an implicit leading section a symbol only when it holds text', () => {
    assert.deepEqual(documentSymbols(parse('Just a question?\n')).map((s) => s.name), ['user (implicit)']);
    assert.deepEqual(documentSymbols(parse('\n\n{{role "user"}}\nHi\n')).map((s) => s.name), ['user']);
  });

  it('folds the frontmatter, multi-line keys, tests, role sections, blocks, comments and regions', () => {
    const text = [
      '---', 'model: a/b', 'tests:', '  - name: t', '    vars:', '      x: 1', '---',
      '{{role "system"}}', 'line', '{{!-- a', 'comment --}}', '{{!-- #region examples --}}', '{{#each xs}}', '{{this}}', '{{/each}}', '{{!-- #endregion --}}', '',
      '{{role "user"}}', 'q', '',
    ].join('\n');
    const ranges = foldingRanges(parse(text)).map((r) => `${r.startLine}-${r.endLine}${r.kind ? ` ${r.kind}` : ''}`).sort();
    assert.deepEqual(ranges, ['0-6', '11-15 region', '12-13', '17-18', '2-5', '3-5', '4-5', '7-15', '9-10 comment']);
  });
});

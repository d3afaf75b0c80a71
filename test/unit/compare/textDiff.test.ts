import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffText, frontmatterLineCount, wordSegments, type DiffRow } from '../../../src/core/compare/textDiff';

const kinds = (rows: readonly DiffRow[]): string => rows.map((r) => r.kind[0]).join('');
const join = (lines: string[]): string => (lines.length === 0 ? '' : `${lines.join('\n')}\n`);

describe('compare/diffText', () => {
  it('aligns equal, changed, removed and added lines with line numbers on each side', () => {
    const left = join(['---', 'model: openai/gpt-4o-mini', '---', 'Hello {{name}}.', 'Be brief.', 'Bye.']);
    const right = join(['---', 'model: openai/gpt-4.1-mini', '---', 'Hello {{name}}.', 'New line.', 'Be brief.', 'Bye now.', 'Extra.']);
    const d = diffText(left, right, { context: 1 });
    assert.equal(kinds(d.rows), 'ecee' + 'a' + 'e' + 'ca');
    const changed = d.rows[1];
    assert.deepEqual(changed, {
      kind: 'changed',
      section: 'frontmatter',
      left: { line: 2, text: 'model: openai/gpt-4o-mini', segments: [{ text: 'model: openai/gpt-', changed: false }, { text: '4o', changed: true }, { text: '-mini', changed: false }] },
      right: { line: 2, text: 'model: openai/gpt-4.1-mini', segments: [{ text: 'model: openai/gpt-', changed: false }, { text: '4.1', changed: true }, { text: '-mini', changed: false }] },
    });
    assert.deepEqual(d.rows[4], { kind: 'added', right: { line: 5, text: 'New line.' }, section: 'body' });
    assert.deepEqual(d.rows[6]?.left, { line: 6, text: 'Bye.', segments: [{ text: 'Bye.', changed: false }] });
    assert.deepEqual(d.rows[6]?.right?.segments, [{ text: 'Bye', changed: false }, { text: ' now', changed: true }, { text: '.', changed: false }]);
    assert.deepEqual(d.rows[7], { kind: 'added', right: { line: 8, text: 'Extra.' }, section: 'body' });
    assert.deepEqual(d.changes, [1, 4, 6]);
    assert.deepEqual(d.stats, { added: 2, removed: 0, changed: 2 });
    assert.equal(d.identical, false);
    assert.deepEqual(d.rows.map((r) => r.section), ['frontmatter', 'frontmatter', 'frontmatter', 'body', 'body', 'body', 'body', 'body']);
  });

  it('pairs a rewrite in order and leaves the surplus as removed lines', () => {
    const d = diffText('a\nb\nc\nz\n', 'x\nz\n');
    assert.equal(kinds(d.rows), 'crre');
    assert.equal(d.rows[0]?.left?.text, 'a');
    assert.equal(d.rows[0]?.right?.text, 'x');
    assert.deepEqual(d.rows[2], { kind: 'removed', left: { line: 3, text: 'c' }, section: 'body' });
  });

  it('folds long unchanged runs outside the context and keeps hunks as their complement', () => {
    const base = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const changedLines = [...base];
    changedLines[10] = 'changed 10';
    changedLines[25] = 'changed 25';
    const d = diffText(join(base), join(changedLines), { context: 2 });
    assert.deepEqual(d.changes, [10, 25]);
    assert.deepEqual(d.folds, [{ start: 0, end: 8 }, { start: 13, end: 23 }, { start: 28, end: 30 }]);
    assert.deepEqual(d.hunks, [{ start: 8, end: 13 }, { start: 23, end: 28 }]);
  });

  it('does not fold a gap of fewer than two lines between changes', () => {
    const d = diffText('a\nb\nc\nd\ne\nf\n', 'A\nb\nc\nd\ne\nF\n', { context: 1 });
    assert.deepEqual(d.folds, [{ start: 2, end: 4 }]);
    const tight = diffText('a\nb\nc\nd\n', 'A\nb\nc\nD\n', { context: 1 });
    assert.deepEqual(tight.folds, []);
    assert.deepEqual(tight.hunks, [{ start: 0, end: 4 }]);
  });

  it('reports identical texts, empty texts, and differences rows cannot show', () => {
    const same = diffText('a\nb\n', 'a\nb\n');
    assert.equal(same.identical, true);
    assert.deepEqual(same.changes, []);
    assert.deepEqual(same.notes, []);
    assert.deepEqual(diffText('', '').rows, []);
    assert.equal(kinds(diffText('', 'x\ny').rows), 'aa');
    assert.equal(kinds(diffText('x\ny', '').rows), 'rr');
    const eol = diffText('a\nb\n', 'a\r\nb\r\n');
    assert.equal(eol.identical, true);
    assert.deepEqual(eol.notes, ['Line endings differ: LF → CRLF.']);
    assert.deepEqual(diffText('a\n', 'a').notes, ['Newline removed at end of file.']);
  });

  it('marks a very long changed line whole instead of diffing its words', () => {
    const long = 'x'.repeat(50);
    const seg = wordSegments(long, `${long}y`, 10);
    assert.deepEqual(seg.left, [{ text: long, changed: true }]);
    assert.deepEqual(seg.right, [{ text: `${long}y`, changed: true }]);
  });

  it('finds the frontmatter block only when it is closed', () => {
    assert.equal(frontmatterLineCount(['---', 'a: 1', '---', 'body']), 3);
    assert.equal(frontmatterLineCount(['---', 'a: 1']), 0);
    assert.equal(frontmatterLineCount(['\uFEFF---  ', 'a: 1', '--- ', 'body']), 3);
    assert.equal(frontmatterLineCount(['body', '---']), 0);
  });

  it('property: each side of the rows reproduces its text, lines numbered 1..n in order', () => {
    const line = fc.constantFrom('a', 'b', 'c', 'hello world', '---', 'x: 1', '');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 25 }), fc.array(line, { maxLength: 25 }), (l, r) => {
        const d = diffText(join(l), join(r), { context: 1 });
        const leftLines = d.rows.flatMap((row) => (row.left ? [row.left] : []));
        const rightLines = d.rows.flatMap((row) => (row.right ? [row.right] : []));
        assert.deepEqual(leftLines.map((s) => s.text), l);
        assert.deepEqual(rightLines.map((s) => s.text), r);
        assert.deepEqual(leftLines.map((s) => s.line), l.map((_, i) => i + 1));
        for (const row of d.rows) {
          if (row.kind === 'equal') assert.equal(row.left?.text, row.right?.text);
          if (row.kind === 'changed') {
            assert.equal(row.left?.segments?.map((s) => s.text).join(''), row.left?.text);
            assert.equal(row.right?.segments?.map((s) => s.text).join(''), row.right?.text);
          }
        }
        // Folds never hide a change, and folds plus hunks cover every row exactly once.
        const covered = [...d.folds, ...d.hunks].sort((a, b) => a.start - b.start);
        let at = 0;
        for (const c of covered) {
          assert.equal(c.start, at);
          at = c.end;
        }
        if (!d.identical) assert.equal(at, d.rows.length);
        for (const f of d.folds) for (let i = f.start; i < f.end; i++) assert.equal(d.rows[i]?.kind, 'equal');
        assert.equal(d.identical, join(l) === join(r));
      }),
      { numRuns: 300 },
    );
  });
});

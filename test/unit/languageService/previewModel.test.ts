import * as assert from 'node:assert/strict';
import { displayMessages, MAX_PREVIEW_ROWS, pickFrom, pickSource, varsSources, withDatasetRows } from '../../../src/core/languageService/previewModel';
import { parse } from '../../../src/core/promptFile/parse';
import { SAMPLE } from './fixtures';

describe('languageService/previewModel', () => {
  const doc = parse(SAMPLE);

  it('lists the defaults and one source per test, with the test vars', () => {
    assert.deepEqual(varsSources(doc).map((s) => [s.id, s.label]), [['defaults', 'Defaults (input.default)'], ['test:0', 'Test: greets'], ['test:1', 'Test: second']]);
    assert.deepEqual(pickSource(doc, 'test:1').vars, { name: 'Bob', topic: 'dogs' });
  });

  it('names a dataset test\'s source after its first row, and hands the host the dataset to read', () => {
    const data = parse('---\ntests:\n  - name: rows\n    vars: { a: 1 }\n    file: cases.csv\n---\nHi {{a}}\n');
    const s = varsSources(data)[1];
    assert.deepEqual([s.id, s.label, s.vars, s.dataset], ['test:0', 'Test: rows (row 1 of cases.csv)', { a: 1 }, 'cases.csv']);
    assert.equal(varsSources(doc)[1].dataset, undefined);
  });

  it('lists a dataset test\'s rows one by one once their number is known, the first keeping the test\'s id', () => {
    const data = parse('---\ntests:\n  - name: rows\n    vars: { a: 1 }\n    file: cases.csv\n  - name: plain\n---\nHi {{a}}\n');
    const rows = withDatasetRows(varsSources(data), (d) => (d === 'cases.csv' ? 3 : undefined));
    assert.deepEqual(rows.map((s) => [s.id, s.label, s.row]), [
      ['defaults', 'Defaults (input.default)', undefined],
      ['test:0', 'Test: rows (row 1 of 3 in cases.csv)', 0],
      ['test:0:row:2', 'Test: rows (row 2 of 3 in cases.csv)', 1],
      ['test:0:row:3', 'Test: rows (row 3 of 3 in cases.csv)', 2],
      ['test:1', 'Test: plain', undefined],
    ]);
    assert.ok(rows.slice(1, 4).every((s) => s.dataset === 'cases.csv' && s.vars.a === 1));
    // Unknown rows (unreadable, unsaved): the test's one source, as before.
    assert.deepEqual(withDatasetRows(varsSources(data), () => undefined).map((s) => s.id), ['defaults', 'test:0', 'test:1']);
    // A long dataset lists its first rows and says so.
    const many = withDatasetRows(varsSources(data), () => MAX_PREVIEW_ROWS + 10);
    assert.equal(many.filter((s) => s.dataset).length, MAX_PREVIEW_ROWS);
    assert.equal(many[1].label, `Test: rows (row 1 of ${MAX_PREVIEW_ROWS + 10} in cases.csv, the first ${MAX_PREVIEW_ROWS} listed)`);
  });

  it('picks a row that is no longer listed as its test\'s first row, anything unknown as the defaults', () => {
    const data = parse('---\ntests:\n  - name: rows\n    file: cases.csv\n---\nHi\n');
    const two = withDatasetRows(varsSources(data), () => 2);
    assert.equal(pickFrom(two, 'test:0:row:2').row, 1);
    const one = withDatasetRows(varsSources(data), () => 1);
    assert.equal(pickFrom(one, 'test:0:row:2').id, 'test:0');
    assert.equal(pickFrom(one, 'test:3:row:2').id, 'defaults');
    assert.equal(pickFrom(one, 'auto').id, 'defaults');
  });

  it('falls back to the defaults when the chosen test is gone', () => {
    assert.equal(pickSource(doc, 'test:9').id, 'defaults');
    assert.equal(pickSource(parse('Hi\n'), 'test:0').id, 'defaults');
  });

  it('keeps text as text (markup included) and media as a reference', () => {
    const parts = displayMessages([{ role: 'user', content: [{ text: '<img src=x onerror=alert(1)>' }, { media: { url: 'https://x/y.png', contentType: 'image/png' } }] }]);
    assert.deepEqual(parts, [{ role: 'user', parts: [{ kind: 'text', text: '<img src=x onerror=alert(1)>' }, { kind: 'media', url: 'https://x/y.png', contentType: 'image/png' }] }]);
  });
});

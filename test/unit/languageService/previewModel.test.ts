import * as assert from 'node:assert/strict';
import { displayMessages, pickSource, varsSources } from '../../../src/core/languageService/previewModel';
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

  it('falls back to the defaults when the chosen test is gone', () => {
    assert.equal(pickSource(doc, 'test:9').id, 'defaults');
    assert.equal(pickSource(parse('Hi\n'), 'test:0').id, 'defaults');
  });

  it('keeps text as text (markup included) and media as a reference', () => {
    const parts = displayMessages([{ role: 'user', content: [{ text: '<img src=x onerror=alert(1)>' }, { media: { url: 'https://x/y.png', contentType: 'image/png' } }] }]);
    assert.deepEqual(parts, [{ role: 'user', parts: [{ kind: 'text', text: '<img src=x onerror=alert(1)>' }, { kind: 'media', url: 'https://x/y.png', contentType: 'image/png' }] }]);
  });
});

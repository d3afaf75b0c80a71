import * as assert from 'node:assert/strict';
import { parse } from '../../../src/core/promptFile/parse';
import { checkReferences, partialResolver } from '../../../src/core/promptFile/references';
import { render } from '../../../src/core/promptFile/render';
import { memoryFs, versionedFs } from './memoryFs';

const PROMPT = '/w/p/main.prompt';

async function check(text: string, files: Record<string, string>, unreadable: string[] = []) {
  return checkReferences(parse(text), PROMPT, memoryFs(files, unreadable));
}

describe('checkReferences: partials', () => {
  it('accepts partials beside the file and in partials/, nested ones too', async () => {
    const files = { '/w/p/_tone.prompt': 'Be {{style}}. {{> sig}}', '/w/p/partials/_sig.prompt': '-- bot' };
    assert.deepEqual(await check('{{> tone}}', files), []);
    const r = await render(parse('{{> tone}}'), { style: 'kind' }, { resolvePartial: partialResolver(PROMPT, memoryFs(files)) });
    assert.deepEqual(r.messages[0].content, [{ text: 'Be kind. -- bot' }]);
  });

  it('PO2010: a missing partial, at the name, listing where it looked', async () => {
    const [d] = await check('Hi\n{{> footer}}', {});
    assert.equal(d.code, 'PO2010');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 10 } });
    assert.equal(d.message, "Partial 'footer' not found. Create _footer.prompt (also looked for partials/_footer.prompt, partials/footer.prompt).");
    assert.deepEqual(d.data, { partial: 'footer' });
  });

  it('PO2010: a partial missing further down names who includes it', async () => {
    const [d] = await check('{{> a}}', { '/w/p/_a.prompt': '{{> b}}' });
    assert.equal(d.code, 'PO2010');
    assert.match(d.message, /^Partial 'b' \(included by 'a'\) not found\./);
  });

  it('PO2011: a cycle, with the chain', async () => {
    const [d] = await check('{{> a}}', { '/w/p/_a.prompt': 'A {{> b}}', '/w/p/_b.prompt': 'B {{> a}}' });
    assert.equal(d.code, 'PO2011');
    assert.equal(d.message, "Partial 'a' includes itself: a → b → a. Break the cycle.");
    assert.deepEqual(d.range, { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } });
  });

  it('PO2011: a partial file that includes itself', async () => {
    const diags = await checkReferences(parse('x {{> self}}'), '/w/p/_self.prompt', memoryFs({ '/w/p/_self.prompt': 'x {{> self}}' }));
    assert.equal(diags[0]?.code, 'PO2011');
  });

  it('PO2012: an unreadable partial and one with a syntax error', async () => {
    const [locked] = await check('{{> a}}', {}, ['/w/p/_a.prompt']);
    assert.equal(locked.code, 'PO2012');
    assert.match(locked.message, /^Partial 'a' \(_a\.prompt\) cannot be read \(EACCES/);
    const [broken] = await check('{{> a}}', { '/w/p/_a.prompt': 'ok\n{{#if x}}' });
    assert.equal(broken.code, 'PO2012');
    assert.match(broken.message, /^Partial 'a' \(_a\.prompt\) has a template error at line 2: /);
  });
});

const WITH_DATASET = (file: string) => [
  '---',
  'input:',
  '  schema:',
  '    text: string',
  'tests:',
  '  - name: rows',
  `    file: ${file}`,
  '---',
  '{{text}}',
].join('\n');

describe('checkReferences: datasets', () => {
  const valueRange = (file: string) => ({ start: { line: 6, character: 10 }, end: { line: 6, character: 10 + file.length } });

  it('accepts a dataset whose rows fit the schema', async () => {
    assert.deepEqual(await check(WITH_DATASET('data/rows.jsonl'), { '/w/p/data/rows.jsonl': '{"text":"a"}\n{"text":"b"}\n' }), []);
  });

  it('PO3010: a missing dataset, at the file value', async () => {
    const [d] = await check(WITH_DATASET('data/none.csv'), {});
    assert.equal(d.code, 'PO3010');
    assert.deepEqual(d.range, valueRange('data/none.csv'));
    assert.equal(d.message, "Dataset 'data/none.csv' not found (looked at /w/p/data/none.csv). Create it or correct the path, relative to this file.");
  });

  it('PO3010: an unreadable dataset', async () => {
    const [d] = await check(WITH_DATASET('rows.csv'), {}, ['/w/p/rows.csv']);
    assert.equal(d.code, 'PO3010');
    assert.match(d.message, /^Dataset 'rows\.csv' cannot be read \(EACCES/);
  });

  it('PO3011: an invalid dataset names its line', async () => {
    const [d] = await check(WITH_DATASET('rows.jsonl'), { '/w/p/rows.jsonl': '{"text":"a"}\nnot json\n' });
    assert.equal(d.code, 'PO3011');
    assert.match(d.message, /^Dataset rows\.jsonl line 2: not valid JSON/);
    assert.deepEqual(d.data, { file: '/w/p/rows.jsonl', line: 2 });
  });

  it('PO3011: an empty dataset', async () => {
    const [d] = await check(WITH_DATASET('rows.csv'), { '/w/p/rows.csv': 'text\n' });
    assert.equal(d.code, 'PO3011');
    assert.equal(d.message, "Dataset 'rows.csv' has no rows, so test 'rows' runs nothing. Add rows.");
  });

  it('PO3012: a row the input schema rejects', async () => {
    const [d] = await check(WITH_DATASET('rows.jsonl'), { '/w/p/rows.jsonl': '{"text":"a"}\n{"txt":"b"}\n' });
    assert.equal(d.code, 'PO3012');
    assert.equal(d.message, "Row 2 of 'rows.jsonl' does not set the required input 'text'. Correct the row or the schema.");
  });

  it('PO3012 on kept rows: judged again when the schema, the defaults, the vars or the file change', async () => {
    const fs = versionedFs({ '/w/p/rows.jsonl': '{"text":"a"}\n{}\n' });
    const messages = async (text: string) => (await checkReferences(parse(text), PROMPT, fs)).map((d) => d.message);
    const rejected = ["Row 2 of 'rows.jsonl' does not set the required input 'text'. Correct the row or the schema."];
    const text = WITH_DATASET('rows.jsonl');
    assert.deepEqual(await messages(text), rejected);
    assert.deepEqual(await messages(text), rejected, 'the same answer from the kept rows');
    assert.equal(fs.reads('/w/p/rows.jsonl'), 1);
    // The test's vars give the input every row lacks.
    assert.deepEqual(await messages(text.replace('    file: rows.jsonl', '    file: rows.jsonl\n    vars:\n      text: from vars')), []);
    // A default gives it too.
    assert.deepEqual(await messages(text.replace('    text: string', '    text: string\n  default:\n    text: fallback')), []);
    // The schema no longer requires it.
    assert.deepEqual(await messages(text.replace('    text: string', '    text?: string')), []);
    assert.deepEqual(await messages(text), rejected);
    fs.write('/w/p/rows.jsonl', '{"text":"a"}\n{"text":"b"}\n');
    assert.deepEqual(await messages(text), []);
    assert.equal(fs.reads('/w/p/rows.jsonl'), 2);
  });

  it('PO3012 on kept rows: an infinite var is not taken for null', async () => {
    const fs = versionedFs({ '/w/p/rows.jsonl': '{"text":"a"}\n' });
    const text = (n: string) => ['---', 'input:', '  schema:', '    text: string', '    n: number', 'tests:', '  - name: rows', '    file: rows.jsonl',
      '    vars:', `      n: ${n}`, '---', '{{text}}'].join('\n');
    const codes = async (n: string) => (await checkReferences(parse(text(n)), PROMPT, fs)).map((d) => d.code);
    // JSON writes both as null; the schema takes Infinity as a number, and not null.
    assert.deepEqual(await codes('null'), ['PO3012']);
    assert.deepEqual(await codes('.inf'), []);
  });
});

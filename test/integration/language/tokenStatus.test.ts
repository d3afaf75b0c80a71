import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { callCost } from '../../../src/core/languageService/cost';
import { modelInfo } from '../../../src/core/languageService/models';
import { parse } from '../../../src/core/promptFile/parse';
import { describeEstimate, estimate, SAMPLED_ROWS } from '../../../src/extension/language/tokenStatus';
import { activatePromptOps } from '../helpers/extension';
import { tempFiles, type TempFiles } from '../helpers/workspace';

const PROMPT = [
  '---',
  'model: openai/gpt-4o-mini',
  'input:',
  '  schema:',
  '    q: string',
  'tests:',
  '  - name: twice',
  '    repeat: 2',
  '    vars: { q: "What is 2+2?" }',
  '  - name: rows on two models',
  '    models: [openai/gpt-4o-mini, acme/unknown]',
  '    file: rows.jsonl',
  '---',
  '{{role "user"}}',
  '{{q}}',
  '',
].join('\n');

describe('language: tokens and cost in the status bar', () => {
  let temp: TempFiles;
  before(async () => {
    await activatePromptOps();
    temp = await tempFiles({ 't.prompt': PROMPT, 'rows.jsonl': '{"q": "a"}\n{"q": "b"}\n{"q": "c"}\n' });
  });
  after(async () => temp.remove());

  it('counts the rendered prompt and prices one run and the whole suite before anything is sent', async () => {
    const { document } = await temp.open('t.prompt');
    const e = await estimate(parse(document.getText()), document.uri.fsPath);
    assert.ok(e);
    assert.equal(e.count.exact, true);
    assert.ok(e.count.tokens > 5 && e.count.tokens < 40, String(e.count.tokens));
    assert.equal(e.run, callCost(e.count.tokens, modelInfo('openai/gpt-4o-mini'))?.usd);
    // 2 repeats + 3 dataset rows × 2 models; the 3 calls on the unknown model are counted apart.
    assert.deepEqual([e.suite?.calls, e.suite?.unpricedCalls], [8, 3]);
    const d = describeEstimate(e);
    assert.match(d.text, /^\$\(symbol-numeric\) \d+ tokens · \$[\d.e-]+\/run · \$[\d.e-]+\+\/suite$/);
    assert.match(d.tooltip, /plus 3 on models without a known price/);
    assert.match(d.tooltip, /Nothing has been sent/);
  });

  it('renders a test whose inputs only its dataset gives, and prices each dataset case by its own row', async () => {
    const onlyRows = [
      '---', 'model: openai/gpt-4o-mini', 'input:', '  schema:', '    q: string', 'tests:', '  - name: rows', '    file: ROWS', '---',
      '{{role "user"}}', '{{q}}', '',
    ].join('\n');
    const short = '{"q": "a"}\n{"q": "b"}\n';
    const long = `{"q": "${'many words here '.repeat(40)}"}\n{"q": "b"}\n`;
    const rows = await tempFiles({ 'short.jsonl': short, 'long.jsonl': long, 's.prompt': onlyRows.replace('ROWS', 'short.jsonl'), 'l.prompt': onlyRows.replace('ROWS', 'long.jsonl') });
    try {
      const s = await estimate(parse(onlyRows.replace('ROWS', 'short.jsonl')), rows.uri('s.prompt').fsPath);
      const l = await estimate(parse(onlyRows.replace('ROWS', 'long.jsonl')), rows.uri('l.prompt').fsPath);
      // Without its first row the prompt does not render at all (q is required).
      assert.ok(s && l, 'both render with their dataset\'s first row');
      assert.ok(l.count.tokens > s.count.tokens + 100, `${l.count.tokens} vs ${s.count.tokens}`);
      assert.deepEqual([s.suite?.calls, l.suite?.calls], [2, 2]);
      // The long file's second row is as short as the short file's: its suite costs the average of its two rows.
      const perCall = (tokens: number) => callCost(tokens, modelInfo('openai/gpt-4o-mini'))?.usd ?? Number.NaN;
      assert.equal(s.suite?.usd, 2 * perCall(s.count.tokens));
      assert.equal(l.suite?.usd, 2 * perCall(Math.round((l.count.tokens + s.count.tokens) / 2)));
      assert.equal(l.rowsSampled, undefined);
      // The role hover renders with the same first row.
      const { document } = await rows.open('s.prompt');
      const [h] = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(9, 3));
      assert.match((h?.contents ?? []).map((c) => (typeof c === 'string' ? c : c.value)).join('\n'), /\*\*user\*\* message: \d+ tokens rendered/);
    } finally {
      await rows.remove();
    }
  });

  it('prices a dataset of more than SAMPLED_ROWS rows at the average of its first rows, and says so', async () => {
    const lines = Array.from({ length: SAMPLED_ROWS + 5 }, (_, i) => JSON.stringify({ q: i < SAMPLED_ROWS ? 'a' : 'word '.repeat(500) }));
    const prompt = ['---', 'model: openai/gpt-4o-mini', 'input:', '  schema:', '    q: string', 'tests:', '  - name: rows', '    file: big.jsonl', '---', '{{q}}', ''].join('\n');
    const files = await tempFiles({ 'big.jsonl': `${lines.join('\n')}\n`, 'b.prompt': prompt });
    try {
      const e = await estimate(parse(prompt), files.uri('b.prompt').fsPath);
      assert.ok(e?.suite);
      assert.equal(e.suite.calls, SAMPLED_ROWS + 5);
      // The long rows after the sampled ones are not rendered: every call is priced as the first row.
      assert.equal(e.suite.usd, (SAMPLED_ROWS + 5) * (callCost(e.count.tokens, modelInfo('openai/gpt-4o-mini'))?.usd ?? Number.NaN));
      assert.equal(e.rowsSampled, SAMPLED_ROWS);
      assert.match(describeEstimate(e).tooltip, new RegExp(`more than ${SAMPLED_ROWS} rows is priced at the average prompt of its first ${SAMPLED_ROWS}`));
    } finally {
      await files.remove();
    }
  });

  it('renders fewer rows per dataset test when many tests have datasets', async () => {
    const lines = Array.from({ length: SAMPLED_ROWS + 5 }, (_, i) => JSON.stringify({ q: i < 3 ? 'a' : 'word '.repeat(500) }));
    const tests = Array.from({ length: 30 }, (_, i) => [`  - name: rows ${i}`, '    file: big.jsonl']).flat();
    const prompt = ['---', 'model: openai/gpt-4o-mini', 'input:', '  schema:', '    q: string', 'tests:', ...tests, '---', '{{q}}', ''].join('\n');
    const files = await tempFiles({ 'big.jsonl': `${lines.join('\n')}\n`, 'm.prompt': prompt });
    try {
      const e = await estimate(parse(prompt), files.uri('m.prompt').fsPath);
      assert.ok(e?.suite);
      // 100 rendered rows over 30 dataset tests: the first 3 rows of each, all short.
      assert.equal(e.rowsSampled, 3);
      assert.equal(e.suite.calls, 30 * (SAMPLED_ROWS + 5));
      const expected = 30 * (SAMPLED_ROWS + 5) * (callCost(e.count.tokens, modelInfo('openai/gpt-4o-mini'))?.usd ?? Number.NaN);
      // Summed test by test: equal but for rounding.
      assert.ok(Math.abs(e.suite.usd - expected) < expected * 1e-9, `${e.suite.usd} vs ${expected}`);
      assert.match(describeEstimate(e).tooltip, /more than 3 rows is priced at the average prompt of its first 3\./);
    } finally {
      await files.remove();
    }
  });

  it('marks counts for other providers as estimates', async () => {
    const e = await estimate(parse('---\nmodel: anthropic/claude-sonnet-4-5\n---\nHello\n'), undefined);
    assert.equal(e?.count.exact, false);
    assert.match(describeEstimate(e).text, /~\d+ tokens/);
  });

  it('says the suite cost is unknown, not $0, when no model of the suite has a price', async () => {
    const e = await estimate(parse('---\nmodel: acme/unknown\ntests:\n  - name: a\n    assert:\n      - type: contains\n        value: x\n---\nHello\n'), undefined);
    assert.ok(e?.suite);
    assert.equal(e.suite.unpricedCalls, e.suite.calls);
    const text = describeEstimate(e).text;
    assert.match(text, /suite cost unknown/);
    assert.doesNotMatch(text, /\$0/);
  });
});

import * as assert from 'node:assert/strict';
import { callCost } from '../../../src/core/languageService/cost';
import { modelInfo } from '../../../src/core/languageService/models';
import { parse } from '../../../src/core/promptFile/parse';
import { describeEstimate, estimate } from '../../../src/extension/language/tokenStatus';
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

import * as assert from 'node:assert/strict';
import { parse } from '../../../src/core/promptFile/parse';
import { render } from '../../../src/core/promptFile/render';
import { fence, hover, type HoverSources } from '../../../src/core/languageService/hover';
import type { PromptDocument } from '../../../src/core/promptFile/model';
import { SAMPLE } from './fixtures';

function sources(doc: PromptDocument, partials: Record<string, string> = {}): HoverSources {
  return {
    model: (id) => (id === 'openai/gpt-4o-mini'
      ? { id, provider: 'openai', contextWindow: 128_000, maxOutputTokens: 16_384, inputPerMillion: 0.15, outputPerMillion: 0.6 }
      : undefined),
    readPartial: (name) => Promise.resolve(partials[name]),
    renderMessages: async () => {
      try {
        return (await render(doc, doc.tests[0]?.vars ?? {})).messages;
      } catch {
        return undefined;
      }
    },
  };
}

const at = (line: number, character: number) => ({ line, character });

describe('languageService/hover', () => {
  const doc = parse(SAMPLE);

  it('shows a variable\'s type, description and default', async () => {
    const name = await hover(doc, at(19, 14), sources(doc));
    assert.equal(name?.contents, '**name**: `string`\n\nthe user name');
    assert.deepEqual(name?.range, { start: at(19, 13), end: at(19, 17) });
    const topic = await hover(doc, at(22, 21), sources(doc));
    assert.equal(topic?.contents, '**topic**: `string` (optional)\n\nDefault: `"cats"`');
  });

  it('shows the same on the variable\'s key in a test\'s vars', async () => {
    assert.match((await hover(doc, at(11, 7), sources(doc)))?.contents ?? '', /^\*\*name\*\*: `string`/);
  });

  it('says when a variable is not declared', async () => {
    const d = parse('---\ninput:\n  schema:\n    a: string\n---\n{{b}} {{a}}\n');
    assert.match((await hover(d, at(5, 3), sources(d)))?.contents ?? '', /\*\*b\*\* is not declared/);
  });

  it('shows a model\'s provider, context window and price', async () => {
    const h = await hover(doc, at(1, 12), sources(doc));
    assert.equal(h?.contents, '**openai/gpt\\-4o\\-mini** — provider `openai`\n\nContext window: 128,000 tokens\n\nMax output: 16,384 tokens\n\nPrice: $0.15 / $0.6 per 1M tokens in/out');
    const unknown = parse('---\nmodel: acme/zeta\n---\nHi\n');
    assert.match((await hover(unknown, at(1, 9), sources(unknown)))?.contents ?? '', /Not in the model catalogue/);
  });

  it('shows the model under the cursor in a test\'s models list', async () => {
    const d = parse('---\ntests:\n  - name: t\n    models:\n      - acme/zeta\n      - openai/gpt-4o-mini\n    vars: {}\n---\nHi\n');
    const h = await hover(d, at(5, 12), sources(d));
    assert.match(h?.contents ?? '', /^\*\*openai\/gpt\\-4o\\-mini\*\* — provider `openai`/);
    assert.deepEqual(h?.range, { start: at(5, 8), end: at(5, 26) });
    const flow = parse('---\ntests:\n  - models: [acme/zeta, openai/gpt-4o-mini]\n---\nHi\n');
    assert.match((await hover(flow, at(2, 30), sources(flow)))?.contents ?? '', /Context window: 128,000/);
  });

  it('shows a role section\'s exact token count for an OpenAI model', async function () {
    this.timeout(30_000); // the first use builds the encoding's rank table
    const h = await hover(doc, at(18, 3), sources(doc));
    // "Be nice to Ada." and the each block over no items: counted with o200k plus the per-message framing.
    assert.match(h?.contents ?? '', /^\*\*system\*\* message: \d+ tokens rendered$/);
    const n = Number(/(\d+) tokens/.exec(h?.contents ?? '')?.[1]);
    assert.ok(n >= 6 && n <= 14, `count ${n}`);
  });

  it('marks the count as an estimate for other providers', async () => {
    const d = parse('---\nmodel: anthropic/claude-sonnet-4-5\n---\n{{role "user"}}\nHello there\n');
    assert.match((await hover(d, at(3, 2), sources(d)))?.contents ?? '', /^\*\*user\*\* message: ~\d+ tokens rendered \(estimate\)$/);
  });

  it('shows a partial\'s text, fenced so it cannot break the hover', async () => {
    const d = parse('{{> header}}\n');
    const h = await hover(d, at(0, 5), sources(d, { header: 'Intro ``` with fence' }));
    assert.equal(h?.contents, 'Partial **header**\n\n````handlebars\nIntro ``` with fence\n````');
    assert.match((await hover(d, at(0, 5), sources(d)))?.contents ?? '', /was not found/);
  });

  it('documents frontmatter keys and assertion types', async () => {
    assert.match((await hover(doc, at(1, 2), sources(doc)))?.contents ?? '', /^\*\*model\*\* `string`\n\nThe model, as `provider\/model-id`/);
    assert.match((await hover(doc, at(13, 16), sources(doc)))?.contents ?? '', /^\*\*contains\*\*: The output contains `value`/);
    assert.equal(await hover(doc, at(19, 2), sources(doc)), undefined);
  });

  it('builds fences longer than any backtick run inside', () => {
    assert.equal(fence('a ```` b'), '`````\na ```` b\n`````');
  });
});

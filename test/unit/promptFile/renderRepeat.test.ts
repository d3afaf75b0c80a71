// One parsed prompt rendered many times (as a run does, once per dataset row) must give what Dotprompt gives for
// each row on its own: the compiled template's once-only Handlebars setup and the remembered metadata may not leak
// one render's state into the next, through partials, block helpers, @metadata or concurrent renders.
import * as assert from 'node:assert/strict';
import { Dotprompt } from 'dotprompt';
import { parse } from '../../../src/core/promptFile/parse';
import { render } from '../../../src/core/promptFile/render';

const SOURCE = `---
model: openai/gpt-4o-mini
config:
  temperature: 0.2
input:
  schema:
    name: string
    items(array): string
    tone?: string
---
{{role "system"}}You answer in a {{#if tone}}{{tone}}{{else}}neutral{{/if}} tone for {{@metadata.prompt.model}}.
{{role "user"}}{{> greeting}}
{{#each items}}- {{@index}}: {{this}}{{#ifEquals this "stop"}} (stop word){{/ifEquals}}
{{/each}}{{json items}}
`;

const PARTIALS: Record<string, string> = { greeting: 'Hello {{name}}, {{> sign}}', sign: 'from {{#if tone}}a {{tone}}{{else}}a plain{{/if}} bot' };

async function expected(input: Record<string, unknown>): Promise<unknown> {
  const dp = new Dotprompt({ partialResolver: (name: string) => PARTIALS[name] ?? null });
  const r = await dp.render(SOURCE, { input });
  return JSON.parse(JSON.stringify(r.messages));
}

function rows(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `user ${i}`,
    items: i % 3 === 0 ? [] : Array.from({ length: i % 4 }, (_, j) => (j === 1 ? 'stop' : `item ${i}.${j}`)),
    ...(i % 2 === 0 ? { tone: i % 4 === 0 ? 'formal' : 'casual' } : {}),
  }));
}

describe('render: one prompt, many rows', () => {
  const options = { resolvePartial: (name: string) => Promise.resolve(PARTIALS[name]) };

  it('each sequential render equals Dotprompt rendering that row alone', async () => {
    const doc = parse(SOURCE);
    for (const input of rows(12)) {
      const r = await render(doc, input, options);
      assert.deepEqual(JSON.parse(JSON.stringify(r.messages)), await expected(input), JSON.stringify(input));
    }
  });

  it('concurrent renders of the same document do not mix their rows', async () => {
    const doc = parse(SOURCE);
    const inputs = rows(24);
    const got = await Promise.all(inputs.map((input) => render(doc, input, options)));
    for (let i = 0; i < inputs.length; i++) assert.deepEqual(JSON.parse(JSON.stringify(got[i].messages)), await expected(inputs[i]), JSON.stringify(inputs[i]));
  });

  it('a render error for one row leaves the next rows right', async () => {
    const doc = parse(SOURCE);
    await assert.rejects(render(doc, { items: [] }, options), /name/);
    const input = rows(2)[1];
    assert.deepEqual(JSON.parse(JSON.stringify((await render(doc, input, options)).messages)), await expected(input));
  });
});

import * as assert from 'node:assert/strict';
import { Dotprompt } from 'dotprompt';
import { parse } from '../../../src/core/promptFile/parse';
import { messagesToText, render, RenderError } from '../../../src/core/promptFile/render';

/** What Dotprompt itself renders for the same source, minus pending section parts (PromptOps drops those). */
async function dotpromptMessages(source: string, input: Record<string, unknown>, partials: Record<string, string> = {}, messages?: unknown[]): Promise<unknown> {
  const dp = new Dotprompt({ partialResolver: (name: string) => partials[name] ?? null });
  const r = await dp.render(source, { input, ...(messages ? { messages: messages as never } : {}) });
  return JSON.parse(JSON.stringify(r.messages.map((m) => ({ ...m, content: m.content.filter((p) => !('metadata' in p && !('text' in p))) }))));
}

async function ours(source: string, input: Record<string, unknown>, partials: Record<string, string> = {}, history?: unknown[]): Promise<unknown> {
  const r = await render(parse(source), input, {
    resolvePartial: (name) => Promise.resolve(partials[name]),
    ...(history ? { history: history as never } : {}),
  });
  return JSON.parse(JSON.stringify(r.messages));
}

const CASES: { name: string; source: string; input: Record<string, unknown>; partials?: Record<string, string>; history?: unknown[] }[] = [
  {
    name: 'roles split messages',
    source: '---\nmodel: openai/gpt-4o-mini\n---\n{{role "system"}}You are terse.\n{{role "user"}}Hi {{name}}\n{{role "model"}}Hello.\n{{role "tool"}}done\n',
    input: { name: 'Ada' },
  },
  {
    name: 'history is inserted and marked',
    source: '---\nmodel: openai/gpt-4o-mini\n---\n{{role "system"}}Be kind.\n{{history}}\n{{role "user"}}{{question}}',
    input: { question: 'And now?' },
    history: [{ role: 'user', content: [{ text: 'Hi' }] }, { role: 'model', content: [{ text: 'Hello!' }] }],
  },
  {
    name: 'history without the helper goes before the last user message',
    source: '{{role "system"}}Be kind.\n{{role "user"}}{{question}}',
    input: { question: 'Q' },
    history: [{ role: 'user', content: [{ text: 'earlier' }] }],
  },
  {
    name: 'media parts',
    source: '{{media url=photo}} Describe the image above. {{media url=second contentType="image/png"}}',
    input: { photo: 'https://example.com/a.jpg', second: 'data:image/png;base64,AAAA' },
  },
  {
    name: 'json helper with indent',
    source: 'Data: {{json record indent=2}} and {{json list}}',
    input: { record: { a: 1, b: [true, null] }, list: [1, 2] },
  },
  {
    name: 'partials',
    source: '---\nmodel: openai/gpt-4o\n---\n{{role "system"}}{{> tone}}\n{{role "user"}}Translate: {{text}}',
    input: { text: 'Hallo', style: 'formal' },
    partials: { tone: 'Use a {{style}} tone. {{> signature}}', signature: '-- Bot' },
  },
  {
    name: 'ifEquals and unlessEquals',
    source: '{{#ifEquals level "high"}}URGENT{{else}}normal{{/ifEquals}} {{#unlessEquals level "low"}}not-low{{/unlessEquals}}',
    input: { level: 'high' },
  },
  {
    name: 'no HTML escaping',
    source: 'Quote: {{text}} & {{{text}}}',
    input: { text: '<b>"Tom" & \'Jerry\'</b>' },
  },
  {
    name: 'each with @index and this',
    source: '{{#each items}}{{@index}}={{this}};{{/each}}{{#with user}}{{name}}{{/with}}',
    input: { items: ['a', 'b'], user: { name: 'Ada' } },
  },
  {
    name: 'sections are dropped, text around them kept',
    source: 'Before {{section "output"}} after',
    input: {},
  },
];

describe('render: same messages as Dotprompt', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const expected = await dotpromptMessages(c.source, c.input, c.partials, c.history);
      assert.deepEqual(await ours(c.source, c.input, c.partials, c.history), expected);
    });
  }

  it('keeps the rendered text exact for a simple template', async () => {
    const r = await render(parse('Hello {{name}} <3'), { name: 'A&B' });
    assert.deepEqual(r.messages, [{ role: 'user', content: [{ text: 'Hello A&B <3' }] }]);
  });
});

describe('render: vars, defaults, model', () => {
  const DOC = parse([
    '---', 'model: openai/gpt-4o-mini', 'config:', '  temperature: 0.3',
    'input:', '  schema:', '    text: string', '    style?: string', '    count?: integer', '  default:', '    style: brief',
    'output:', '  format: json', '  schema:', '    summary: string',
    '---', '{{style}}: {{text}}', '',
  ].join('\n'));

  it('applies input.default under the vars and returns the resolved model and config', async () => {
    const r = await render(DOC, { text: 'T' });
    assert.deepEqual(r.vars, { style: 'brief', text: 'T' });
    assert.equal(r.model, 'openai/gpt-4o-mini');
    assert.deepEqual(r.config, { temperature: 0.3 });
    assert.equal(r.output.format, 'json');
    assert.deepEqual(r.messages[0].content, [{ text: 'brief: T' }]);
  });

  it('resolves the model: override, then the file, then the default', async () => {
    assert.equal((await render(DOC, { text: 'x' }, { modelOverride: 'anthropic/claude-sonnet-4-5', defaultModel: 'd/m' })).model, 'anthropic/claude-sonnet-4-5');
    const noModel = parse('Hi');
    assert.equal((await render(noModel, {}, { defaultModel: 'ollama/llama3.2' })).model, 'ollama/llama3.2');
    assert.equal((await render(noModel, {})).model, undefined);
  });

  it('names the variable and the test when a required var is missing', async () => {
    await assert.rejects(render(DOC, {}, { testName: 'short text' }), (e: unknown) => {
      assert.ok(e instanceof RenderError);
      assert.equal(e.kind, 'vars');
      assert.equal(e.variable, 'text');
      assert.equal(e.testName, 'short text');
      assert.equal(e.message, "Test 'short text': input 'text' is required but not set. Add it to the vars or give it a default.");
      return true;
    });
  });

  it('names the variable when a var has the wrong type', async () => {
    await assert.rejects(render(DOC, { text: 'x', count: 'many' }), (e: unknown) => {
      assert.ok(e instanceof RenderError);
      assert.equal(e.variable, 'count');
      assert.equal(e.message, "input 'count' must be integer,null (value: \"many\").");
      return true;
    });
  });

  it('rejects vars the schema does not declare', async () => {
    await assert.rejects(render(DOC, { text: 'x', extra: 1 }), /input 'extra' is not declared in `input.schema`/);
  });

  it('refuses a template with a syntax error, naming the line', async () => {
    await assert.rejects(render(parse('line one\n{{#if x}}open'), { x: 1 }), (e: unknown) => e instanceof RenderError && e.kind === 'template' && /line 2/.test(e.message));
  });

  it('refuses a file whose frontmatter YAML is broken, rather than dropping its model and schema', async () => {
    await assert.rejects(render(parse('---\nmodel: [openai\n---\nHi'), {}), (e: unknown) => e instanceof RenderError && e.kind === 'template' && /YAML: .* \(line [23]\)\./.test(e.message));
  });

  it('reports a missing partial and an unknown helper as RenderError', async () => {
    await assert.rejects(render(parse('{{> nowhere}}'), {}, { resolvePartial: () => Promise.resolve(undefined) }),
      (e: unknown) => e instanceof RenderError && e.kind === 'partial' && /partial 'nowhere' was not found/.test(e.message));
    await assert.rejects(render(parse('{{shout name}}'), { name: 'x' }), (e: unknown) => e instanceof RenderError && /unknown helper 'shout'/.test(e.message));
  });

  it('reports a cyclic partial instead of overflowing', async () => {
    const partials: Record<string, string> = { a: 'A{{> b}}', b: 'B{{> a}}' };
    await assert.rejects(render(parse('{{> a}}'), {}, { resolvePartial: (n) => Promise.resolve(partials[n]) }),
      (e: unknown) => e instanceof RenderError && e.kind === 'partial');
  });

  it('keeps partials of different files apart, even rendered at once', async () => {
    const doc = parse('{{> tone}}');
    const [a, b] = await Promise.all([
      render(doc, {}, { resolvePartial: () => Promise.resolve('formal') }),
      render(doc, {}, { resolvePartial: () => Promise.resolve('casual') }),
    ]);
    assert.deepEqual(a.messages[0].content, [{ text: 'formal' }]);
    assert.deepEqual(b.messages[0].content, [{ text: 'casual' }]);
    const c = await render(doc, {}, { resolvePartial: () => Promise.resolve('third') });
    assert.deepEqual(c.messages[0].content, [{ text: 'third' }]);
  });
});

describe('messagesToText', () => {
  it('prints role sections with media placeholders', () => {
    const text = messagesToText([
      { role: 'system', content: [{ text: 'Be brief.' }] },
      { role: 'user', content: [{ text: 'Look: ' }, { media: { url: 'https://x/a.png', contentType: 'image/png' } }] },
    ]);
    assert.equal(text, 'system: Be brief.\n\nuser: Look: [media: https://x/a.png (image/png)]');
  });
});

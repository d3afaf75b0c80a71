import * as assert from 'node:assert/strict';
import { parse } from '../../../src/core/promptFile/parse';
import { completions, type CompletionSources } from '../../../src/core/languageService/completion';
import { withCursor } from './fixtures';

const sources: CompletionSources = {
  models: [
    { id: 'openai/gpt-4o-mini', provider: 'openai', contextWindow: 128_000, inputPerMillion: 0.15, outputPerMillion: 0.6 },
    { id: 'anthropic/claude-sonnet-4-5', provider: 'anthropic', contextWindow: 200_000, inputPerMillion: 3, outputPerMillion: 15 },
  ],
  partials: ['header', 'footer'],
};

const HEAD = '---\nmodel: openai/gpt-4o-mini\ninput:\n  schema:\n    name: string, who to greet\n    topic?: string\n    user(object):\n      email: string, where to write\n';

function at(marked: string): ReturnType<typeof completions> {
  const { text, pos } = withCursor(marked);
  return completions(parse(text), pos, sources);
}
const labels = (marked: string): string[] => at(marked).map((c) => c.label);

describe('languageService/completion', () => {
  describe('frontmatter', () => {
    it('offers the top-level keys not yet written, with their docs', () => {
      const items = at(`${HEAD}ou|\n---\nHi\n`);
      const names = items.map((c) => c.label);
      assert.ok(names.includes('output') && names.includes('tests') && names.includes('config'));
      assert.ok(!names.includes('model') && !names.includes('input'), 'present keys are left out');
      const output = items.find((c) => c.label === 'output');
      assert.match(output?.documentation ?? '', /expected output/i);
      assert.equal(output?.insertText, 'output:\n  $0');
    });

    it('offers config keys under config:', () => {
      const names = labels('---\nconfig:\n  te|\n---\n');
      assert.ok(names.includes('temperature') && names.includes('maxOutputTokens'));
      assert.ok(!names.includes('model'));
    });

    it('offers model ids with context window and price in the detail', () => {
      const items = at('---\nmodel: open|\n---\n');
      assert.deepEqual(items.map((c) => c.label), ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5']);
      assert.equal(items[0]?.detail, '128k context · $0.15 / $0.6 per 1M tokens in/out');
      assert.deepEqual(items[0]?.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 11 } });
    });

    it('offers model ids for a test\'s models list and a grader provider', () => {
      assert.equal(labels('---\ntests:\n  - name: t\n    models:\n      - |\n---\n').length, 2);
      assert.equal(labels('---\ntests:\n  - assert:\n      - type: llm-rubric\n        provider: |\n---\n').length, 2);
    });

    it('offers assertion types, and the fields of an assertion', () => {
      const types = at('---\ntests:\n  - name: t\n    assert:\n      - type: cont|\n---\n');
      assert.ok(types.some((c) => c.label === 'contains' && /contains `value`/.test(c.documentation ?? '')));
      assert.ok(types.some((c) => c.label === 'not-contains'));
      const fields = labels('---\ntests:\n  - name: t\n    assert:\n      - type: contains\n        |\n---\n');
      assert.deepEqual(fields.sort(), ['metric', 'provider', 'threshold', 'type', 'value', 'weight']);
    });

    it('offers the fields of a test', () => {
      const names = labels('---\ntests:\n  - name: t\n    |\n---\n');
      for (const k of ['vars', 'assert', 'repeat', 'threshold', 'file']) assert.ok(names.includes(k), k);
    });

    it('offers the declared inputs as test vars and as defaults', () => {
      const vars = at(`${HEAD}tests:\n  - name: t\n    vars:\n      |\n---\n{{name}}\n`);
      assert.deepEqual(vars.map((c) => c.label), ['name', 'topic', 'user']);
      assert.equal(vars[0]?.detail, 'string');
      assert.match(vars[0]?.documentation ?? '', /who to greet/);
      assert.deepEqual(labels(`${HEAD}  default:\n    |\n---\n`), ['name', 'topic', 'user']);
    });

    it('offers enum values and booleans', () => {
      assert.deepEqual(labels('---\noutput:\n  format: |\n---\n'), ['text', 'json']);
      assert.deepEqual(labels('---\ntests:\n  - cache: |\n---\n'), ['true', 'false']);
    });
  });

  describe('template', () => {
    it('offers declared variables and helpers after {{', () => {
      const items = at(`${HEAD}---\nHello {{na|`);
      const names = items.map((c) => c.label);
      assert.ok(names.includes('name') && names.includes('topic') && names.includes('json') && names.includes('role'));
      assert.ok(!names.includes('@index'), 'no @index outside #each');
      assert.deepEqual(items.find((c) => c.label === 'name')?.range, { start: { line: 9, character: 8 }, end: { line: 9, character: 10 } });
    });

    it('offers this, @index and inputs through @root inside #each', () => {
      const names = labels(`${HEAD}---\n{{#each items}}{{|}}{{/each}}`);
      for (const n of ['this', '@index', '@first', '@last', '@root.name']) assert.ok(names.includes(n), n);
      assert.ok(!names.includes('name'));
    });

    it('offers this but not @index inside #with', () => {
      const names = labels(`${HEAD}---\n{{#with user}}{{|}}{{/with}}`);
      assert.ok(names.includes('this') && !names.includes('@index'));
    });

    it('offers nested properties of an object input', () => {
      const items = at(`${HEAD}---\n{{user.|}}`);
      assert.deepEqual(items.map((c) => c.label), ['email']);
      assert.equal(items[0]?.range?.start.character, 7);
    });

    it('offers block helpers after {{#, the open block after {{/, partials after {{>, roles in {{role "', () => {
      assert.ok(labels(`${HEAD}---\n{{#|`).includes('each'));
      assert.deepEqual(labels(`${HEAD}---\n{{#each xs}}{{#if this}}x{{/|`), ['if']);
      assert.deepEqual(labels(`${HEAD}---\n{{> |`), ['header', 'footer']);
      assert.deepEqual(labels(`${HEAD}---\n{{role "|"}}`), ['system', 'user', 'model', 'tool']);
    });

    it('offers nothing in prose, after a closed expression, or inside a comment', () => {
      assert.deepEqual(labels(`${HEAD}---\nHello |`), []);
      assert.deepEqual(labels(`${HEAD}---\n{{name}} and |`), []);
      assert.deepEqual(labels(`${HEAD}---\n{{!-- note {{na|`), []);
    });
  });
});

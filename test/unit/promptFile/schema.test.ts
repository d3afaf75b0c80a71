import * as assert from 'node:assert/strict';
import Ajv from 'ajv';
import { picoschema } from 'dotprompt';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASSERTION_TYPES, parseAssertionType } from '../../../src/core/promptFile/assertionTypes';
import { DIAGNOSTIC_CODES } from '../../../src/core/promptFile/diagnosticCodes';
import { parse } from '../../../src/core/promptFile/parse';
import { picoschemaToJsonSchema } from '../../../src/core/promptFile/picoschema';
import { frontmatterJsonSchema, frontmatterKeyDocs, knownChildKeys, TOP_LEVEL_KEYS } from '../../../src/core/promptFile/schema';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

describe('frontmatter schema', () => {
  it('produces a draft-07 JSON Schema that accepts every example and rejects a wrong type', () => {
    const schema = frontmatterJsonSchema();
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    const validate = new Ajv({ strict: false }).compile(schema);
    for (const f of readdirSync(EXAMPLES).filter((x) => x.endsWith('.prompt') && !x.startsWith('_'))) {
      const doc = parse(readFileSync(join(EXAMPLES, f), 'utf8'));
      assert.ok(validate(doc.frontmatter), `${f}: ${JSON.stringify(validate.errors)}`);
    }
    assert.equal(validate({ config: { temperature: 'hot' } }), false);
    assert.equal(validate({ output: { format: 'xml' } }), false);
    assert.equal(validate({ 'myext.key': 1, anything: [1] }), true);
  });

  it('documents every key for completion and hover', () => {
    assert.deepEqual([...TOP_LEVEL_KEYS].sort(), ['config', 'description', 'input', 'metadata', 'model', 'name', 'output', 'tests', 'tools', 'variant', 'version']);
    const docs = new Map(frontmatterKeyDocs().map((d) => [d.path, d]));
    assert.deepEqual(docs.get('config.temperature'), { path: 'config.temperature', description: 'Sampling temperature, 0–2. Lower is more deterministic.', type: 'number', minimum: 0, maximum: 2 });
    assert.deepEqual(docs.get('output.format')?.values, ['text', 'json']);
    assert.equal(docs.get('tests[].assert[].type')?.type, 'string');
    for (const d of docs.values()) assert.ok(d.description.length > 10, `${d.path} has a description`);
    assert.deepEqual(knownChildKeys('tests[].assert[]'), ['type', 'value', 'threshold', 'weight', 'provider', 'metric']);
    assert.deepEqual(knownChildKeys('input'), ['schema', 'default']);
  });

  it('answers the child keys of every documented object the same from the zod shape as from the key docs', () => {
    const docs = frontmatterKeyDocs();
    const fromDocs = (parent: string): string[] => {
      const prefix = parent === '' ? '' : `${parent}.`;
      return docs.filter((d) => d.path.startsWith(prefix) && !d.path.slice(prefix.length).replace(/\[\]$/, '').includes('.'))
        .map((d) => d.path.slice(prefix.length).replace(/\[\]$/, ''));
    };
    // Every path that has documented children, found from the docs themselves, so a new nested object is covered too.
    const parents = new Set(docs.map((d) => d.path.slice(0, Math.max(0, d.path.lastIndexOf('.')))));
    for (const p of ['', 'config', 'input', 'output', 'tests[]', 'tests[].assert[]']) assert.ok(parents.has(p), `${p} is a parent in the docs`);
    for (const p of parents) assert.deepEqual(knownChildKeys(p), fromDocs(p), `children of '${p}'`);
  });
});

describe('assertion types', () => {
  it('lists the promptfoo vocabulary, each with its not- form', () => {
    assert.equal(ASSERTION_TYPES.length, 32);
    for (const t of ['equals', 'contains', 'icontains', 'contains-any', 'contains-all', 'icontains-any', 'icontains-all', 'starts-with', 'regex',
      'is-json', 'contains-json', 'levenshtein', 'latency', 'cost', 'javascript', 'llm-rubric']) {
      assert.ok(ASSERTION_TYPES.includes(t) && ASSERTION_TYPES.includes(`not-${t}`), t);
    }
    assert.deepEqual(parseAssertionType('not-icontains-any'), { base: 'icontains-any', negated: true });
    assert.equal(parseAssertionType('not-not-equals'), undefined);
  });
});

describe('Picoschema conversion matches Dotprompt', () => {
  const SCHEMAS: unknown[] = [
    'string', 'number, a count', 'any',
    { name: 'string', 'age?': 'integer, years', 'tags(array, labels)': 'string', 'color?(enum, a colour)': ['RED', 'GREEN'] },
    { 'address(object)': { street: 'string', 'zip?': 'string' }, 'items?(array)': { sku: 'string', qty: 'integer' }, '(*)': 'string' },
    { 'opt?(object)': { a: 'any' }, 'list?(array)': 'number', 'e(enum)': ['a', null] },
    { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
    { properties: { b: { type: 'number' } } },
    { type: 'array', items: { type: 'string' } },
  ];
  for (const s of SCHEMAS) {
    it(JSON.stringify(s), async () => {
      const theirs: unknown = await picoschema(structuredClone(s));
      const ours = picoschemaToJsonSchema(structuredClone(s));
      assert.deepEqual(ours.problems, []);
      assert.deepEqual(JSON.parse(JSON.stringify(ours.schema)), JSON.parse(JSON.stringify(theirs)));
    });
  }

  it('explains what Dotprompt rejects, with the path', async () => {
    const bad = { 'a(list)': 'string', b: 'strng' };
    await assert.rejects(picoschema(bad));
    const ours = picoschemaToJsonSchema(bad);
    assert.deepEqual(ours.problems.map((p) => p.path), [['a(list)'], ['b']]);
    assert.equal(ours.schema, undefined);
  });
});

describe('docs/prompt-format.md', () => {
  it('documents every diagnostic code and every top-level key', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'prompt-format.md'), 'utf8');
    for (const code of Object.keys(DIAGNOSTIC_CODES)) assert.match(doc, new RegExp(`\\| ${code} \\|`), code);
    for (const key of TOP_LEVEL_KEYS) assert.ok(doc.includes(`| \`${key}`), key);
  });
});

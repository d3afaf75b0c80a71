// The hand check of a `tests:` item against zod's testSchema: whenever it says "surely valid", zod must agree, over
// generated items that are valid, nearly valid and wrong in every key the schema constrains.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { largePrompt } from '../../../bench/parseFixture';
import { clearParseCaches, parse } from '../../../src/core/promptFile/parse';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { frontmatterSchema, testSchema } from '../../../src/core/promptFile/schema';
import { surelyValidSection, surelyValidTest } from '../../../src/core/promptFile/testSchemaFast';

/** Values of every kind zod tells apart, including the numbers at and past each bound. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, 1, -1, 0.5, 1.5, 2, 1000, 1001, NaN, Infinity, -Infinity, -0, '', 'x', 'openai/gpt-4o'),
  fc.string({ maxLength: 4 }),
  fc.double(),
  fc.integer({ min: -5, max: 1005 }),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 3 }),
  fc.constant(Object.create(null) as object),
  fc.constant(new Date(0)),
);

/** Each key with values that are mostly right for it, and sometimes anything. */
function keyed(good: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 15, arbitrary: good }, { weight: 1, arbitrary: anyValue });
}

const assertion = fc.record({
  type: keyed(fc.constantFrom('contains', 'equals', 'llm-rubric', 'not-contains')),
  value: anyValue,
  threshold: keyed(fc.double({ min: -1, max: 2, noNaN: true })),
  weight: keyed(fc.double({ min: -1, max: 5, noNaN: true })),
  provider: keyed(fc.constantFrom('openai/gpt-4o-mini', 'ollama/llama3.2')),
  metric: keyed(fc.string({ maxLength: 5 })),
  extra: anyValue,
}, { requiredKeys: [] });

const item = fc.record({
  name: keyed(fc.string({ maxLength: 8 })),
  description: keyed(fc.string({ maxLength: 8 })),
  vars: keyed(fc.dictionary(fc.string({ maxLength: 4 }), anyValue, { maxKeys: 4 })),
  model: keyed(fc.constant('openai/gpt-4o')),
  models: keyed(fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 })),
  provider: keyed(fc.oneof(fc.string({ maxLength: 4 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }))),
  repeat: keyed(fc.integer({ min: 0, max: 1001 })),
  threshold: keyed(fc.double({ min: -0.5, max: 1.5, noNaN: true })),
  cache: keyed(fc.boolean()),
  assert: keyed(fc.array(fc.oneof({ weight: 4, arbitrary: assertion }, { weight: 1, arbitrary: anyValue }), { maxLength: 3 })),
  file: keyed(fc.constant('cases.jsonl')),
  other: anyValue,
}, { requiredKeys: [] });

describe('surelyValidTest: the hand check of a tests item agrees with zod', function () {
  this.timeout(120_000);

  it('never calls an item valid that zod rejects, over 20,000 generated items', () => {
    let accepted = 0;
    let valid = 0;
    const tagged = fc.oneof(item.map((x) => ({ x, shaped: true })), anyValue.map((x) => ({ x, shaped: false })));
    fc.assert(fc.property(tagged, ({ x, shaped }) => {
      const zodOk = testSchema.safeParse(x).success;
      const fast = surelyValidTest(x);
      if (zodOk && shaped) {
        valid++;
        if (fast) accepted++;
      }
      assert.ok(!fast || zodOk, `surelyValidTest accepted an item zod rejects: ${JSON.stringify(x)}`);
    }), { numRuns: 20_000 });
    // The check must also be useful: the mappings zod accepts are recognised (else the fast path is never taken).
    // Only values YAML never builds (a Date, an object with an own `constructor`) are left to zod.
    assert.ok(valid > 1000, `only ${valid} generated items were valid`);
    assert.ok(accepted > 0.97 * valid, `only ${accepted} of ${valid} valid items were recognised`);
  });

  it('recognises every test of the benchmark file, so a valid file never reaches zod for its tests', () => {
    clearParseCaches();
    const doc = parse(largePrompt(2000));
    assert.equal(doc.tests.length, 30);
    const tests = (doc.frontmatter as { tests: unknown[] }).tests;
    for (const t of tests) assert.equal(surelyValidTest(t), true);
    assert.deepEqual(doc.diagnostics, []);
  });

  it('leaves each kind of mistake, and objects YAML never builds, to zod', () => {
    const wrong: unknown[] = [
      null, [], 'x', { name: 1 }, { vars: [] }, { vars: null }, { models: ['a', 1] }, { provider: 3 }, { repeat: 0 },
      { repeat: 1.5 }, { repeat: 1001 }, { threshold: 2 }, { threshold: NaN }, { cache: 'yes' }, { assert: {} },
      { assert: [{}] }, { assert: [{ type: 1 }] }, { assert: [{ type: 'x', weight: -1 }] }, { assert: [{ type: 'x', threshold: Infinity }] },
      { assert: [{ type: 'x', provider: 1 }] }, { assert: [{ type: 'x', metric: null }] }, { file: 1 }, { model: ['a'] },
      JSON.parse('{"__proto__": {"x": 1}}'), { vars: { constructor: () => undefined } }, { vars: new Date(0) },
    ];
    for (const w of wrong) assert.equal(surelyValidTest(w), false, JSON.stringify(w));
    // A null-prototype mapping is one zod's record check accepts, and so does the hand check.
    assert.equal(surelyValidTest({ vars: Object.create(null) as object }), true);
    assert.equal(testSchema.safeParse({ vars: Object.create(null) as object }).success, true);
  });
});

const schemaValue = keyed(fc.oneof(fc.string({ maxLength: 6 }), fc.dictionary(fc.string({ maxLength: 4 }), anyValue, { maxKeys: 4 })));
const sections = {
  input: fc.record({
    schema: schemaValue,
    default: keyed(fc.dictionary(fc.string({ maxLength: 4 }), anyValue, { maxKeys: 3 })),
    other: anyValue,
  }, { requiredKeys: [] }),
  output: fc.record({
    format: keyed(fc.constantFrom('text', 'json')),
    schema: schemaValue,
    other: anyValue,
  }, { requiredKeys: [] }),
  config: fc.record({
    temperature: keyed(fc.double({ min: -0.5, max: 2.5, noNaN: true })),
    maxOutputTokens: keyed(fc.integer({ min: -1, max: 5000 })),
    topP: keyed(fc.double({ min: -0.5, max: 1.5, noNaN: true })),
    topK: keyed(fc.integer({ min: -1, max: 100 })),
    stopSequences: keyed(fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 })),
    seed: anyValue,
  }, { requiredKeys: [] }),
} as const;

describe('surelyValidSection: the hand check of input, output and config agrees with zod', function () {
  this.timeout(120_000);

  for (const key of ['input', 'output', 'config'] as const) {
    it(`never calls ${key === 'input' ? 'an' : 'a'} ${key} section valid that zod rejects, over 10,000 generated values`, () => {
      const schema = frontmatterSchema.shape[key];
      let accepted = 0;
      let valid = 0;
      const tagged = fc.oneof(sections[key].map((x) => ({ x, shaped: true })), anyValue.map((x) => ({ x, shaped: false })));
      fc.assert(fc.property(tagged, ({ x, shaped }) => {
        const zodOk = schema.safeParse(x).success;
        const fast = surelyValidSection(key, x);
        if (zodOk && shaped) {
          valid++;
          if (fast) accepted++;
        }
        assert.ok(!fast || zodOk, `surelyValidSection accepted a ${key} zod rejects: ${JSON.stringify(x)}`);
      }), { numRuns: 10_000 });
      assert.ok(valid > 1000, `only ${valid} generated values were valid`);
      assert.ok(accepted > 0.97 * valid, `only ${accepted} of ${valid} valid values were recognised`);
    });
  }

  it('recognises the sections of the benchmark file and of every example', () => {
    const examples = join(__dirname, '..', '..', '..', 'examples');
    const texts = [largePrompt(2000), ...readdirSync(examples).filter((f) => f.endsWith('.prompt')).map((f) => readFileSync(join(examples, f), 'utf8'))];
    let seen = 0;
    for (const text of texts) {
      clearParseCaches();
      const data = parse(text).frontmatter ?? {};
      for (const key of ['input', 'output', 'config'] as const) {
        if (data[key] === undefined) continue;
        seen++;
        assert.equal(surelyValidSection(key, data[key]), true, `${key} of ${text.slice(0, 60)}`);
      }
    }
    assert.ok(seen >= 10, `only ${seen} sections in the examples`);
  });

  it('leaves each kind of mistake, other keys, and objects YAML never builds, to zod', () => {
    const wrong: [string, unknown][] = [
      ['input', null], ['input', []], ['input', 'x'], ['input', { schema: 1 }], ['input', { schema: [] }], ['input', { default: 'x' }],
      ['input', { default: [] }], ['input', { schema: JSON.parse('{"__proto__": {"x": 1}}') as unknown }], ['input', new Date(0)],
      ['output', { format: 'yaml' }], ['output', { format: 1 }], ['output', { schema: null }],
      ['config', { temperature: 3 }], ['config', { temperature: -0.1 }], ['config', { temperature: NaN }], ['config', { temperature: '0.2' }],
      ['config', { topP: 1.5 }], ['config', { topK: 0 }], ['config', { topK: 1.5 }], ['config', { maxOutputTokens: 0 }],
      ['config', { maxOutputTokens: 2 ** 60 }], ['config', { stopSequences: ['a', 1] }], ['config', { stopSequences: 'a' }],
      ['model', 'openai/gpt-4o'], ['tests', []], ['metadata', {}],
    ];
    for (const [key, w] of wrong) assert.equal(surelyValidSection(key, w), false, `${key}: ${JSON.stringify(w)}`);
  });
});

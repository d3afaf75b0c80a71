// The hand check of a `tests:` item against zod's testSchema: whenever it says "surely valid", zod must agree, over
// generated items that are valid, nearly valid and wrong in every key the schema constrains.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { largePrompt } from '../../../bench/parseFixture';
import { clearParseCaches, parse } from '../../../src/core/promptFile/parse';
import { testSchema } from '../../../src/core/promptFile/schema';
import { surelyValidTest } from '../../../src/core/promptFile/testSchemaFast';

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

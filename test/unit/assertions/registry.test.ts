import * as assert from 'node:assert/strict';
import { BASE_ASSERTION_TYPES, ASSERTION_TYPES } from '../../../src/core/promptFile/assertionTypes';
import { evaluateAssertions, IMPLEMENTED_ASSERTION_TYPES } from '../../../src/core/assertions/registry';
import { ctx, RANGE, spec } from './fixtures';

describe('evaluateAssertions', () => {
  it('implements exactly the types a prompt file may use', () => {
    assert.deepEqual([...IMPLEMENTED_ASSERTION_TYPES].sort(), [...BASE_ASSERTION_TYPES].sort());
    assert.deepEqual([...ASSERTION_TYPES].sort(), [...IMPLEMENTED_ASSERTION_TYPES, ...IMPLEMENTED_ASSERTION_TYPES.map((t) => `not-${t}`)].sort());
  });

  it('every type has a passing case, and its not- form fails on the same output', async () => {
    const grade = () => Promise.resolve('{"pass": true, "score": 1, "reason": "fine"}');
    const cases: [string, unknown, string, object?][] = [
      ['equals', 'Hi', 'Hi'],
      ['contains', 'i', 'Hi'],
      ['icontains', 'HI', 'hi'],
      ['contains-any', ['x', 'H'], 'Hi'],
      ['contains-all', ['H', 'i'], 'Hi'],
      ['icontains-any', ['x', 'h'], 'Hi'],
      ['icontains-all', ['h', 'I'], 'Hi'],
      ['starts-with', 'H', 'Hi'],
      ['regex', '^H.$', 'Hi'],
      ['is-json', undefined, '{"a":1}'],
      ['contains-json', undefined, 'x {"a":1} y'],
      ['levenshtein', 'Ho', 'Hi'],
      ['latency', undefined, 'Hi', { threshold: 100 }],
      ['cost', undefined, 'Hi', { threshold: 0.01 }],
      ['javascript', 'output.length === 2', 'Hi'],
      ['llm-rubric', 'says hi', 'Hi'],
    ];
    assert.deepEqual(cases.map((c) => c[0]).sort(), [...IMPLEMENTED_ASSERTION_TYPES].sort());
    for (const [type, value, output, extra] of cases) {
      const c = ctx(output, { latencyMs: 50, costUsd: 0.001, grade });
      const pos = await evaluateAssertions([spec(type, value, extra as Record<string, unknown>)], c);
      assert.deepEqual([pos.pass, pos.score, pos.errored], [true, 1, false], `${type}: ${pos.reason}`);
      const neg = await evaluateAssertions([spec(`not-${type}`, value, extra as Record<string, unknown>)], c);
      assert.deepEqual([neg.pass, neg.score, neg.errored], [false, 0, false], `not-${type}: ${neg.reason}`);
      assert.match(neg.reason, new RegExp(`^not-${type}: .+ \\(not-${type} expects it not to\\)$`));
    }
  });

  it('passes when every assertion passes; the first failure gives the reason', async () => {
    const ok = await evaluateAssertions([spec('contains', 'a'), spec('starts-with', 'a')], ctx('abc'));
    assert.deepEqual([ok.pass, ok.score, ok.reason, ok.errored], [true, 1, 'all 2 assertions passed', false]);
    const bad = await evaluateAssertions([spec('contains', 'a'), spec('contains', 'z')], ctx('abc'));
    assert.deepEqual([bad.pass, bad.score, bad.reason], [false, 0.5, 'contains: output does not contain "z"; output: "abc"']);
    assert.deepEqual(bad.results.map((r) => r.range), [RANGE, RANGE]);
  });

  it('not- inverts pass and score and explains the inverted failure', async () => {
    const s = await evaluateAssertions([spec('not-contains', 'secret'), spec('not-equals', 'abc')], ctx('abc'));
    assert.deepEqual(s.results.map((r) => [r.pass, r.score]), [[true, 1], [false, 0]]);
    assert.equal(s.results[1].reason, 'output equals "abc" (not-equals expects it not to)');
    assert.equal(s.results[1].expected, undefined);
  });

  it('score is the weighted mean; weight 0 is informational', async () => {
    const s = await evaluateAssertions([spec('contains', 'a', { weight: 3 }), spec('contains', 'z', { weight: 1 }), spec('contains', 'q', { weight: 0 })], ctx('abc'));
    assert.equal(s.score, 0.75);
    assert.equal(s.pass, false);
    const info = await evaluateAssertions([spec('contains', 'a'), spec('contains', 'q', { weight: 0 })], ctx('abc'));
    assert.deepEqual([info.pass, info.score], [true, 1]);
  });

  it('with a test threshold, passes when the weighted score reaches it', async () => {
    const specs = [spec('contains', 'a', { weight: 3 }), spec('contains', 'z', { weight: 1 })];
    const pass = await evaluateAssertions(specs, ctx('abc', { threshold: 0.7 }));
    assert.deepEqual([pass.pass, pass.reason], [true, 'score 0.75 ≥ threshold 0.7']);
    const fail = await evaluateAssertions(specs, ctx('abc', { threshold: 0.8 }));
    assert.deepEqual([fail.pass, fail.reason], [false, 'score 0.75 is below threshold 0.8']);
  });

  it('an unknown type is an error result with a suggestion; an error fails the test even above the threshold', async () => {
    const s = await evaluateAssertions([spec('contains', 'a'), spec('contians', 'b')], ctx('ab', { threshold: 0.1 }));
    assert.equal(s.pass, false);
    assert.equal(s.errored, true);
    assert.equal(s.results[1].error, 'unknown assertion type "contians" (did you mean "contains"?)');
    assert.equal(s.reason, 'contians: unknown assertion type "contians" (did you mean "contains"?)');
  });

  it('no assertions pass with score 1', async () => {
    assert.deepEqual(await evaluateAssertions([], ctx('x')), { pass: true, score: 1, results: [], errored: false, reason: 'no assertions' });
  });

  it('huge outputs and values give results, not crashes', async () => {
    const big = 'x'.repeat(5_000_000);
    const s = await evaluateAssertions([spec('contains', 'y'), spec('levenshtein', big), spec('regex', 'x{3}$'), spec('contains-json'), spec('regex', 'a'.repeat(20_000))], ctx(big));
    assert.deepEqual(s.results.map((r) => r.pass), [false, true, true, false, false]);
    assert.equal(s.results[4].error, 'regex pattern is 20000 characters long; the limit is 10000');
  });
});

import * as assert from 'node:assert/strict';
import { evaluateAssertion } from '../../../src/core/assertions/registry';
import { parseGrade } from '../../../src/core/assertions/rubric';
import type { GradeFn } from '../../../src/core/assertions/types';
import { ctx, spec } from './fixtures';

function grader(reply: string, seen: { prompt?: string; provider?: string } = {}): GradeFn {
  return (prompt, options) => {
    seen.prompt = prompt;
    seen.provider = options.provider;
    return Promise.resolve(reply);
  };
}

describe('llm-rubric', () => {
  it('asks the grader with the rubric and the output, and uses its verdict', async () => {
    const seen: { prompt?: string; provider?: string } = {};
    const r = await evaluateAssertion(
      spec('llm-rubric', 'Is polite to {{name}}', { provider: 'openai/gpt-4o-mini' }),
      ctx('Hello Ada', { vars: { name: 'Ada' }, grade: grader('{"pass": true, "score": 0.9, "reason": "Greets Ada kindly."}', seen) }),
    );
    assert.deepEqual([r.pass, r.score, r.reason], [true, 0.9, 'grader: Greets Ada kindly.']);
    assert.ok(seen.prompt?.includes('<rubric>\nIs polite to Ada\n</rubric>'));
    assert.ok(seen.prompt?.includes('<output>\nHello Ada\n</output>'));
    assert.equal(seen.provider, 'openai/gpt-4o-mini');
  });

  it('a failing grade, and a pass below the threshold', async () => {
    const fail = await evaluateAssertion(spec('llm-rubric', 'polite'), ctx('go away', { grade: grader('{"pass": false, "score": 0.1, "reason": "Rude."}') }));
    assert.deepEqual([fail.pass, fail.reason], [false, 'grader: Rude.']);
    const below = await evaluateAssertion(spec('llm-rubric', 'polite', { threshold: 0.8 }), ctx('hm', { grade: grader('{"pass": true, "score": 0.6, "reason": "Okay."}') }));
    assert.deepEqual([below.pass, below.reason], [false, 'grader: Okay. (score 0.6 below threshold 0.8)']);
  });

  it('reads replies wrapped in code fences or prose', () => {
    assert.deepEqual(parseGrade('Sure.\n```json\n{"pass": true, "score": 1, "reason": "fine"}\n```'), { pass: true, score: 1, reason: 'fine' });
    assert.deepEqual(parseGrade('{"reason": "x {y}", "pass": "false"}'), { pass: false, score: 0, reason: 'x {y}' });
    assert.deepEqual(parseGrade('{"score": 0.7}'), { pass: true, score: 0.7, reason: '(the grader gave no reason)' });
  });

  it('a malformed grader reply is an error result with the reply in the reason', async () => {
    const r = await evaluateAssertion(spec('llm-rubric', 'polite'), ctx('x', { grade: grader('I think it passes.') }));
    assert.equal(r.pass, false);
    assert.equal(r.error, 'grader reply is not the expected JSON {"pass", "score", "reason"}: "I think it passes."');
    assert.equal(parseGrade('{"pass": true, "score": 7}'), 'grader score 7 is outside 0..1');
    assert.match(parseGrade('{'.repeat(1_000_000)) as string, /^grader reply is not the expected JSON/);
  });

  it('a failing grader call or a missing grader is an error, also when inverted', async () => {
    const boom: GradeFn = () => Promise.reject(new Error('429 rate limited'));
    const r = await evaluateAssertion(spec('not-llm-rubric', 'polite'), ctx('x', { grade: boom }));
    assert.deepEqual([r.pass, r.error], [false, 'grader call failed: 429 rate limited']);
    assert.equal((await evaluateAssertion(spec('llm-rubric', 'polite'), ctx('x'))).error, 'llm-rubric needs a grader model, and none is configured');
  });
});

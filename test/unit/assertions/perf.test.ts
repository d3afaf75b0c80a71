import * as assert from 'node:assert/strict';
import { evaluateAssertion } from '../../../src/core/assertions/registry';
import { ctx, spec } from './fixtures';

describe('latency and cost assertions', () => {
  it('latency passes under the threshold and fails over it', async () => {
    assert.equal((await evaluateAssertion(spec('latency', undefined, { threshold: 500 }), ctx('x', { latencyMs: 120 }))).reason, 'latency 120 ms ≤ 500 ms');
    const r = await evaluateAssertion(spec('latency', undefined, { threshold: 500 }), ctx('x', { latencyMs: 812.4 }));
    assert.equal(r.pass, false);
    assert.equal(r.reason, 'latency 812 ms exceeds 500 ms');
    assert.equal((await evaluateAssertion(spec('not-latency', undefined, { threshold: 500 }), ctx('x', { latencyMs: 812 }))).pass, true);
  });

  it('unknown latency (cached reply) is an error, not a pass, even when inverted', async () => {
    for (const type of ['latency', 'not-latency']) {
      const r = await evaluateAssertion(spec(type, undefined, { threshold: 500 }), ctx('x'));
      assert.equal(r.pass, false);
      assert.equal(r.reason, 'latency is unknown (the reply came from the cache); run without the cache to check it');
      assert.ok(r.error);
    }
  });

  it('cost passes under the threshold, fails over it, and errors when unknown', async () => {
    assert.equal((await evaluateAssertion(spec('cost', undefined, { threshold: 0.01 }), ctx('x', { costUsd: 0.0021 }))).reason, 'cost $0.002100 ≤ $0.01');
    assert.equal((await evaluateAssertion(spec('cost', undefined, { threshold: 0.001 }), ctx('x', { costUsd: 0.0021 }))).reason, 'cost $0.002100 exceeds $0.001');
    const unknown = await evaluateAssertion(spec('cost', undefined, { threshold: 0.01 }), ctx('x', { costUsd: null }));
    assert.equal(unknown.error, 'cost unknown');
    assert.equal(unknown.pass, false);
  });

  it('a missing threshold says what to write', async () => {
    const r = await evaluateAssertion(spec('latency'), ctx('x', { latencyMs: 5 }));
    assert.equal(r.error, 'latency needs a `threshold`: the maximum milliseconds');
  });
});

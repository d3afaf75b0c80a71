import * as assert from 'node:assert/strict';
import { compareOutcomes, type OutcomeRecord } from '../../../src/core/compare/outcomes';

let clock = 1000;
function rec(over: Partial<OutcomeRecord> & Pick<OutcomeRecord, 'testName'>): OutcomeRecord {
  return {
    caseId: `${over.testName}#0`,
    provider: 'openai',
    model: 'gpt-4o-mini',
    vars: {},
    output: 'ok',
    pass: true,
    score: 1,
    costUsd: 0.001,
    cached: false,
    repeatIndex: 0,
    time: clock++,
    latencyMs: 100,
    usage: { inputTokens: 10, outputTokens: 5 },
    ...over,
  };
}

describe('compare/compareOutcomes', () => {
  it('classifies regressed, fixed, changed, unchanged and missing rows', () => {
    const left = [
      rec({ testName: 'same' }),
      rec({ testName: 'regress', pass: true }),
      rec({ testName: 'fix', pass: false, score: 0 }),
      rec({ testName: 'reword', output: 'Hello there' }),
      rec({ testName: 'onlyLeft' }),
    ];
    const right = [
      rec({ testName: 'same' }),
      rec({ testName: 'regress', pass: false, score: 0, assertions: [{ type: 'contains', pass: false, score: 0, reason: 'expected "Ann"', weight: 1, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } } }] }),
      rec({ testName: 'fix', pass: true }),
      rec({ testName: 'reword', output: 'Hello, friend' }),
      rec({ testName: 'onlyRight' }),
    ];
    const c = compareOutcomes(left, right);
    assert.deepEqual(c.rows.map((r) => [r.testName, r.status]), [
      ['same', 'unchanged'], ['regress', 'regressed'], ['fix', 'fixed'], ['reword', 'changed'], ['onlyLeft', 'missing-right'], ['onlyRight', 'missing-left'],
    ]);
    assert.deepEqual(c.totals.counts, { regressed: 1, fixed: 1, changed: 1, unchanged: 1, 'missing-left': 1, 'missing-right': 1 });
    assert.deepEqual(c.rows[1]?.right?.failures, ['contains: expected "Ann"']);
    assert.equal(c.rows[4]?.right, undefined);
    assert.equal(c.rows[4]?.outputDiff, undefined);
    assert.deepEqual(c.rows[3]?.outputDiff, {
      kind: 'text',
      left: [{ text: 'Hello ', changed: false }, { text: 'there', changed: true }],
      right: [{ text: 'Hello', changed: false }, { text: ', friend', changed: true }],
    });
    assert.deepEqual(c.rows[0]?.outputDiff, { kind: 'same' });
  });

  it('computes deltas right minus left, only where both sides have the figure', () => {
    const c = compareOutcomes(
      [rec({ testName: 't', score: 0.5, latencyMs: 300, usage: { totalTokens: 40 }, costUsd: 0.002 })],
      [rec({ testName: 't', score: 0.75, latencyMs: undefined, cached: true, usage: { inputTokens: 20, outputTokens: 30 }, costUsd: null })],
    );
    assert.deepEqual(c.rows[0]?.deltas, { score: 0.25, tokens: 10 });
    assert.equal(c.rows[0]?.status, 'changed');
  });

  it('totals pass rate, cost (unknown costs counted apart), latency and tokens per side', () => {
    const c = compareOutcomes(
      [rec({ testName: 'a', costUsd: 0.25, latencyMs: 100 }), rec({ testName: 'b', pass: false, costUsd: null, latencyMs: 50 })],
      [rec({ testName: 'a', costUsd: 0.5, latencyMs: 10 }), rec({ testName: 'b', costUsd: 0.125, latencyMs: undefined }), rec({ testName: 'c', pass: false, usage: undefined })],
    );
    assert.deepEqual(c.totals.left, { cases: 2, passed: 1, failed: 1, passRate: 0.5, costUsd: 0.25, unknownCost: 1, errored: 0, latencyMs: 150, measured: 2, tokens: 30 });
    assert.deepEqual(c.totals.right, { cases: 3, passed: 2, failed: 1, passRate: 2 / 3, costUsd: 0.5 + 0.125 + 0.001, unknownCost: 0, errored: 0, latencyMs: 110, measured: 2, tokens: 30 });
    const empty = compareOutcomes([], []);
    assert.equal(empty.totals.left.passRate, null);
    assert.deepEqual(empty.rows, []);
  });

  it('counts failed calls apart from unpriced ones, and only measured latencies', () => {
    const c = compareOutcomes(
      [rec({ testName: 'a', cached: true, latencyMs: undefined, costUsd: 0.5 }), rec({ testName: 'b', cached: true, latencyMs: undefined, costUsd: 0.5 })],
      [
        rec({ testName: 'a', pass: false, costUsd: null, latencyMs: undefined, usage: undefined, error: { kind: 'auth', message: 'no API key' } }),
        rec({ testName: 'b', costUsd: null, latencyMs: 40 }),
      ],
    );
    assert.deepEqual([c.totals.left.measured, c.totals.left.latencyMs, c.totals.left.errored, c.totals.left.unknownCost], [0, 0, 0, 0]);
    assert.deepEqual([c.totals.right.measured, c.totals.right.latencyMs, c.totals.right.errored, c.totals.right.unknownCost], [1, 40, 1, 1]);
  });

  it('pairs by test, model, case and repeat; the newest record of a key wins', () => {
    const left = [
      rec({ testName: 't', caseId: 't#row0', repeatIndex: 0, output: 'old', time: 1 }),
      rec({ testName: 't', caseId: 't#row0', repeatIndex: 0, output: 'new', time: 5 }),
      rec({ testName: 't', caseId: 't#row0', repeatIndex: 1, output: 'r1' }),
      rec({ testName: 't', caseId: 't#row1', output: 'row1' }),
      rec({ testName: 't', caseId: 't#row0', model: 'gpt-4.1-mini', output: 'other model' }),
    ];
    const right = [
      rec({ testName: 't', caseId: 't#row0', repeatIndex: 0, output: 'new' }),
      rec({ testName: 't', caseId: 't#row0', repeatIndex: 1, output: 'r1' }),
      rec({ testName: 't', caseId: 't#row1', output: 'row1 changed' }),
    ];
    const c = compareOutcomes(left, right);
    assert.deepEqual(c.rows.map((r) => [r.caseId, r.repeatIndex, r.left?.model, r.status]), [
      ['t#row0', 0, 'openai/gpt-4o-mini', 'unchanged'],
      ['t#row0', 1, 'openai/gpt-4o-mini', 'unchanged'],
      ['t#row1', 0, 'openai/gpt-4o-mini', 'changed'],
      ['t#row0', 0, 'openai/gpt-4.1-mini', 'missing-right'],
    ]);
  });

  it('keeps a right-only row next to the rows of its test', () => {
    const c = compareOutcomes(
      [rec({ testName: 'a', caseId: 'a1' }), rec({ testName: 'b', caseId: 'b1' })],
      [rec({ testName: 'b', caseId: 'b1' }), rec({ testName: 'a', caseId: 'a2' }), rec({ testName: 'a', caseId: 'a1' })],
    );
    assert.deepEqual(c.rows.map((r) => r.caseId), ['a1', 'a2', 'b1']);
  });

  it('compares one version on two models: pairs by test, vars and repeat, ignoring the model', () => {
    const left = [
      rec({ testName: 't', caseId: 'c-mini-1', vars: { q: 'a', n: 1 }, model: 'gpt-4o-mini', output: 'A' }),
      rec({ testName: 't', caseId: 'c-mini-2', vars: { q: 'b' }, model: 'gpt-4o-mini', output: 'B', runId: 'r1' }),
      rec({ testName: 't', caseId: 'c-mini-3', vars: { q: 'b' }, model: 'gpt-4o-mini', output: 'B again', runId: 'r1' }),
    ];
    const right = [
      rec({ testName: 't', caseId: 'c-big-1', vars: { n: 1, q: 'a' }, provider: 'anthropic', model: 'claude', output: 'A', pass: false }),
      rec({ testName: 't', caseId: 'c-big-2', vars: { q: 'b' }, provider: 'anthropic', model: 'claude', output: 'B' }),
    ];
    const c = compareOutcomes(left, right, { mode: 'models' });
    assert.equal(c.mode, 'models');
    assert.deepEqual(c.rows.map((r) => [r.left?.output, r.right?.output, r.right?.model, r.status]), [
      ['A', 'A', 'anthropic/claude', 'regressed'],
      ['B', 'B', 'anthropic/claude', 'unchanged'],
      ['B again', undefined, undefined, 'missing-right'],
    ]);
    assert.equal(c.rows[0]?.varsSummary, '{"q":"a","n":1}');
    // The same records in versions mode do not pair across models.
    assert.equal(compareOutcomes(left, right).totals.counts['missing-left'], 2);
  });

  it('reports an errored side with its error and treats a changed error as a change', () => {
    const err = (m: string): OutcomeRecord['error'] => ({ kind: 'timeout', message: m });
    const c = compareOutcomes(
      [rec({ testName: 't', pass: false, output: '', error: err('after 30 s') })],
      [rec({ testName: 't', pass: false, output: '', error: err('after 60 s') })],
    );
    assert.equal(c.rows[0]?.left?.error, 'timeout: after 30 s');
    assert.equal(c.rows[0]?.status, 'changed');
  });
});

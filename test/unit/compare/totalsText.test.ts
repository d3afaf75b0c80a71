import * as assert from 'node:assert/strict';
import { totalsText } from '../../../webview-ui/diff/totals';

const base = { cases: 4, passed: 1, failed: 3, passRate: 0.25, costUsd: 0.0018, unknownCost: 0, errored: 0, latencyMs: 200, measured: 4, tokens: 523 };

describe('diff view totals (webview-ui/diff/totals)', () => {
  it('gives the mean latency of the measured cases', () => {
    assert.deepEqual(totalsText(base), ['pass rate 25% (1/4)', 'cost $0.00180', 'latency 50 ms mean', '523 tokens']);
    assert.equal(totalsText({ ...base, latencyMs: 90, measured: 3 })[2], 'latency 30 ms mean of 3 (1 not measured)');
  });

  it('shows no latency, not 0 ms, when every case was served from the cache', () => {
    assert.equal(totalsText({ ...base, latencyMs: 0, measured: 0 })[2], 'latency — (no measured calls)');
    assert.equal(totalsText({ ...base, cases: 0, passRate: null, passed: 0, failed: 0, latencyMs: 0, measured: 0 })[2], 'latency —');
  });

  it('says failed calls are errored, not unpriced', () => {
    assert.equal(totalsText({ ...base, costUsd: 0, errored: 4 })[1], 'cost $0.0000 (4 errored)');
    assert.equal(totalsText({ ...base, unknownCost: 2, errored: 1 })[1], 'cost $0.00180 (2 unpriced, 1 errored)');
  });
});

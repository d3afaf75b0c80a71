import * as assert from 'node:assert/strict';
import { summarize } from '../../../src/core/runner/summary';
import type { CaseResult, PlannedCase } from '../../../src/core/runner/types';

function planned(n: number): PlannedCase[] {
  return Array.from({ length: n }, (_, i) => ({ id: `t${i}`, index: i, groupId: `t${i}`, testName: `t${i}`, filePath: '/ws/a.prompt', model: 'p/m', repeatIndex: 0, repeatCount: 1 }) as unknown as PlannedCase);
}

function result(index: number, over: Partial<CaseResult>): CaseResult {
  return { index, status: 'passed', assertions: [], cached: false, score: 1, ...over } as CaseResult;
}

describe('runner/summarize: what a run spent', () => {
  const spent = (rs: Partial<CaseResult>[]): number | undefined => summarize(planned(rs.length), rs.map((r, i) => result(i, r)), 10).costUsd;

  it('sums the replies this run paid for; cached replies cost nothing', () => {
    assert.equal(spent([{ costUsd: 0.25 }, { costUsd: 0.5, cached: true }]), 0.25);
    assert.equal(spent([{ costUsd: 0.5, cached: true }, { costUsd: 0.25, cached: true }]), 0, 'all from the cache: $0, not unknown');
  });

  it('a call that failed costs nothing; a reply from a model with no price makes the cost unknown unless others are priced', () => {
    assert.equal(spent([{ status: 'error' }, { status: 'cancelled' }]), 0);
    assert.equal(spent([{ status: 'failed' }]), undefined);
    assert.equal(spent([{ status: 'failed' }, { costUsd: 0.125 }]), 0.125);
  });
});

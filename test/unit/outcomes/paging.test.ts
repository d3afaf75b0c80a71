import * as assert from 'node:assert/strict';
import { summarize } from '../../../src/core/store/summary';
import { splitFirstPage } from '../../../src/extension/outcomes/paging';
import { makeRecord } from './fixtures';

describe('outcome list paging', () => {
  it('puts the newest run of every case and the newest runs overall on the first page, everything else after', () => {
    const runs = [];
    for (let run = 0; run < 6; run++) {
      for (const c of ['a', 'b', 'c']) runs.push(summarize(makeRecord({ id: `${c}${run}`, caseId: c, testName: c, time: 1000 + run * 10 + c.charCodeAt(0) - 97 })));
    }
    runs.push(summarize(makeRecord({ id: 'other-a', promptPath: 'prompts/other.prompt', caseId: 'a', time: 1 })));
    const { first, rest } = splitFirstPage(runs, 2);
    assert.deepEqual(first.map((r) => r.id), ['c5', 'b5', 'a5', 'other-a']);
    assert.equal(rest.length, runs.length - first.length);
    assert.deepEqual(rest.map((r) => r.id).slice(0, 3), ['c4', 'b4', 'a4'], 'the rest comes newest first');
    assert.deepEqual(new Set([...first, ...rest].map((r) => r.id)), new Set(runs.map((r) => r.id)));
  });

  it('has nothing left over for a short list', () => {
    const runs = [1, 2, 3].map((i) => summarize(makeRecord({ id: `r${i}`, time: i })));
    assert.deepEqual(splitFirstPage(runs).rest, []);
    assert.deepEqual(splitFirstPage([]), { first: [], rest: [] });
  });
});

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { intern, lineRuns, myersRuns, tokenize, type Run } from '../../../src/core/compare/sequenceDiff';

/** Applies runs to rebuild both sides, checking that equal runs really are equal. */
function replay(runs: readonly Run[], a: readonly string[], b: readonly string[]): { left: string[]; right: string[]; edits: number } {
  const left: string[] = [];
  const right: string[] = [];
  let i = 0;
  let j = 0;
  let edits = 0;
  for (const r of runs) {
    assert.ok(r.count > 0, 'no empty runs');
    if (r.kind === 'equal') {
      for (let k = 0; k < r.count; k++) assert.equal(a[i + k], b[j + k]);
      left.push(...a.slice(i, i + r.count));
      right.push(...b.slice(j, j + r.count));
      i += r.count;
      j += r.count;
    } else if (r.kind === 'removed') {
      left.push(...a.slice(i, i + r.count));
      i += r.count;
      edits += r.count;
    } else {
      right.push(...b.slice(j, j + r.count));
      j += r.count;
      edits += r.count;
    }
  }
  return { left, right, edits };
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  }
  return dp[a.length][b.length];
}

const seq = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 30 });

describe('compare/sequenceDiff', () => {
  it('property: Myers finds a shortest edit script', () => {
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const { a: ia, b: ib } = intern(a, b);
        const r = replay(myersRuns(ia, ib, 1000), a, b);
        assert.deepEqual(r.left, a);
        assert.deepEqual(r.right, b);
        assert.equal(r.edits, a.length + b.length - 2 * lcsLength(a, b));
      }),
      { numRuns: 400 },
    );
  });

  it('property: line runs rebuild both sides, with changes as removed-then-added between equal runs', () => {
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const runs = lineRuns(a, b);
        const r = replay(runs, a, b);
        assert.deepEqual(r.left, a);
        assert.deepEqual(r.right, b);
        for (let i = 1; i < runs.length; i++) {
          const p = runs[i - 1];
          const q = runs[i];
          assert.ok(!(p.kind === q.kind), 'runs merged');
          assert.ok(!(p.kind === 'added' && q.kind === 'removed'), 'removed comes first');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('anchors on unique lines so a moved block does not scramble the rest', () => {
    const a = ['header', 'x', 'unique one', 'y', 'unique two', 'footer'];
    const b = ['header', 'unique one', 'y', 'inserted', 'unique two', 'footer'];
    assert.deepEqual(lineRuns(a, b), [
      { kind: 'equal', count: 1 }, { kind: 'removed', count: 1 }, { kind: 'equal', count: 2 }, { kind: 'added', count: 1 }, { kind: 'equal', count: 2 },
    ]);
  });

  it('gives up with a whole replacement beyond the edit bound instead of running long', () => {
    const { a, b } = intern(['a', 'b', 'c'], ['x', 'y', 'z']);
    assert.deepEqual(myersRuns(a, b, 2), [{ kind: 'removed', count: 3 }, { kind: 'added', count: 3 }]);
    assert.deepEqual(lineRuns([], []), []);
  });

  it('tokenizes into words, spaces and punctuation that spell the text exactly', () => {
    assert.deepEqual(tokenize('Héllo, wörld  42!'), ['Héllo', ',', ' ', 'wörld', '  ', '42', '!']);
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => assert.equal(tokenize(s).join(''), s)), { numRuns: 300 });
  });
});

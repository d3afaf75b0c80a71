import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { deepEqual, formatPath, shortValue, structuralDiff } from '../../../src/core/compare/jsonDiff';

describe('compare/structuralDiff', () => {
  it('reports leaf changes, additions and removals by path', () => {
    const a = { answer: 'yes', confidence: 0.4, meta: { lang: 'en', tags: ['a'] }, gone: 1 };
    const b = { answer: 'no', confidence: 0.4, meta: { lang: 'en', tags: ['a'], extra: true } };
    assert.deepEqual(structuralDiff(a, b), [
      { path: ['answer'], kind: 'changed', before: 'yes', after: 'no' },
      { path: ['meta', 'extra'], kind: 'added', after: true },
      { path: ['gone'], kind: 'removed', before: 1 },
    ]);
  });

  it('aligns arrays by content: one inserted item is one addition', () => {
    const a = [{ id: 1 }, { id: 2 }, { id: 3 }];
    const b = [{ id: 0 }, { id: 1 }, { id: 2 }, { id: 3 }];
    assert.deepEqual(structuralDiff(a, b), [{ path: [0], kind: 'added', after: { id: 0 } }]);
    assert.deepEqual(structuralDiff([1, 2, 3], [1, 5, 3]), [{ path: [1], kind: 'changed', before: 2, after: 5 }]);
    assert.deepEqual(structuralDiff([{ n: 1, x: 'a' }], [{ n: 1, x: 'b' }]), [{ path: [0, 'x'], kind: 'changed', before: 'a', after: 'b' }]);
  });

  it('treats a type change as a change of the whole value, and equal values as no change', () => {
    assert.deepEqual(structuralDiff({ a: [1] }, { a: { 0: 1 } }), [{ path: ['a'], kind: 'changed', before: [1], after: { 0: 1 } }]);
    assert.deepEqual(structuralDiff({ a: 1, b: 2 }, { b: 2, a: 1 }), []);
    assert.deepEqual(structuralDiff(null, null), []);
  });

  it('stops at maxChanges', () => {
    const a = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    const b = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, -i - 1]));
    assert.equal(structuralDiff(a, b, 7).length, 7);
  });

  it('property: no changes exactly when the values are deep-equal', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (a, b) => {
        assert.equal(structuralDiff(a, b).length === 0, deepEqual(a, b));
        assert.deepEqual(structuralDiff(a, a), []);
      }),
      { numRuns: 300 },
    );
  });

  it('formats paths and short values for one-line summaries', () => {
    assert.equal(formatPath(['config', 'temperature']), 'config.temperature');
    assert.equal(formatPath(['tests', 0, 'vars', 'first name']), 'tests[0].vars["first name"]');
    assert.equal(formatPath(['items', 2, 'name'], '$'), '$.items[2].name');
    assert.equal(formatPath([]), '(root)');
    assert.equal(shortValue('gpt-4o'), 'gpt-4o');
    assert.equal(shortValue(''), '""');
    assert.equal(shortValue({ a: [1, 2] }), '{"a":[1,2]}');
    assert.equal(shortValue('line1\nline2'), 'line1 line2');
    assert.equal(shortValue('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
  });
});

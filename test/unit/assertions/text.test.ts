import * as assert from 'node:assert/strict';
import { evaluateAssertion } from '../../../src/core/assertions/registry';
import { boundedLevenshtein } from '../../../src/core/assertions/text';
import { ctx, RANGE, spec } from './fixtures';

describe('text assertions', () => {
  it('equals passes on identical text and fails with a diff and the first differing character', async () => {
    assert.equal((await evaluateAssertion(spec('equals', 'Paris'), ctx('Paris'))).pass, true);
    const r = await evaluateAssertion(spec('equals', 'Paris'), ctx('Parix'));
    assert.equal(r.pass, false);
    assert.equal(r.score, 0);
    assert.equal(r.reason, 'expected "Paris" but got "Parix" (first difference at character 5)');
    assert.equal(r.expected, 'Paris');
    assert.equal(r.actual, 'Parix');
    assert.deepEqual(r.range, RANGE);
  });

  it('equals with an object value compares JSON and names the first differing path', async () => {
    assert.equal((await evaluateAssertion(spec('equals', { a: 1, b: [1, 2] }), ctx('{"b":[1,2],"a":1}'))).pass, true);
    const r = await evaluateAssertion(spec('equals', { a: 1, b: [1, 2] }), ctx('{"a":1,"b":[1,3]}'));
    assert.equal(r.reason, 'output JSON differs from the expected value at $.b[1]');
    assert.ok(r.expected?.includes('"b"'));
    const notJson = await evaluateAssertion(spec('equals', { a: 1 }), ctx('a=1'));
    assert.equal(notJson.reason, 'output is not JSON, expected JSON equal to "{\\"a\\":1}"');
  });

  it('contains and icontains', async () => {
    assert.equal((await evaluateAssertion(spec('contains', 'cat'), ctx('a cat sat'))).pass, true);
    const r = await evaluateAssertion(spec('contains', 'Cat'), ctx('a cat sat'));
    assert.equal(r.pass, false);
    assert.equal(r.reason, 'output does not contain "Cat"; output: "a cat sat"');
    assert.equal((await evaluateAssertion(spec('icontains', 'Cat'), ctx('a CAT sat'))).pass, true);
    assert.equal((await evaluateAssertion(spec('icontains', 'dog'), ctx('a CAT sat'))).reason, 'output does not contain "dog" (ignoring case); output: "a CAT sat"');
  });

  it('fills {{vars}} in values', async () => {
    const r = await evaluateAssertion(spec('contains', 'Hello, {{user.name}}'), ctx('Hello, Ada!', { vars: { user: { name: 'Ada' } } }));
    assert.equal(r.pass, true);
    assert.equal(r.reason, 'output contains "Hello, Ada"');
  });

  it('contains-any / contains-all and case-insensitive forms, with lists or comma-separated text', async () => {
    assert.equal((await evaluateAssertion(spec('contains-any', ['x', 'sat']), ctx('a cat sat'))).pass, true);
    assert.equal((await evaluateAssertion(spec('contains-any', 'x, y'), ctx('a cat sat'))).reason, 'output contains none of "x", "y"; output: "a cat sat"');
    assert.equal((await evaluateAssertion(spec('contains-all', ['cat', 'sat']), ctx('a cat sat'))).pass, true);
    assert.equal((await evaluateAssertion(spec('contains-all', ['cat', 'mat', 'hat']), ctx('a cat sat'))).reason, 'output is missing "mat", "hat"; output: "a cat sat"');
    assert.equal((await evaluateAssertion(spec('icontains-any', ['CAT']), ctx('a cat'))).pass, true);
    assert.equal((await evaluateAssertion(spec('icontains-all', ['CAT', 'Sat']), ctx('a cat sat'))).pass, true);
    assert.equal((await evaluateAssertion(spec('icontains-all', ['CAT', 'dog']), ctx('a cat sat'))).reason, 'output is missing "dog" (ignoring case); output: "a cat sat"');
  });

  it('starts-with', async () => {
    assert.equal((await evaluateAssertion(spec('starts-with', 'Dear'), ctx('Dear Ada'))).pass, true);
    assert.equal((await evaluateAssertion(spec('starts-with', 'Dear'), ctx('Hi Ada, how are you today?'))).reason, 'output does not start with "Dear"; it starts with "Hi Ada, how are you toda"');
  });

  it('regex matches, names the pattern when it fails, honours flags, and reports a bad pattern as an error', async () => {
    assert.equal((await evaluateAssertion(spec('regex', '\\d{3}-\\d{4}'), ctx('call 555-1234'))).reason, 'output matches /\\d{3}-\\d{4}/ (matched "555-1234")');
    const r = await evaluateAssertion(spec('regex', '^\\d+$'), ctx('abc'));
    assert.equal(r.pass, false);
    assert.equal(r.reason, 'output does not match /^\\d+$/; output: "abc"');
    assert.equal((await evaluateAssertion(spec('regex', '^abc$', { flags: 'i' }), ctx('ABC'))).pass, true);
    const bad = await evaluateAssertion(spec('regex', '(unclosed'), ctx('x'));
    assert.equal(bad.pass, false);
    assert.match(bad.error ?? '', /^invalid regular expression \/\(unclosed\/: /);
  });

  it('regex with catastrophic backtracking is stopped by the time limit instead of hanging', async () => {
    const r = await evaluateAssertion(spec('regex', '^(a+)+$'), ctx(`${'a'.repeat(40)}!`, { timeoutMs: 100 }));
    assert.equal(r.pass, false);
    assert.equal(r.error, 'regex /^(a+)+$/ took longer than 100 ms and was stopped');
  });

  it('levenshtein within and beyond the threshold (default 5)', async () => {
    assert.equal((await evaluateAssertion(spec('levenshtein', 'kitten'), ctx('sitting'))).reason, 'edit distance 3 ≤ 5 from "kitten"');
    const r = await evaluateAssertion(spec('levenshtein', 'kitten', { threshold: 2 }), ctx('sitting'));
    assert.equal(r.pass, false);
    assert.equal(r.reason, 'edit distance 3 exceeds 2 from "kitten"; output: "sitting"');
    assert.equal(r.expected, 'kitten');
  });

  it('boundedLevenshtein agrees with the full algorithm and stays cheap on huge texts', () => {
    const full = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
      for (let j = 1; j <= b.length; j++) d[0][j] = j;
      for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      return d[a.length][b.length];
    };
    const words = ['', 'a', 'ab', 'abc', 'kitten', 'sitting', 'saturday', 'sunday', 'flaw', 'lawn', 'intention', 'execution'];
    for (const a of words) for (const b of words) for (const k of [0, 1, 2, 3, 5, 20]) {
      const want = full(a, b);
      assert.equal(boundedLevenshtein(a, b, k), want <= k ? want : Infinity, `${a}/${b}/${k}`);
    }
    const big = 'x'.repeat(2_000_000);
    assert.equal(boundedLevenshtein(big, `${big}yz`, 5), 2);
    const mid = 'ab'.repeat(100_000);
    assert.equal(boundedLevenshtein(`a${mid}b`, `c${mid}d`, 5), 2);
    assert.equal(boundedLevenshtein(`${mid}`, `${mid.slice(0, 1000)}zzzzzzzzz${mid.slice(1000)}`, 5), Infinity);
  });

  it('a missing value is an error result that says what to write', async () => {
    const r = await evaluateAssertion(spec('contains'), ctx('x'));
    assert.equal(r.error, 'contains needs a `value`: the text the output must contain');
    assert.equal(r.pass, false);
  });
});

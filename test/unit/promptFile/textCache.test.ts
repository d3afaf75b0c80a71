// The text-keyed caches of the parse (template pieces, frontmatter chunks) and the once-per-text checks that let the
// chunks skip their own: a shared fingerprint must cost a miss, never another text's value.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { fingerprint, TextCache } from '../../../src/core/promptFile/textCache';
import { passesFastCheck } from '../../../src/core/promptFile/yamlFast';

/** Two different texts of 200 characters with the same fingerprint: they differ at a character it does not sample. */
function collidingPair(): [string, string] {
  const a = 'x'.repeat(200);
  for (let i = 17; i < 184; i++) {
    const b = `${a.slice(0, i)}y${a.slice(i + 1)}`;
    if (fingerprint(b, 0) === fingerprint(a, 0)) return [a, b];
  }
  throw new Error('no unsampled character found');
}

function put<V>(cache: TextCache<V>, text: string, tag: number, value: V): void {
  cache.set(fingerprint(text, tag), text, tag, value);
}

function take<V>(cache: TextCache<V>, text: string, tag: number): V | undefined {
  return cache.get(fingerprint(text, tag), text, tag);
}

describe('TextCache: a cache keyed by long texts through a sampled fingerprint', () => {
  it('finds a value by an equal text, not only the same string object, and keeps tags apart', () => {
    const cache = new TextCache<string>(10);
    const text = 'line one\n{{name}}\n'.repeat(40);
    put(cache, text, 0, 'plain');
    put(cache, text, 3, 'indented');
    assert.equal(take(cache, `${text}`.slice(0), 0), 'plain');
    assert.equal(take(cache, text.split('').join(''), 3), 'indented');
    assert.equal(take(cache, text, 1), undefined);
    assert.equal(take(cache, `${text}x`, 0), undefined);
  });

  it('answers a miss, never the other value, for two texts that share a fingerprint', () => {
    const [a, b] = collidingPair();
    assert.notEqual(a, b);
    const cache = new TextCache<string>(10);
    put(cache, a, 0, 'A');
    assert.equal(take(cache, b, 0), undefined);
    put(cache, b, 0, 'B');
    assert.equal(take(cache, b, 0), 'B');
    assert.equal(take(cache, a, 0), undefined, 'the colliding entry was replaced');
  });

  it('holds at most its limit, dropping the least recently used entry', () => {
    const cache = new TextCache<number>(3);
    const texts = ['first text here', 'second text here', 'third text here', 'fourth text here'];
    put(cache, texts[0], 0, 0);
    put(cache, texts[1], 0, 1);
    put(cache, texts[2], 0, 2);
    assert.equal(take(cache, texts[0], 0), 0, 'used, so it becomes the most recent');
    put(cache, texts[3], 0, 3);
    assert.equal(cache.size, 3);
    assert.equal(take(cache, texts[1], 0), undefined, 'the least recently used went');
    assert.deepEqual([0, 2, 3].map((i) => take(cache, texts[i], 0)), [0, 2, 3]);
  });

  it('never answers with the value of a different text or tag, over 10,000 random operations', () => {
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...collidingPair()), fc.string({ minLength: 100, maxLength: 300 }));
    const op = fc.tuple(fc.boolean(), text, fc.integer({ min: 0, max: 2 }));
    fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const cache = new TextCache<string>(8);
      ops.forEach(([write, t, tag], i) => {
        if (write) {
          put(cache, t, tag, `${tag}\u0000${t}\u0000${i}`);
          return;
        }
        const v = take(cache, t, tag);
        if (v !== undefined) assert.equal(v.slice(0, v.lastIndexOf('\u0000')), `${tag}\u0000${t}`);
      });
    }), { numRuns: 10_000 });
  });
});

describe('passesFastCheck: the fast YAML reader\'s text check, made once for the whole frontmatter', () => {
  it('holds for every part cut at line starts whenever it holds for the whole text (so chunks may skip it)', () => {
    const piece = fc.constantFrom('a: 1', '- x', '---', '...', '%YAML', '\t', '\r', '\r\n', '\n', ' ', '#', 'é', '\u0085', '\ufeff', '"q"', 'b:');
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
      const text = parts.join('');
      if (!passesFastCheck(text)) return;
      const starts = [0];
      for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
      for (const from of starts) for (const to of [...starts, text.length]) {
        if (to > from) assert.ok(passesFastCheck(text.slice(from, to)), JSON.stringify(text.slice(from, to)));
      }
    }), { numRuns: 10_000 });
  });
});

import * as assert from 'node:assert/strict';
import { decodeCacheLine, decodeCheckedEntryLine, decodeEntryLine, encodeEntry, encodeUse, encodeUses, forEachUsedKey } from '../../../src/core/store/cacheLine';
import { checksummedLine } from '../../../src/core/store/segmentLine';
import type { CachedResponse } from '../../../src/core/store/types';

const K = 'ab'.repeat(32);
const OTHER = 'cd'.repeat(32);
const reply: CachedResponse = { text: 'hi', finishReason: 'stop', latencyMs: 5, model: 'm', storedAt: 1 };

/** Decodes a whole line (newline included) as `CacheIndex` does. */
function decode(line: string): ReturnType<typeof decodeCacheLine> {
  const buf = Buffer.from(line, 'utf8');
  return decodeCacheLine(buf, 0, buf.length - 1);
}

describe('cache lines', () => {
  it('decodes entries and uses as written, with large and zero times', () => {
    for (const [t, u] of [[1_700_000_000_000, 1_700_000_000_123], [0, 0], [7, 999_999_999_999_999]]) {
      const entry = decode(encodeEntry(K, t, u, reply));
      assert.deepEqual(entry, { kind: 'entry', key: K, storedAt: t, usedAt: u, bodyAt: encodeEntry(K, t, u, reply).indexOf('\t') + 1 });
      assert.deepEqual(decode(encodeUse(K, u)), { kind: 'use', key: K, usedAt: u });
    }
  });

  it('reads meta written in another shape (field order, spaces, fractions) through JSON', () => {
    const body = JSON.stringify({ text: 'x', finishReason: 'stop', latencyMs: 1, model: 'm' });
    assert.deepEqual(decode(checksummedLine(`{"u":5,"t":4,"k":"${K}"}\t${body}`)), { kind: 'entry', key: K, storedAt: 4, usedAt: 5, bodyAt: 9 + `{"u":5,"t":4,"k":"${K}"}`.length + 1 });
    assert.deepEqual(decode(checksummedLine(`{ "k": "${K}", "u": 2.5 }\t`)), { kind: 'use', key: K, usedAt: 2.5 });
    assert.deepEqual(decode(checksummedLine(`{"k":"${K}","u":1e3}\t`)), { kind: 'use', key: K, usedAt: 1000 });
    assert.deepEqual(decode(checksummedLine(`{"k":"${K}","u":1,"x":2}\t`)), { kind: 'use', key: K, usedAt: 1 });
  });

  it('writes the uses of many keys as one line per 4,096 keys, each naming every key once', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => i.toString(16).padStart(64, '0'));
    const lines = encodeUses(keys, 42);
    assert.equal(lines.length, 2);
    const seen: string[] = [];
    for (const line of lines) {
      const use = decode(line);
      assert.equal(use?.kind, 'use');
      assert.equal(use?.usedAt, 42);
      if (use?.kind === 'use') forEachUsedKey(use, (k) => seen.push(k));
    }
    assert.deepEqual(seen, keys);
    assert.deepEqual(encodeUses([K], 7), [encodeUse(K, 7)], 'one key is the plain use line');
  });

  it('a reader that predates batched uses sees a batch line as a use of its first key', () => {
    const line = encodeUses([K, OTHER], 9)[0];
    const meta = JSON.parse(line.slice(9, line.indexOf('\t'))) as Record<string, unknown>;
    // What the older decoder checked: a key, a numeric use time, no stored time, an empty body.
    assert.equal(meta.k, K);
    assert.equal(meta.u, 9);
    assert.equal(meta.t, undefined);
    assert.equal(line.endsWith('\t\n'), true);
  });

  it('rejects a batch of uses whose extra keys are not whole keys', () => {
    for (const ks of [OTHER.slice(1), OTHER.toUpperCase(), `${OTHER}x`, 5, [OTHER]]) {
      assert.equal(decode(checksummedLine(`${JSON.stringify({ k: K, u: 1, ks })}\t`)), undefined, JSON.stringify(ks));
    }
  });

  it('rejects meta that is not a cache line’s', () => {
    const bad = [
      `{"k":"${K.toUpperCase()}","u":1}\t`, // not cacheKey() output
      `{"k":"${K.slice(2)}","u":1}\t`, // short key
      `{"k":"${K}","u":"1"}\t`, // time as a string
      `{"k":"${K}","u":-}\t`, // not JSON
      `{"k":"${K}","t":1}\t{"text":"x"}`, // entry without a use time
      `{"k":"${K}","u":1}\t{"text":"x"}`, // a use with a body
      `{"k":"${K}","t":1,"u":2}\t`, // an entry without a body
      `{"k":"${K}","t":01,"u":2}\t{}`, // a leading zero is not JSON
    ];
    for (const meta of bad) assert.equal(decode(checksummedLine(meta)), undefined, meta);
  });

  it('a damaged byte anywhere in a line makes it undefined', () => {
    const line = Buffer.from(encodeEntry(K, 10, 20, reply), 'utf8');
    for (let i = 0; i < line.length - 1; i++) {
      const copy = Buffer.from(line);
      copy[i] ^= 0x01;
      assert.equal(decodeCacheLine(copy, 0, copy.length - 1), undefined, `byte ${i}`);
      assert.equal(decodeEntryLine(copy, K), undefined, `byte ${i}`);
    }
  });

  it('parses only the body of a line checked on load, and still refuses another key’s line or a cut one', () => {
    const line = Buffer.from(encodeEntry(K, 10, 20, reply), 'utf8');
    const { storedAt: _s, ...stored } = reply;
    assert.deepEqual(decodeCheckedEntryLine(line, K), stored);
    assert.deepEqual(decodeCheckedEntryLine(line.subarray(0, line.length - 1), K), stored, 'without its newline');
    assert.equal(decodeCheckedEntryLine(line, OTHER), undefined, 'another key’s line');
    assert.equal(decodeCheckedEntryLine(line.subarray(3), K), undefined, 'taken from the wrong offset');
    assert.equal(decodeCheckedEntryLine(line.subarray(0, line.length - 4), K), undefined, 'cut short');
    assert.equal(decodeCheckedEntryLine(Buffer.from(encodeUse(K, 1), 'utf8'), K), undefined, 'a use has no reply');
    const notReply = Buffer.from(checksummedLine(`{"k":"${K}","t":1,"u":2}\t{"error":"boom"}`), 'utf8');
    assert.equal(decodeCheckedEntryLine(notReply, K), undefined, 'an error is never a reply');
  });
});

import * as assert from 'node:assert/strict';
import { cacheKey, canonicalJson, redactEndpoint } from '../../../src/core/store/key';
import type { CacheKeyInput } from '../../../src/core/store/types';
import { crc32, crc32Portable } from '../../../src/core/store/crc32';

const base: CacheKeyInput = {
  provider: 'openai',
  endpoint: 'https://api.openai.com/v1',
  model: 'gpt-4o-mini',
  config: { temperature: 0, maxOutputTokens: 200 },
  messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
  output: { format: 'text' },
};

describe('cacheKey', () => {
  it('is a sha256 hex that does not depend on key order or undefined fields', () => {
    const k = cacheKey(base);
    assert.match(k, /^[0-9a-f]{64}$/);
    const reordered = { output: { format: 'text' as const }, messages: base.messages, config: { maxOutputTokens: 200, temperature: 0, topK: undefined }, model: base.model, endpoint: base.endpoint, provider: 'openai' };
    assert.equal(cacheKey(reordered), k);
  });

  it('is pinned, so a release does not silently invalidate every cache', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] }), '{"a":[{"d":2}],"b":1}');
    assert.equal(cacheKey(base), cacheKey(JSON.parse(JSON.stringify(base)) as CacheKeyInput));
    assert.equal(cacheKey(base), '8f2923e410b735657ef19ad42413f95044ee97fa91bf4983b81e5d673c65c037');
  });

  it('changes with everything that shapes the reply', () => {
    const k = cacheKey(base);
    const variants: CacheKeyInput[] = [
      { ...base, provider: 'azure' },
      { ...base, endpoint: 'http://localhost:11434' },
      { ...base, model: 'gpt-4o' },
      { ...base, config: { ...base.config, temperature: 0.5 } },
      { ...base, messages: [{ role: 'user', content: [{ text: 'Hi!' }] }] },
      { ...base, messages: [{ role: 'system', content: [{ text: 'Hi' }] }] },
      { ...base, output: { format: 'json' } },
      { ...base, output: { format: 'json', schema: { type: 'object' } } },
    ];
    const keys = new Set(variants.map(cacheKey));
    assert.equal(keys.size, variants.length);
    assert.ok(!keys.has(k));
  });

  it('never includes credentials: keys in config and in the endpoint do not change it', () => {
    const k = cacheKey(base);
    assert.equal(cacheKey({ ...base, config: { ...base.config, apiKey: 'sk-secret-1', headers: { Authorization: 'Bearer sk-secret-2' } } }), k);
    const gemini = { ...base, endpoint: 'https://generativelanguage.googleapis.com/v1beta?key=AIza-secret' };
    assert.equal(cacheKey(gemini), cacheKey({ ...gemini, endpoint: 'https://generativelanguage.googleapis.com/v1beta?key=other' }));
    assert.equal(redactEndpoint('https://user:pw@host.example/v1?api-version=2024-06-01&key=s3cret'), 'https://host.example/v1?api-version=2024-06-01');
    assert.ok(!canonicalJson({ config: { api_key: 'sk-x', password: 'p', nested: { access_token: 't' } } }).includes('sk-x'));
  });

  it('keeps maxOutputTokens (a parameter, not a credential)', () => {
    assert.notEqual(cacheKey({ ...base, config: { maxOutputTokens: 10 } }), cacheKey({ ...base, config: { maxOutputTokens: 20 } }));
  });
});

describe('crc32', () => {
  it('the portable table matches zlib on assorted inputs', () => {
    for (const text of ['', 'a', '123456789', 'é漢字🙂', 'x'.repeat(100_000)]) {
      const data = Buffer.from(text, 'utf8');
      assert.equal(crc32Portable(data), crc32(data), text.slice(0, 10));
    }
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });
});

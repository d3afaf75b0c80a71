// The shared HTTP policy pieces: Retry-After parsing, backoff, the adaptive limiter, SSE/NDJSON readers.
import * as assert from 'node:assert/strict';
import { backoffDelayMs, isRetryableStatus, retryAfterMs, abortableSleep } from '../../../src/core/providers/retry';
import { AdaptiveLimiter } from '../../../src/core/providers/limiter';
import { readSse } from '../../../src/core/providers/sse';
import { readNdjson } from '../../../src/core/providers/ndjson';
import { formatSeconds } from '../../../src/core/providers/http';
import { isProviderError } from '../../../src/core/providers/errors';

const headers = (h: Record<string, string>) => new Headers(h);
const now = Date.parse('2025-06-01T12:00:00Z');

function bodyOf(pieces: readonly string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const p of pieces) controller.enqueue(enc.encode(p));
      controller.close();
    },
  });
}

const ctx = { provider: 'p', label: 'P', endpoint: 'http://x', maxBytes: 1000 };

describe('policy: retry decisions', () => {
  it('retries exactly the transient statuses', () => {
    for (const s of [408, 409, 429, 500, 502, 503, 504, 529]) assert.ok(isRetryableStatus(s), String(s));
    for (const s of [400, 401, 403, 404, 413, 422, 501]) assert.ok(!isRetryableStatus(s), String(s));
  });

  it('reads Retry-After as seconds, an HTTP date, or ms', () => {
    assert.equal(retryAfterMs(headers({ 'retry-after': '7' }), now), 7000);
    assert.equal(retryAfterMs(headers({ 'retry-after': '1.5' }), now), 1500);
    assert.equal(retryAfterMs(headers({ 'retry-after': new Date(now + 12_000).toUTCString() }), now), 12_000);
    assert.equal(retryAfterMs(headers({ 'retry-after': new Date(now - 5000).toUTCString() }), now), 0);
    assert.equal(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now), 250);
    assert.equal(retryAfterMs(headers({}), now), undefined);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'soon' }), now), undefined);
  });

  it('reads the providers\' rate-limit reset headers', () => {
    assert.equal(retryAfterMs(headers({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s' }), now), 1000, 'soonest when none is known exhausted');
    assert.equal(retryAfterMs(headers({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s', 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-remaining-requests': '12' }), now), 360_000, 'the exhausted limit');
    assert.equal(retryAfterMs(headers({ 'x-ratelimit-reset-tokens': '250ms' }), now), 250);
    assert.equal(retryAfterMs(headers({ 'x-ratelimit-reset-tokens': '250ms' }), now, false), undefined, 'ignored unless the answer was a 429');
    assert.equal(retryAfterMs(headers({ 'x-ratelimit-reset-tokens': '1h2m3.5s' }), now), 3_723_500);
    assert.equal(retryAfterMs(headers({ 'anthropic-ratelimit-requests-reset': new Date(now + 4000).toISOString() }), now), 4000);
  });

  it('backs off exponentially with bounded jitter', () => {
    assert.equal(backoffDelayMs(1, 0), 250);
    assert.equal(backoffDelayMs(1, 0.999), 500);
    assert.equal(backoffDelayMs(3, 1), 2000);
    assert.equal(backoffDelayMs(10, 1), 8000, 'capped');
    for (let r = 1; r < 8; r++) {
      const d = backoffDelayMs(r, Math.random());
      assert.ok(d >= Math.min(8000, 500 * 2 ** (r - 1)) / 2 && d <= 8000);
    }
  });

  it('abortableSleep rejects as soon as the signal aborts', async () => {
    const c = new AbortController();
    const p = abortableSleep(60_000, c.signal);
    c.abort(new Error('stop'));
    await assert.rejects(p, /stop/);
  });

  it('formats durations for messages', () => {
    assert.equal(formatSeconds(250), '250 ms');
    assert.equal(formatSeconds(1500), '1.5 s');
    assert.equal(formatSeconds(31_200), '31 s');
  });
});

describe('policy: adaptive limiter', () => {
  it('holds requests beyond the limit and releases them in order', async () => {
    const l = new AdaptiveLimiter(2);
    const r1 = await l.acquire();
    const r2 = await l.acquire();
    let third = false;
    const p3 = l.acquire().then((r) => { third = true; return r; });
    await new Promise((r) => setImmediate(r));
    assert.equal(third, false);
    r1();
    const r3 = await p3;
    assert.equal(l.inFlight, 2);
    r2();
    r3();
    r3();
    assert.equal(l.inFlight, 0, 'release is idempotent');
  });

  it('halves on 429 and recovers one step per run of successes', () => {
    const l = new AdaptiveLimiter(8, 3);
    l.onRateLimited();
    assert.equal(l.limit, 4);
    l.onRateLimited();
    l.onRateLimited();
    l.onRateLimited();
    assert.equal(l.limit, 1, 'never below 1');
    for (let i = 0; i < 3; i++) l.onSuccess();
    assert.equal(l.limit, 2);
    for (let i = 0; i < 100; i++) l.onSuccess();
    assert.equal(l.limit, 8, 'never above max');
  });

  it('a waiting acquire is dropped when its signal aborts', async () => {
    const l = new AdaptiveLimiter(1);
    const held = await l.acquire();
    const c = new AbortController();
    const waiting = l.acquire(c.signal);
    c.abort(new Error('gone'));
    await assert.rejects(waiting, /gone/);
    held();
    assert.equal(l.inFlight, 0);
  });
});

describe('policy: stream readers', () => {
  it('SSE events survive arbitrary chunk splits, CRLF, comments and multi-line data', async () => {
    const text = ': keep-alive\r\nevent: a\r\ndata: {"x":\r\ndata: 1}\r\n\r\ndata: [DONE]\n\n';
    for (let split = 1; split < text.length; split += 3) {
      const events: string[] = [];
      await readSse(bodyOf([text.slice(0, split), text.slice(split)]), ctx, (e) => events.push(`${e.event ?? ''}|${e.data}`));
      assert.deepEqual(events, ['a|{"x":\n1}', '|[DONE]'], `split at ${split}`);
    }
  });

  it('NDJSON lines survive splits and a missing final newline', async () => {
    const lines: string[] = [];
    await readNdjson(bodyOf(['{"a":1}\n{"b"', ':2}\r\n\n{"c":3}']), ctx, (l) => lines.push(l));
    assert.deepEqual(lines, ['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('stops reading past the size limit with a clear error', async () => {
    await assert.rejects(readNdjson(bodyOf(['x'.repeat(600), 'y'.repeat(600)]), ctx, () => undefined), (e: unknown) => isProviderError(e) && e.kind === 'bad-response' && /larger than 1 KB/.test(e.message));
  });
});

// Contract tests: every provider through success, streaming, JSON output, each fault, cancellation and timeout,
// against the mock server that validates the wire shapes.
import * as assert from 'node:assert/strict';
import { startMockLlm, type MockLlm } from '../../fixtures/mockLlm/server';
import { faultCases, makeClient, providerCases, request, run, runFaultCase } from './harness';

describe('provider contract (against the mock LLM server)', function () {
  this.timeout(10_000);
  let mock: MockLlm;
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown): void => { unhandled.push(e); };

  before(async () => {
    mock = await startMockLlm();
    process.on('unhandledRejection', onUnhandled);
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await mock.close();
  });
  beforeEach(() => mock.reset());
  afterEach(() => {
    assert.deepEqual(mock.validationErrors, [], 'the client sent a request the real API would reject');
    assert.deepEqual(unhandled, [], 'no unhandled rejections');
  });

  for (const c of providerCases) {
    describe(c.id, () => {
      it('answers a plain request with text, finish reason, usage and redacted raw metadata', async () => {
        const { client } = makeClient(mock, c);
        const r = await client.chat(request());
        assert.equal(r.text, 'Mock answer to: Summarise the quarterly report');
        assert.equal(r.finishReason, 'stop');
        assert.equal(r.attempts, 1);
        assert.ok(r.usage?.inputTokens && r.usage.inputTokens > 0);
        assert.equal(r.usage?.totalTokens, (r.usage?.inputTokens ?? 0) + (r.usage?.outputTokens ?? 0));
        assert.equal(r.raw['provider'], c.id);
        assert.ok(r.latencyMs >= 0);
        assert.equal(mock.requests.length, 1);
      });

      it('streams incremental chunks that add up to the text, with usage', async () => {
        const { client } = makeClient(mock, c);
        const chunks: string[] = [];
        const r = await client.chat(request({ stream: true, onChunk: (d) => chunks.push(d) }));
        assert.ok(chunks.length > 1, `expected several chunks, got ${chunks.length}`);
        assert.equal(chunks.join(''), r.text);
        assert.equal(r.text, 'Mock answer to: Summarise the quarterly report');
        assert.ok(r.usage?.outputTokens && r.usage.outputTokens > 0);
        assert.equal(mock.requests[0]?.stream, true);
      });

      it('asks for JSON output (with the schema) and returns the JSON text', async () => {
        const { client } = makeClient(mock, c);
        const schema = { type: 'object', properties: { sentiment: { type: 'string', enum: ['positive', 'negative'] }, score: { type: 'number' } }, required: ['sentiment'], additionalProperties: false };
        const r = await client.chat(request({ output: { format: 'json', schema } }));
        assert.equal(mock.requests[0]?.wantsJson, true);
        assert.deepEqual(JSON.parse(r.text), { sentiment: 'positive', score: 'Summarise the quarterly report'.length });
      });

      it('sends the prompt config under the API\'s own field names', async () => {
        const { client } = makeClient(mock, c);
        // Anthropic has no seed; the mock rejects unknown fields as the real API does.
        await client.chat(request({ config: { temperature: 0.3, maxOutputTokens: 64, topP: 0.9, stopSequences: ['END'], ...(c.id === 'anthropic' ? {} : { seed: 7 }) } }));
        const body = mock.requests[0]?.body as Record<string, unknown>;
        const expected: Record<string, () => void> = {
          openai: () => assert.deepEqual([body['temperature'], body['max_completion_tokens'], body['top_p'], body['stop'], body['seed']], [0.3, 64, 0.9, ['END'], 7]),
          azure: () => assert.deepEqual([body['temperature'], body['max_completion_tokens'], body['model']], [0.3, 64, undefined]),
          local: () => assert.deepEqual([body['max_tokens'], body['model']], [64, 'test-model']),
          anthropic: () => assert.deepEqual([body['max_tokens'], body['stop_sequences'], body['system'], body['top_p']], [64, ['END'], 'You are terse.', 0.9]),
          gemini: () => assert.deepEqual([body['generationConfig'], body['systemInstruction']], [{ temperature: 0.3, maxOutputTokens: 64, topP: 0.9, stopSequences: ['END'], seed: 7 }, { parts: [{ text: 'You are terse.' }] }]),
          ollama: () => assert.deepEqual([body['options'], body['stream']], [{ temperature: 0.3, num_predict: 64, top_p: 0.9, stop: ['END'], seed: 7 }, false]),
        };
        expected[c.id]();
      });

      it('sends image media parts in the API\'s shape', async () => {
        const { client } = makeClient(mock, c);
        const png = 'data:image/png;base64,iVBORw0KGgo=';
        await client.chat(request({ messages: [{ role: 'user', content: [{ text: 'Describe' }, { media: { url: png } }] }] }));
        const sent = JSON.stringify(mock.requests[0]?.body);
        assert.ok(sent.includes('iVBORw0KGgo='), sent);
      });

      it('onReceived: once the reply is in and before it is parsed; every fault ends as without it', async () => {
        for (const f of faultCases) {
          const without = await runFaultCase(mock, c, f);
          let calls = 0;
          let turned = false;
          const withHook = await runFaultCase(mock, c, f, {
            onReceived: () => {
              calls++;
              // Runs before the client finishes only if the client parses in a later turn of the event loop.
              setImmediate(() => { turned = true; });
            },
          });
          assert.equal(withHook.label, without.label, f.name);
          if (!withHook.outcome.ok) assert.equal(withHook.outcome.error.message.replace(/\d+(\.\d)? s\b/g, 'N s'), !without.outcome.ok ? without.outcome.error.message.replace(/\d+(\.\d)? s\b/g, 'N s') : '', f.name);
          // A reply that arrived whole (parsed or not) is announced once; an error status, a broken connection or a
          // stream that failed while it was read is not.
          const arrived = withHook.outcome.ok || (!f.stream && f.faults.some((x) => x.kind === 'malformed-json'));
          assert.equal(calls, arrived ? 1 : 0, f.name);
          if (withHook.outcome.ok && !f.stream) assert.ok(turned, `${f.name}: the reply is parsed after the next turn`);
        }
      });

      for (const f of faultCases) {
        it(`fault: ${f.name} → ${f.expect}`, async () => {
          const { outcome, harness } = await runFaultCase(mock, c, f);
          if (f.expect === 'ok' || (f.expect === 'ok|network' && outcome.ok)) {
            assert.ok(outcome.ok, outcome.ok ? '' : `expected success, got ${outcome.error.kind}: ${outcome.error.message}`);
            assert.equal(outcome.response.attempts, f.faults.length + 1);
            assert.equal(outcome.response.text, 'Mock answer to: Summarise the quarterly report');
            assert.equal(harness.sleeps.length, f.faults.length);
            return;
          }
          assert.ok(!outcome.ok, `expected ${f.expect}, got success`);
          const err = outcome.error;
          if (f.expect === 'ok|network') {
            assert.equal(err.kind, 'network');
            assert.ok(outcome.chunks.length > 0, 'a mid-stream reset is only final once text has streamed');
            assert.match(err.message, /not retried because part of the answer had already streamed/);
            return;
          }
          assert.equal(err.kind, f.expect, err.message);
          assert.equal(err.provider, c.id);
          assert.ok(err.message.length > 10);
          if (f.expect === 'rate-limit' || f.expect === 'server') {
            assert.equal(err.attempts, 4);
            assert.match(err.message, /gave up after 4 attempts over \d+(\.\d)? s/);
          } else {
            assert.equal(err.attempts, 1, 'this fault is not retried');
          }
          if (f.expect === 'timeout' || f.expect === 'cancelled') {
            await waitFor(() => mock.requests[0]?.closedByClient === true);
          }
        });
      }
    });
  }

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const c = providerCases[0];
    const secs = await runFaultCase(mock, c, faultCases[0]);
    assert.deepEqual(secs.harness.sleeps, [2000]);
    const date = await runFaultCase(mock, c, { ...faultCases[1], faults: [{ kind: 'rate-limit', retryAfter: new Date(Date.now() + 3000).toUTCString() }] });
    assert.equal(date.harness.sleeps.length, 1);
    assert.ok(date.harness.sleeps[0] > 1000 && date.harness.sleeps[0] <= 3000, String(date.harness.sleeps[0]));
  });

  it('backs off exponentially without Retry-After', async () => {
    mock.script({ fault: { kind: 'status', status: 500 } }, { fault: { kind: 'status', status: 502 } }, { fault: { kind: 'status', status: 503 } });
    const h = makeClient(mock, providerCases[2]);
    const r = await h.client.chat(request());
    assert.equal(r.attempts, 4);
    assert.deepEqual(h.sleeps, [375, 750, 1500]);
    assert.equal(h.logs.length, 3);
  });

  it('cancellation closes the socket at once, even mid-stream', async () => {
    mock.script({ fault: { kind: 'hang' } });
    const h = makeClient(mock, providerCases[0]);
    const controller = new AbortController();
    const chunks: string[] = [];
    const pending = run(h.client, request({ stream: true, signal: controller.signal, onChunk: (d) => { chunks.push(d); } }));
    await waitFor(() => mock.requests.length === 1);
    controller.abort();
    const outcome = await pending;
    assert.ok(!outcome.ok && outcome.error.kind === 'cancelled');
    await waitFor(() => mock.requests[0].closedByClient);
  });

  it('an already-aborted signal sends nothing', async () => {
    const h = makeClient(mock, providerCases[3]);
    const outcome = await run(h.client, request({ signal: AbortSignal.abort() }));
    assert.ok(!outcome.ok && outcome.error.kind === 'cancelled');
    assert.equal(mock.requests.length, 0);
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(cond(), 'condition not reached within 2 s');
}

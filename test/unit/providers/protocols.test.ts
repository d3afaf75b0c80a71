// Wire-protocol details that the fault matrix does not reach: mid-stream error events, finish-reason mapping,
// role merging, schema reduction and media the API cannot take.
import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../src/core/io';
import { anthropicProtocol } from '../../../src/core/providers/anthropic';
import { geminiProtocol, toGeminiSchema } from '../../../src/core/providers/gemini';
import { ollamaProtocol } from '../../../src/core/providers/ollama';
import { openAiProtocol } from '../../../src/core/providers/openai';
import { isProviderError } from '../../../src/core/providers/errors';
import type { WireProtocol } from '../../../src/core/providers/client';
import { request } from './harness';

const o = { provider: 'p', label: 'P', endpoint: 'http://x', logger: silentLogger };
const openai = openAiProtocol({ ...o, flavour: 'openai', route: () => ({ url: 'http://x/chat/completions', headers: {}, sendModel: true }) });
const anthropic = anthropicProtocol(o);
const gemini = geminiProtocol(o);
const ollama = ollamaProtocol(o);

function throwsKind(fn: () => unknown, kind: string, re: RegExp): void {
  assert.throws(fn, (e: unknown) => isProviderError(e) && e.kind === kind && re.test(e.message));
}

describe('wire protocols', () => {
  it('turn mid-stream error events into clear errors', () => {
    throwsKind(() => openai.stream().onEvent('{"error":{"message":"boom"}}', undefined), 'server', /reported an error mid-stream: boom/);
    throwsKind(() => anthropic.stream().onEvent('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'error'), 'server', /Overloaded/);
    throwsKind(() => gemini.stream().onEvent('{"error":{"code":500,"message":"internal"}}', undefined), 'server', /internal/);
    throwsKind(() => ollama.stream().onEvent('{"error":"model \\"x\\" not found"}', undefined), 'server', /model "x" not found/);
  });

  it('map finish reasons onto the common words', () => {
    const finish = (p: WireProtocol, body: unknown): string => p.parse(body).finishReason;
    assert.equal(finish(anthropic, { content: [{ type: 'text', text: 'a' }], stop_reason: 'max_tokens' }), 'length');
    assert.equal(finish(anthropic, { content: [], stop_reason: 'end_turn' }), 'stop');
    assert.equal(finish(gemini, { candidates: [{ content: { parts: [{ text: 'a' }] }, finishReason: 'MAX_TOKENS' }] }), 'length');
    assert.equal(finish(gemini, { candidates: [{ content: { parts: [] }, finishReason: 'SAFETY' }] }), 'content_filter');
    assert.equal(finish(gemini, { promptFeedback: { blockReason: 'SAFETY' } }), 'content_filter');
    assert.equal(finish(openai, { choices: [{ message: { content: null, refusal: 'no' }, finish_reason: 'stop' }] }), 'content_filter');
  });

  it('reject answers with no content instead of returning empty text', () => {
    throwsKind(() => openai.parse({ choices: [] }), 'bad-response', /without a choice/);
    throwsKind(() => gemini.parse({ candidates: [] }), 'bad-response', /without a candidate/);
    throwsKind(() => anthropic.parse({ id: 'x' }), 'bad-response', /without content/);
  });

  it('merge consecutive same-role turns for Anthropic and Gemini', () => {
    const req = request({ messages: [{ role: 'user', content: [{ text: 'a' }] }, { role: 'user', content: [{ text: 'b' }] }, { role: 'model', content: [{ text: 'c' }] }] });
    const a = anthropic.build(req, false, 'k').body['messages'] as { role: string; content: unknown[] }[];
    assert.deepEqual(a.map((m) => [m.role, m.content.length]), [['user', 2], ['assistant', 1]]);
    const g = gemini.build(req, false, 'k').body['contents'] as { role: string; parts: unknown[] }[];
    assert.deepEqual(g.map((m) => [m.role, m.parts.length]), [['user', 2], ['model', 1]]);
  });

  it('refuse a prompt with only a system message for APIs that need a user turn', () => {
    const req = request({ messages: [{ role: 'system', content: [{ text: 'only' }] }] });
    throwsKind(() => anthropic.build(req, false, 'k'), 'bad-request', /needs at least one user message/);
    throwsKind(() => gemini.build(req, false, 'k'), 'bad-request', /needs at least one user message/);
  });

  it('refuse media the API cannot take, before sending', () => {
    const audio = request({ messages: [{ role: 'user', content: [{ media: { url: 'data:audio/ogg;base64,AAAA' } }] }] });
    throwsKind(() => ollama.build(audio, false, undefined), 'bad-request', /cannot take the media part data:audio\/ogg;base64,….*only images/);
    throwsKind(() => anthropic.build(audio, false, 'k'), 'bad-request', /images and PDF/);
    throwsKind(() => openai.build(audio, false, 'k'), 'bad-request', /wav\/mp3 audio/);
    const remote = request({ messages: [{ role: 'user', content: [{ media: { url: 'https://example.com/cat.png' } }] }] });
    assert.deepEqual((gemini.build(remote, false, 'k').body['contents'] as { parts: unknown[] }[])[0].parts, [{ fileData: { mimeType: 'image/png', fileUri: 'https://example.com/cat.png' } }]);
  });

  it('reduce JSON Schema to what Gemini accepts', () => {
    assert.deepEqual(toGeminiSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', additionalProperties: false,
      properties: { name: { type: ['string', 'null'] }, tags: { type: 'array', items: { type: 'string', $comment: 'x' } } }, required: ['name'],
    }), { type: 'object', properties: { name: { type: 'string', nullable: true }, tags: { type: 'array', items: { type: 'string' } } }, required: ['name'] });
  });

  it('a stream that never sent its final event is an error, not a short answer', () => {
    const s = anthropic.stream();
    s.onEvent('{"type":"message_start","message":{"model":"m","usage":{"input_tokens":3}}}', 'message_start');
    s.onEvent('{"type":"content_block_delta","delta":{"type":"text_delta","text":"hi"}}', 'content_block_delta');
    throwsKind(() => s.finish(), 'bad-response', /ended before the response was complete \(no message_stop event\)/);
  });
});

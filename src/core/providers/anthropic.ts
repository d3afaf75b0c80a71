// Anthropic Messages API: system prompt as a top-level field, max_tokens required, content blocks, typed SSE events.
import type { ChatRequest } from './types';
import type { Message } from '../promptFile/model';
import type { Logger } from '../io';
import type { Parsed, StreamState, WireProtocol } from './client';
import { ProviderError } from './errors';
import { asArray, asNumber, asObject, asString, mapConfig, mediaInfo, mergeSameRole, parseEventJson, textOf, truncatedStream, unsupportedMedia, usageOf, type Json } from './wire';

export const anthropicVersion = '2023-06-01';
/** Used when the prompt sets no maxOutputTokens, since the API requires one. */
export const defaultAnthropicMaxTokens = 4096;

interface Options {
  readonly provider: string;
  readonly label: string;
  readonly endpoint: string;
  readonly logger: Logger;
}

const finishMap: Record<string, string> = { end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', tool_use: 'tool_calls', refusal: 'content_filter', pause_turn: 'pause_turn' };

/** The Messages API wire protocol. */
export function anthropicProtocol(o: Options): WireProtocol {
  const fail = (message: string, detail?: string): ProviderError => new ProviderError({ kind: 'bad-response', provider: o.provider, endpoint: o.endpoint, message, detail });
  return {
    streamFormat: 'sse',
    build(request: ChatRequest, stream: boolean, apiKey: string | undefined) {
      const { mapped, passThrough } = mapConfig(request.config, { temperature: 'temperature', topP: 'top_p', topK: 'top_k', stopSequences: 'stop_sequences', maxOutputTokens: 'max_tokens' });
      const system = request.messages.filter((m) => m.role === 'system').map(textOf);
      if (request.output.format === 'json') {
        // The Messages API has no JSON mode; an explicit instruction is the documented way to get bare JSON.
        system.push(`Respond with a single JSON value and nothing else: no prose, no code fences.${request.output.schema ? ` It must match this JSON Schema: ${JSON.stringify(request.output.schema)}` : ''}`);
      }
      const turns = mergeSameRole(request.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role === 'model' ? 'assistant' : 'user', parts: toBlocks(m, o) })));
      if (turns.length === 0) {
        throw new ProviderError({ kind: 'bad-request', provider: o.provider, endpoint: o.endpoint, message: `${o.label} needs at least one user message; the prompt rendered only a system message` });
      }
      const body: Json = { ...passThrough, model: request.model, max_tokens: defaultAnthropicMaxTokens, ...mapped, messages: turns.map((t) => ({ role: t.role, content: t.parts })) };
      if (system.length > 0) body['system'] = system.join('\n\n');
      if (stream) body['stream'] = true;
      const headers: Record<string, string> = { 'anthropic-version': anthropicVersion };
      if (apiKey !== undefined) headers['x-api-key'] = apiKey;
      return { url: `${o.endpoint}/v1/messages`, headers, body };
    },
    parse(body: unknown): Parsed {
      const m = asObject(body);
      if (!m || !Array.isArray(m['content'])) throw fail(`${o.label} answered without content at ${o.endpoint}`, JSON.stringify(body).slice(0, 2000));
      const text = asArray(m['content']).map((b) => { const blk = asObject(b); return blk?.['type'] === 'text' ? asString(blk['text']) ?? '' : ''; }).join('');
      const usage = asObject(m['usage']);
      const stop = asString(m['stop_reason']);
      return {
        text,
        finishReason: stop === undefined ? 'unknown' : finishMap[stop] ?? stop,
        usage: usage ? usageOf(asNumber(usage['input_tokens']), asNumber(usage['output_tokens'])) : undefined,
        model: asString(m['model']),
        raw: { id: m['id'], model: m['model'], stop_reason: stop },
      };
    },
    stream(): StreamState {
      let text = '';
      let input: number | undefined;
      let output: number | undefined;
      let stop: string | undefined;
      let model: string | undefined;
      let id: unknown;
      let ended = false;
      return {
        onEvent(data, event) {
          const e = parseEventJson(data, o.label, o.provider, o.endpoint);
          const type = asString(e['type']) ?? event;
          if (type === 'error') {
            const err = asObject(e['error']);
            const overloaded = asString(err?.['type']) === 'overloaded_error';
            throw new ProviderError({ kind: overloaded ? 'server' : 'bad-response', provider: o.provider, endpoint: o.endpoint, message: `${o.label} reported an error mid-stream: ${asString(err?.['message']) ?? 'unknown error'}`, detail: data.slice(0, 2000) });
          }
          if (type === 'message_start') {
            const msg = asObject(e['message']);
            model = asString(msg?.['model']);
            id = msg?.['id'];
            const u = asObject(msg?.['usage']);
            input = asNumber(u?.['input_tokens']);
            output = asNumber(u?.['output_tokens']) ?? output;
          } else if (type === 'content_block_delta') {
            const delta = asObject(e['delta']);
            if (delta?.['type'] === 'text_delta') {
              const piece = asString(delta['text']) ?? '';
              text += piece;
              return piece;
            }
          } else if (type === 'message_delta') {
            stop = asString(asObject(e['delta'])?.['stop_reason']) ?? stop;
            const u = asObject(e['usage']);
            output = asNumber(u?.['output_tokens']) ?? output;
            input = asNumber(u?.['input_tokens']) ?? input;
          } else if (type === 'message_stop') {
            ended = true;
          }
          return undefined;
        },
        finish() {
          if (!ended) throw truncatedStream(o.label, o.provider, o.endpoint, 'message_stop event');
          return { text, finishReason: stop === undefined ? 'unknown' : finishMap[stop] ?? stop, usage: usageOf(input, output), model, raw: { id, model, stop_reason: stop } };
        },
      };
    },
  };
}

function toBlocks(m: Message, o: Options): Json[] {
  return m.content.map((p): Json => {
    if ('text' in p) return { type: 'text', text: p.text };
    const info = mediaInfo(p);
    const source: Json = info.base64 !== undefined ? { type: 'base64', media_type: info.contentType, data: info.base64 } : { type: 'url', url: info.url };
    if (info.contentType.startsWith('image/')) return { type: 'image', source };
    if (info.contentType === 'application/pdf') return { type: 'document', source };
    throw unsupportedMedia(o.label, o.provider, o.endpoint, info, 'images and PDF documents are supported');
  });
}

// OpenAI Chat Completions, also spoken by Azure OpenAI and every OpenAI-compatible server (LM Studio, vLLM,
// llama.cpp, OpenRouter, Together…). Plain fetch: see docs/architecture.md for why not the SDK.
import type { ChatRequest } from './types';
import type { Message } from '../promptFile/model';
import type { Logger } from '../io';
import type { Parsed, StreamState, WireProtocol, WireRequest } from './client';
import { ProviderError } from './errors';
import { asArray, asNumber, asObject, asString, mapConfig, mediaInfo, parseEventJson, truncatedStream, unsupportedMedia, usageOf, type Json } from './wire';

export type OpenAiFlavour = 'openai' | 'azure' | 'compatible';

export interface OpenAiProtocolOptions {
  readonly provider: string;
  readonly label: string;
  readonly flavour: OpenAiFlavour;
  /** Builds the full URL and auth headers for a request (differs between OpenAI and Azure). */
  readonly route: (model: string, apiKey: string | undefined) => { url: string; headers: Record<string, string>; sendModel: boolean };
  readonly endpoint: string;
  readonly logger: Logger;
}

/** The Chat Completions wire protocol. */
export function openAiProtocol(o: OpenAiProtocolOptions): WireProtocol {
  return {
    streamFormat: 'sse',
    build(request: ChatRequest, stream: boolean, apiKey: string | undefined): WireRequest {
      const { url, headers, sendModel } = o.route(request.model, apiKey);
      const { mapped, passThrough, dropped } = mapConfig(request.config, {
        temperature: 'temperature',
        topP: 'top_p',
        stopSequences: 'stop',
        maxOutputTokens: o.flavour === 'compatible' ? 'max_tokens' : 'max_completion_tokens',
        topK: o.flavour === 'compatible' ? 'top_k' : null,
      });
      if (dropped.length > 0) o.logger.warn(`${o.label} has no ${dropped.join(', ')} setting; ignored it`);
      const body: Json = { ...passThrough, ...mapped, messages: request.messages.map((m) => toOpenAiMessage(m, o)) };
      if (sendModel) body['model'] = request.model;
      if (request.output.format === 'json') {
        body['response_format'] = request.output.schema
          ? { type: 'json_schema', json_schema: { name: 'output', schema: request.output.schema, strict: false } }
          : { type: 'json_object' };
      }
      if (stream) {
        body['stream'] = true;
        body['stream_options'] = { include_usage: true };
      }
      return { url, headers, body };
    },
    parse(body: unknown): Parsed {
      const o2 = asObject(body);
      const choice = asObject(asArray(o2?.['choices'])[0]);
      const message = asObject(choice?.['message']);
      if (!o2 || !choice || !message) {
        throw new ProviderError({ kind: 'bad-response', provider: o.provider, endpoint: o.endpoint, message: `${o.label} answered without a choice or message at ${o.endpoint}`, detail: JSON.stringify(body).slice(0, 2000) });
      }
      const refusal = asString(message['refusal']);
      const text = asString(message['content']) ?? refusal ?? '';
      return {
        text,
        finishReason: refusal && !asString(message['content']) ? 'content_filter' : asString(choice['finish_reason']) ?? 'unknown',
        usage: usageFrom(o2['usage']),
        model: asString(o2['model']),
        raw: rawFrom(o2),
      };
    },
    stream: () => openAiStream(o),
  };
}

function usageFrom(u: unknown): ReturnType<typeof usageOf> {
  const usage = asObject(u);
  return usage ? usageOf(asNumber(usage['prompt_tokens']), asNumber(usage['completion_tokens']), asNumber(usage['total_tokens'])) : undefined;
}

function rawFrom(o: Json): Json {
  const raw: Json = {};
  for (const k of ['id', 'model', 'system_fingerprint', 'service_tier', 'created']) if (o[k] !== undefined && o[k] !== null) raw[k] = o[k];
  return raw;
}

function openAiStream(o: OpenAiProtocolOptions): StreamState {
  let text = '';
  let finish: string | undefined;
  let usage: ReturnType<typeof usageOf>;
  let model: string | undefined;
  let raw: Json = {};
  let done = false;
  return {
    onEvent(data) {
      if (data.trim() === '[DONE]') {
        done = true;
        return undefined;
      }
      const chunk = parseEventJson(data, o.label, o.provider, o.endpoint);
      const err = asObject(chunk['error']);
      if (err) {
        throw new ProviderError({ kind: 'server', provider: o.provider, endpoint: o.endpoint, message: `${o.label} reported an error mid-stream: ${asString(err['message']) ?? 'unknown error'}`, detail: data.slice(0, 2000) });
      }
      model ??= asString(chunk['model']);
      if (Object.keys(raw).length === 0) raw = rawFrom(chunk);
      usage = usageFrom(chunk['usage']) ?? usage;
      const choice = asObject(asArray(chunk['choices'])[0]);
      if (!choice) return undefined;
      finish = asString(choice['finish_reason']) ?? finish;
      const delta = asObject(choice['delta']);
      const piece = asString(delta?.['content']) ?? asString(delta?.['refusal']);
      if (piece !== undefined) text += piece;
      return piece;
    },
    finish() {
      // Some compatible servers omit [DONE]; a finish_reason is then proof enough that the answer is whole.
      if (!done && finish === undefined) throw truncatedStream(o.label, o.provider, o.endpoint, '[DONE] or finish_reason');
      return { text, finishReason: finish ?? 'stop', usage, model, raw };
    },
  };
}

function toOpenAiMessage(m: Message, o: OpenAiProtocolOptions): Json {
  const role = m.role === 'model' ? 'assistant' : m.role === 'tool' ? 'user' : m.role;
  const hasMedia = m.content.some((p) => 'media' in p);
  if (!hasMedia) return { role, content: m.content.map((p) => ('text' in p ? p.text : '')).join('') };
  if (role !== 'user') {
    throw new ProviderError({ kind: 'bad-request', provider: o.provider, endpoint: o.endpoint, message: `${o.label} accepts media only in user messages; move the {{media}} into a user section` });
  }
  return {
    role,
    content: m.content.map((p) => {
      if ('text' in p) return { type: 'text', text: p.text };
      const info = mediaInfo(p);
      if (info.contentType.startsWith('image/')) return { type: 'image_url', image_url: { url: info.url } };
      if (info.base64 !== undefined && (info.contentType === 'audio/wav' || info.contentType === 'audio/mpeg' || info.contentType === 'audio/mp3')) {
        return { type: 'input_audio', input_audio: { data: info.base64, format: info.contentType === 'audio/wav' ? 'wav' : 'mp3' } };
      }
      if (info.base64 !== undefined && info.contentType === 'application/pdf') return { type: 'file', file: { filename: 'document.pdf', file_data: info.url } };
      throw unsupportedMedia(o.label, o.provider, o.endpoint, info, 'images (URL or data:), and wav/mp3 audio or PDF as data: URLs are supported');
    }),
  };
}

// Ollama's native /api/chat: NDJSON streaming, sampling under `options`, `format` for JSON output.
import type { ChatRequest } from './types';
import type { Logger } from '../io';
import type { Parsed, StreamState, WireProtocol } from './client';
import { ProviderError } from './errors';
import { asNumber, asObject, asString, mapConfig, mediaInfo, parseEventJson, truncatedStream, authHeader, unsupportedMedia, usageOf, type Json } from './wire';

interface Options {
  readonly provider: string;
  readonly label: string;
  readonly endpoint: string;
  readonly logger: Logger;
}

// Request fields that live beside `options` rather than inside it.
const topLevelKeys = new Set(['keep_alive', 'think', 'tools', 'format']);

/** The Ollama chat wire protocol. */
export function ollamaProtocol(o: Options): WireProtocol {
  const finalOf = (r: Json): Parsed => ({
    text: '',
    finishReason: asString(r['done_reason']) ?? 'stop',
    usage: usageOf(asNumber(r['prompt_eval_count']), asNumber(r['eval_count'])),
    model: asString(r['model']),
    raw: { model: r['model'], created_at: r['created_at'], total_duration: r['total_duration'], load_duration: r['load_duration'] },
  });
  const errorOf = (r: Json, data: string): ProviderError | undefined => {
    const err = asString(r['error']);
    return err === undefined ? undefined : new ProviderError({ kind: 'server', provider: o.provider, endpoint: o.endpoint, message: `${o.label} reported an error: ${err}`, detail: data.slice(0, 2000) });
  };
  return {
    streamFormat: 'ndjson',
    build(request: ChatRequest, stream: boolean, apiKey: string | undefined) {
      const { mapped, passThrough } = mapConfig(request.config, { temperature: 'temperature', topP: 'top_p', topK: 'top_k', stopSequences: 'stop', maxOutputTokens: 'num_predict' });
      const options: Json = { ...mapped };
      const body: Json = { model: request.model, stream };
      for (const [k, v] of Object.entries(passThrough)) (topLevelKeys.has(k) ? body : options)[k] = v;
      if (Object.keys(options).length > 0) body['options'] = options;
      if (request.output.format === 'json') body['format'] = request.output.schema ?? 'json';
      body['messages'] = request.messages.map((m) => {
        const images: string[] = [];
        let content = '';
        for (const p of m.content) {
          if ('text' in p) {
            content += p.text;
            continue;
          }
          const info = mediaInfo(p);
          if (!info.contentType.startsWith('image/') || info.base64 === undefined) throw unsupportedMedia(o.label, o.provider, o.endpoint, info, 'only images given as data: URLs (base64) are supported');
          images.push(info.base64);
        }
        const msg: Json = { role: m.role === 'model' ? 'assistant' : m.role, content };
        if (images.length > 0) msg['images'] = images;
        return msg;
      });
      // Local Ollama needs no key; one behind an authenticating proxy (or ollama.com) takes a bearer token.
      return { url: `${o.endpoint}/api/chat`, headers: authHeader('authorization', apiKey === undefined ? undefined : `Bearer ${apiKey}`), body };
    },
    parse(body: unknown): Parsed {
      const r = asObject(body);
      const message = asObject(r?.['message']);
      if (!r || !message) throw new ProviderError({ kind: 'bad-response', provider: o.provider, endpoint: o.endpoint, message: `${o.label} answered without a message at ${o.endpoint}`, detail: JSON.stringify(body).slice(0, 2000) });
      const err = errorOf(r, JSON.stringify(r));
      if (err) throw err;
      return { ...finalOf(r), text: asString(message['content']) ?? '' };
    },
    stream(): StreamState {
      let text = '';
      let final: Parsed | undefined;
      return {
        onEvent(data) {
          const r = parseEventJson(data, o.label, o.provider, o.endpoint);
          const err = errorOf(r, data);
          if (err) throw err;
          const piece = asString(asObject(r['message'])?.['content']) ?? '';
          text += piece;
          if (r['done'] === true) final = finalOf(r);
          return piece;
        },
        finish() {
          if (!final) throw truncatedStream(o.label, o.provider, o.endpoint, '"done": true line');
          return { ...final, text };
        },
      };
    },
  };
}

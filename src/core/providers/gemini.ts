// Google Gemini generateContent / streamGenerateContent?alt=sse: roles user/model, systemInstruction, generationConfig.
import type { ChatRequest } from './types';
import type { Logger } from '../io';
import type { Parsed, StreamState, WireProtocol } from './client';
import { ProviderError } from './errors';
import { asArray, asNumber, asObject, asString, mapConfig, mediaInfo, mergeSameRole, parseEventJson, textOf, authHeader, truncatedStream, usageOf, type Json } from './wire';

interface Options {
  readonly provider: string;
  readonly label: string;
  readonly endpoint: string;
  readonly logger: Logger;
}

// Keys that belong at the top level of the request rather than inside generationConfig.
const topLevelKeys = new Set(['safetySettings', 'tools', 'toolConfig', 'cachedContent', 'labels']);
// The OpenAPI subset Gemini's responseSchema accepts; JSON Schema extras such as additionalProperties are refused.
const schemaKeys = new Set(['type', 'format', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required', 'propertyOrdering', 'items', 'minimum', 'maximum', 'anyOf', 'title', 'minLength', 'maxLength', 'pattern', 'minProperties', 'maxProperties', 'default']);
const finishMap: Record<string, string> = { STOP: 'stop', MAX_TOKENS: 'length', SAFETY: 'content_filter', RECITATION: 'content_filter', BLOCKLIST: 'content_filter', PROHIBITED_CONTENT: 'content_filter', SPII: 'content_filter', IMAGE_SAFETY: 'content_filter' };

/** Converts a JSON Schema to the subset Gemini accepts, dropping what it would reject. */
export function toGeminiSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toGeminiSchema);
  const o = asObject(schema);
  if (!o) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    if (!schemaKeys.has(k)) continue;
    if (k === 'properties') out[k] = Object.fromEntries(Object.entries(asObject(v) ?? {}).map(([pk, pv]) => [pk, toGeminiSchema(pv)]));
    else if (k === 'type' && Array.isArray(v)) {
      // ["string","null"] is JSON Schema's nullable.
      const types = (v as unknown[]).filter((t) => t !== 'null');
      out['type'] = types[0];
      if (types.length < v.length) out['nullable'] = true;
    } else out[k] = k === 'items' || k === 'anyOf' ? toGeminiSchema(v) : v;
  }
  return out;
}

/** The Gemini API wire protocol. */
export function geminiProtocol(o: Options): WireProtocol {
  return {
    streamFormat: 'sse',
    build(request: ChatRequest, stream: boolean, apiKey: string | undefined) {
      const { mapped, passThrough } = mapConfig(request.config, { temperature: 'temperature', topP: 'topP', topK: 'topK', stopSequences: 'stopSequences', maxOutputTokens: 'maxOutputTokens' });
      const generationConfig: Json = { ...mapped };
      const body: Json = {};
      for (const [k, v] of Object.entries(passThrough)) (topLevelKeys.has(k) ? body : generationConfig)[k] = v;
      if (request.output.format === 'json') {
        generationConfig['responseMimeType'] = 'application/json';
        if (request.output.schema) generationConfig['responseSchema'] = toGeminiSchema(request.output.schema);
      }
      const system = request.messages.filter((m) => m.role === 'system').map(textOf).join('\n\n');
      const contents = mergeSameRole(request.messages.filter((m) => m.role !== 'system').map((m) => ({
        role: m.role === 'model' ? 'model' : 'user',
        parts: m.content.map((p): Json => {
          if ('text' in p) return { text: p.text };
          const info = mediaInfo(p);
          return info.base64 !== undefined ? { inlineData: { mimeType: info.contentType, data: info.base64 } } : { fileData: { mimeType: info.contentType, fileUri: info.url } };
        }),
      })));
      if (contents.length === 0) {
        throw new ProviderError({ kind: 'bad-request', provider: o.provider, endpoint: o.endpoint, message: `${o.label} needs at least one user message; the prompt rendered only a system message` });
      }
      body['contents'] = contents;
      if (system !== '') body['systemInstruction'] = { parts: [{ text: system }] };
      if (Object.keys(generationConfig).length > 0) body['generationConfig'] = generationConfig;
      const model = encodeURIComponent(request.model.replace(/^models\//, ''));
      const url = `${o.endpoint}/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
      // The key goes in a header, not the query string, so it never shows up in URLs that get logged.
      return { url, headers: authHeader('x-goog-api-key', apiKey), body };
    },
    parse(body: unknown): Parsed {
      const r = asObject(body);
      if (!r) throw new ProviderError({ kind: 'bad-response', provider: o.provider, endpoint: o.endpoint, message: `${o.label} answered with something that is not a response object at ${o.endpoint}` });
      const chunk = readChunk(r);
      if (chunk.finish === undefined && chunk.blocked === undefined) {
        throw new ProviderError({ kind: 'bad-response', provider: o.provider, endpoint: o.endpoint, message: `${o.label} answered without a candidate at ${o.endpoint}`, detail: JSON.stringify(body).slice(0, 2000) });
      }
      return { text: chunk.text, finishReason: finishOf(chunk), usage: chunk.usage, model: chunk.model, raw: chunk.raw };
    },
    stream(): StreamState {
      let text = '';
      let last: ReturnType<typeof readChunk> | undefined;
      let finished: ReturnType<typeof readChunk> | undefined;
      let usage: ReturnType<typeof usageOf>;
      return {
        onEvent(data) {
          const event = parseEventJson(data, o.label, o.provider, o.endpoint);
          const err = asObject(event['error']);
          if (err) {
            throw new ProviderError({ kind: 'server', provider: o.provider, endpoint: o.endpoint, message: `${o.label} reported an error mid-stream: ${asString(err['message']) ?? 'unknown error'}`, detail: data.slice(0, 2000) });
          }
          const chunk = readChunk(event);
          last = chunk;
          usage = chunk.usage ?? usage;
          if (chunk.finish !== undefined || chunk.blocked !== undefined) finished = chunk;
          text += chunk.text;
          return chunk.text;
        },
        finish() {
          if (!finished || !last) throw truncatedStream(o.label, o.provider, o.endpoint, 'finishReason');
          return { text, finishReason: finishOf(finished), usage, model: last.model, raw: last.raw };
        },
      };
    },
  };
}

function readChunk(r: Json): { text: string; finish?: string; blocked?: string; usage?: ReturnType<typeof usageOf>; model?: string; raw: Json } {
  const cand = asObject(asArray(r['candidates'])[0]);
  const parts = asArray(asObject(cand?.['content'])?.['parts']);
  // Thought summaries are not part of the answer.
  const text = parts.map((p) => { const part = asObject(p); return part?.['thought'] === true ? '' : asString(part?.['text']) ?? ''; }).join('');
  const meta = asObject(r['usageMetadata']);
  const usage = meta ? usageOf(asNumber(meta['promptTokenCount']), asNumber(meta['candidatesTokenCount']) ?? (asNumber(meta['totalTokenCount']) !== undefined ? 0 : undefined), asNumber(meta['totalTokenCount'])) : undefined;
  const blocked = asString(asObject(r['promptFeedback'])?.['blockReason']);
  return { text, finish: asString(cand?.['finishReason']), blocked, usage, model: asString(r['modelVersion']), raw: { responseId: r['responseId'], modelVersion: r['modelVersion'], ...(blocked ? { blockReason: blocked } : {}) } };
}

function finishOf(c: { finish?: string; blocked?: string }): string {
  if (c.blocked !== undefined) return 'content_filter';
  return c.finish === undefined ? 'unknown' : finishMap[c.finish] ?? c.finish.toLowerCase();
}

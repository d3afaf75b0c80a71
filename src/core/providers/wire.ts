// Helpers every wire format uses: reading untrusted JSON safely, message text, media URLs, config mapping.
import type { Message, Part } from '../promptFile/model';
import type { Usage } from './types';
import { ProviderError } from './errors';

export type Json = Record<string, unknown>;

/** The value as an object, or undefined when it is not one. */
export function asObject(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

export function asArray(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? (v as unknown[]) : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Usage with totals filled in when the API left them out. */
export function usageOf(input: number | undefined, output: number | undefined, total?: number): Usage | undefined {
  if (input === undefined && output === undefined && total === undefined) return undefined;
  return { inputTokens: input, outputTokens: output, totalTokens: total ?? (input !== undefined && output !== undefined ? input + output : undefined) };
}

/** The text parts of a message joined, for APIs (or roles) that only take text. */
export function textOf(message: Message): string {
  return message.content.map((p) => ('text' in p ? p.text : '')).join('');
}

export function isText(p: Part): p is { text: string } {
  return 'text' in p;
}

export interface MediaInfo {
  readonly url: string;
  readonly contentType: string;
  /** Base64 payload when the URL is a `data:` URL. */
  readonly base64?: string;
}

/** Reads a media part's URL: a `data:` URL gives its base64 payload; the content type falls back to the URL's. */
export function mediaInfo(part: { media: { url: string; contentType?: string } }): MediaInfo {
  const { url } = part.media;
  const m = /^data:([^;,]+)?((?:;[^;,]+)*?);base64,(.*)$/s.exec(url);
  if (m) return { url, contentType: part.media.contentType ?? m[1] ?? 'application/octet-stream', base64: m[3] };
  return { url, contentType: part.media.contentType ?? guessType(url) };
}

function guessType(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  const types: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf', mp3: 'audio/mpeg', wav: 'audio/wav' };
  return (ext && types[ext]) ?? 'application/octet-stream';
}

/** A clear error for media a given API cannot take, raised before anything is sent. */
export function unsupportedMedia(label: string, provider: string, endpoint: string, info: MediaInfo, why: string): ProviderError {
  const shown = info.url.startsWith('data:') ? `data:${info.contentType};base64,…` : info.url;
  return new ProviderError({ kind: 'bad-request', provider, endpoint, message: `${label} cannot take the media part ${shown} (${info.contentType}): ${why}` });
}

/** Joins neighbouring messages of the same role (APIs that want alternating turns accept the merged form). */
export function mergeSameRole<T extends { role: string; parts: unknown[] }>(turns: T[]): T[] {
  const out: T[] = [];
  for (const t of turns) {
    const last = out[out.length - 1];
    if (last && last.role === t.role) last.parts.push(...t.parts);
    else out.push({ ...t, parts: [...t.parts] });
  }
  return out;
}

/** Dotprompt's common sampling keys. */
export const commonConfigKeys = ['temperature', 'maxOutputTokens', 'topP', 'topK', 'stopSequences'] as const;

/** Maps Dotprompt config onto an API's field names; keys outside the common five pass through unchanged. */
export function mapConfig(config: Readonly<Record<string, unknown>>, names: Partial<Record<(typeof commonConfigKeys)[number], string | null>>): { mapped: Json; passThrough: Json; dropped: string[] } {
  const mapped: Json = {};
  const passThrough: Json = {};
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(config)) {
    if (v === undefined) continue;
    if ((commonConfigKeys as readonly string[]).includes(k)) {
      const name = names[k as (typeof commonConfigKeys)[number]];
      if (name === null || name === undefined) dropped.push(k);
      else mapped[name] = k === 'stopSequences' && typeof v === 'string' ? [v] : v;
    } else {
      passThrough[k] = v;
    }
  }
  return { mapped, passThrough, dropped };
}

/** Parses one JSON stream event, failing with a clear `bad-response` error on junk. */
export function parseEventJson(data: string, label: string, provider: string, endpoint: string): Json {
  let v: unknown;
  try {
    v = JSON.parse(data) as unknown;
  } catch {
    v = undefined;
  }
  const o = asObject(v);
  if (!o) {
    throw new ProviderError({ kind: 'bad-response', provider, endpoint, message: `${label} sent a malformed stream event from ${endpoint}`, detail: data.slice(0, 2000) });
  }
  return o;
}

/** The error for a stream that stopped before its final event. */
export function truncatedStream(label: string, provider: string, endpoint: string, what: string): ProviderError {
  return new ProviderError({ kind: 'bad-response', provider, endpoint, message: `${label} stream from ${endpoint} ended before the response was complete (no ${what})` });
}

/** One auth header when there is a key, none otherwise. */
export function authHeader(name: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [name]: value };
}

// Content hashes for the store: the response-cache key and the prompt-text hash.
import * as crypto from 'node:crypto';
import type { CacheKeyInput } from './types';

// Keys that carry credentials rather than anything that shapes the reply; dropped at any depth.
const SECRET_KEY = /^(api[-_]?key|x[-_]api[-_]key|authorization|proxy[-_]authorization|password|secret|client[-_]secret|access[-_]?token|refresh[-_]?token|bearer|credentials?|headers?)$/i;
// Query parameters some endpoints take keys in (Gemini `?key=`, Azure SAS `sig`).
const SECRET_QUERY = /^(key|api[-_]?key|token|access[-_]?token|sig|signature|code)$/i;

/** Stable JSON: object keys sorted, `undefined` dropped, credential-looking keys removed. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value, new Set()));
}

function canonical(value: unknown, seen: Set<object>): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
    if (typeof value === 'bigint') return value.toString();
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (seen.has(value)) throw new Error('cannot build a cache key from a value that refers to itself');
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => canonical(v, seen) ?? null);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      if (SECRET_KEY.test(k)) continue;
      const v = canonical((value as Record<string, unknown>)[k], seen);
      if (v !== undefined) out[k] = v;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

// A run keys every case against the same few endpoints; parsing the URL once each saves it per case.
const redactedEndpoints = new Map<string, string>();

/** The endpoint without user info or credential query parameters. */
export function redactEndpoint(endpoint: string): string {
  let redacted = redactedEndpoints.get(endpoint);
  if (redacted === undefined) {
    redacted = redactUrl(endpoint);
    if (redactedEndpoints.size >= 256) redactedEndpoints.clear();
    redactedEndpoints.set(endpoint, redacted);
  }
  return redacted;
}

function redactUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return endpoint;
  }
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) if (SECRET_QUERY.test(name)) url.searchParams.delete(name);
  return url.toString();
}

/** sha256 hex of the canonical JSON of everything that determines a reply; credentials never enter it. */
export function cacheKey(input: CacheKeyInput): string {
  const material = canonicalJson({
    v: 1,
    provider: input.provider,
    endpoint: redactEndpoint(input.endpoint),
    model: input.model,
    config: input.config,
    messages: input.messages,
    output: input.output,
  });
  return sha256Hex(material);
}

/** sha256 hex of a text (prompt versions, snapshots). */
export function hashText(text: string): string {
  return sha256Hex(text);
}

// The one-shot `crypto.hash` (Node 20.12+) costs a fraction of `createHash` for the small inputs of a key.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** sha256 hex of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return oneShot !== undefined ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

// The HTTP transport under the policy: Node's own http/https client with pooled keep-alive connections, or any
// fetch (the extension passes one that refuses untrusted endpoints). The node client costs a fraction of undici's
// fetch per request (no web streams, no Request/Response objects), which the runner pays a thousand times a run.
import type * as http from 'node:http';
import type * as https from 'node:https';
import type { Readable } from 'node:stream';
import { urlToHttpOptions } from 'node:url';
import * as zlib from 'node:zlib';

export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

/** A body as it arrives: a web stream (fetch) or a Node stream (the node client). */
export type BodyStream = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface HeaderBag {
  get(name: string): string | null;
}

/** What the policy needs of a response; a fetch `Response` is one. */
export interface HttpReply {
  readonly status: number;
  readonly headers: HeaderBag;
  readonly body: BodyStream | null;
}

export interface TransportRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly signal: AbortSignal;
}

/** Sends one POST; resolves once the status and headers are in, rejects on a connection failure or abort. */
export type Transport = (url: string, request: TransportRequest) => Promise<HttpReply>;

/** A transport over a fetch function; redirects are refused, as a provider API never redirects a POST. */
export function fetchTransport(fetchFn: FetchFn): Transport {
  return (url, request) => fetchFn(url, { method: 'POST', headers: request.headers, body: request.body, signal: request.signal, redirect: 'error' });
}

/** Releases a body that will not be read to its end, so its connection is closed rather than left waiting. */
export function discardBody(body: BodyStream | null): void {
  if (body === null) return;
  if (isWebStream(body)) {
    if (!body.locked) void body.cancel().catch(() => undefined);
  } else if (typeof (body as Partial<Readable>).destroy === 'function') {
    const r = body as Readable;
    if (!r.readableEnded) r.destroy();
  }
}

/** True for a web `ReadableStream` (read through a reader), false for a Node stream or other async iterable. */
export function isWebStream(body: BodyStream): body is ReadableStream<Uint8Array> {
  return typeof (body as Partial<ReadableStream<Uint8Array>>).getReader === 'function';
}

let shared: Transport | undefined;

/** The process-wide node transport: one keep-alive pool per origin, reused across runs and provider clients. */
export function defaultTransport(): Transport {
  return (shared ??= nodeTransport());
}

export interface NodeTransportOptions {
  /** Idle connections kept per origin; at least the widest concurrency a run uses, so none is reopened. */
  readonly maxFreeSockets?: number;
}

/** A transport over node:http and node:https with keep-alive agents. */
export function nodeTransport(options: NodeTransportOptions = {}): Transport {
  const maxFreeSockets = options.maxFreeSockets ?? 256;
  // Open sockets are not capped here: every provider's adaptive limiter bounds the requests in flight, and a cap
  // below it would queue requests inside the agent, out of reach of the timeout's accounting.
  let httpAgent: http.Agent | undefined;
  let httpsAgent: https.Agent | undefined;
  // A run sends every request to the same few URLs: each is parsed (and its request options built) once.
  const targets = new Map<string, Target>();
  const targetOf = (url: string): Target | Error => {
    let t = targets.get(url);
    if (t !== undefined) return t;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return new TypeError(`invalid URL ${JSON.stringify(url)}`);
    }
    if (parsed.protocol === 'http:') {
      const lib = httpModule();
      httpAgent ??= new lib.Agent({ keepAlive: true, maxFreeSockets });
      t = { requestFn: lib.request, agent: httpAgent, options: urlToHttpOptions(parsed) };
    } else if (parsed.protocol === 'https:') {
      const lib = httpsModule();
      httpsAgent ??= new lib.Agent({ keepAlive: true, maxFreeSockets });
      t = { requestFn: lib.request, agent: httpsAgent, options: urlToHttpOptions(parsed) };
    } else {
      return new TypeError(`unsupported protocol ${parsed.protocol} in ${parsed.origin}: use http or https`);
    }
    if (targets.size >= 64) targets.clear();
    targets.set(url, t);
    return t;
  };
  return (url, request) => {
    const target = targetOf(url);
    if (target instanceof Error) return Promise.reject(target);
    return send(target, request);
  };
}

interface Target {
  readonly requestFn: RequestFn;
  readonly agent: http.Agent;
  /** Where to send, as `http.request` options (what it would derive from the URL on every call). */
  readonly options: Readonly<http.RequestOptions>;
}

// Loaded on the first request, not with the engine: a run served from the cache never sends one, and loading
// node:https (with TLS) and node:http costs more than a whole cached case.
let httpLoaded: typeof http | undefined;
let httpsLoaded: typeof https | undefined;
/* eslint-disable @typescript-eslint/no-require-imports */
function httpModule(): typeof http {
  return (httpLoaded ??= require('node:http') as typeof http);
}
function httpsModule(): typeof https {
  return (httpsLoaded ??= require('node:https') as typeof https);
}
/* eslint-enable @typescript-eslint/no-require-imports */

type RequestFn = (options: http.RequestOptions) => http.ClientRequest;

function send(target: Target, request: TransportRequest): Promise<HttpReply> {
  const { signal } = request;
  return new Promise<HttpReply>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const body = Buffer.from(request.body, 'utf8');
    const req = target.requestFn({
      ...target.options,
      method: 'POST',
      agent: target.agent,
      headers: { ...request.headers, 'content-length': String(body.byteLength) },
    });
    let res: http.IncomingMessage | undefined;
    // Aborting destroys the socket at once, whether the reply has started or not: a cancelled or timed-out
    // request must not keep a connection (or the server) busy.
    const onAbort = (): void => {
      const reason = abortReason(signal);
      req.destroy(reason);
      res?.destroy(reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (): void => signal.removeEventListener('abort', onAbort);
    // `on`, not `once`: a second error on the same request must not become an uncaught exception.
    req.on('error', (e) => {
      done();
      reject(e);
    });
    req.once('response', (incoming) => {
      res = incoming;
      // An abort or reset while nobody is reading the body would otherwise throw from the event emitter; a reader
      // still sees the error, since the stream is left destroyed with it.
      incoming.on('error', ignore);
      incoming.once('close', done);
      resolve({ status: incoming.statusCode ?? 0, headers: headerBag(incoming.headers), body: decoded(incoming) });
    });
    req.end(body);
  });
}

/** The body with any content coding undone; none is asked for, but a server may send one anyway. */
function decoded(res: http.IncomingMessage): Readable {
  const coding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = coding === 'gzip' || coding === 'x-gzip' ? zlib.createGunzip() : coding === 'deflate' ? zlib.createInflate() : coding === 'br' ? zlib.createBrotliDecompress() : undefined;
  if (decoder === undefined) return res;
  decoder.on('error', ignore);
  res.once('error', (e) => decoder.destroy(e));
  decoder.once('close', () => {
    if (!res.readableEnded) res.destroy();
  });
  return res.pipe(decoder);
}

function headerBag(headers: http.IncomingHttpHeaders): HeaderBag {
  return {
    get(name) {
      const v = headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

function ignore(): void {
  // Errors reach the reader through the destroyed stream.
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

// Reading response bodies with a size bound, so a misbehaving endpoint cannot fill memory.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { ProviderError } from './errors';
import { discardBody, isWebStream, type BodyStream, type HttpReply } from './transport';

export interface BodyContext {
  readonly provider: string;
  readonly label: string;
  readonly endpoint: string;
  readonly maxBytes: number;
}

/** The error for a body past the limit. */
export function oversizedError(ctx: BodyContext, what: string): ProviderError {
  return new ProviderError({
    kind: 'bad-response', provider: ctx.provider, endpoint: ctx.endpoint,
    message: `${ctx.label} sent a ${what} larger than ${formatBytes(ctx.maxBytes)} from ${ctx.endpoint}; stopped reading (raise maxResponseBytes only if this model really answers that much)`,
  });
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB` : `${Math.round(n / 1024)} KB`;
}

/** Feeds the body to `onText` as decoded text pieces, failing once more than `maxBytes` arrived. */
export async function readTextChunks(body: BodyStream | null, ctx: BodyContext, what: string, onText: (text: string) => void): Promise<void> {
  // Node's StringDecoder keeps split UTF-8 sequences across pieces like TextDecoder's stream mode, and costs far
  // less to create, which matters at one decoder per reply.
  const decoder = new StringDecoder('utf8');
  let first = true;
  await readByteChunks(body, ctx, what, (bytes) => {
    let text = decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (first && text !== '') {
      first = false;
      text = withoutBom(text);
    }
    if (text !== '') onText(text);
  });
  const rest = decoder.end();
  if (rest !== '') onText(rest);
}

async function readByteChunks(body: BodyStream | null, ctx: BodyContext, what: string, onBytes: (bytes: Uint8Array) => void): Promise<void> {
  if (!body) return;
  if (!isWebStream(body)) {
    if (isNodeReadable(body)) return readNodeStream(body, ctx, what, onBytes);
    let total = 0;
    for await (const value of body) {
      total += value.byteLength;
      if (total > ctx.maxBytes) throw oversizedError(ctx, what);
      onBytes(value);
    }
    return;
  }
  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > ctx.maxBytes) throw oversizedError(ctx, what);
      onBytes(value);
    }
  } catch (e) {
    // Cancelling releases the socket instead of letting the rest of an oversized body drain.
    void reader.cancel().catch(() => undefined);
    throw e;
  } finally {
    reader.releaseLock();
  }
}

function isNodeReadable(body: BodyStream): body is Readable {
  const r = body as Partial<Readable>;
  return typeof r.on === 'function' && typeof r.destroy === 'function' && typeof r.off === 'function';
}

/**
 * A Node stream read through its events rather than its async iterator: a reply is read between receiving it and
 * sending the slot's next request, and the iterator's generator and per-chunk promises cost several times more.
 * Leaving early (oversized, or onBytes threw) destroys the stream, which closes the connection instead of letting
 * the rest of the body drain; a stream that closes before its end fails as the iterator would.
 */
function readNodeStream(body: Readable, ctx: BodyContext, what: string, onBytes: (bytes: Uint8Array) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let total = 0;
    let settled = false;
    const cleanup = (): void => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
    };
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      cleanup();
      if (!body.destroyed) body.destroy();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const onData = (chunk: Uint8Array | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      total += bytes.byteLength;
      if (total > ctx.maxBytes) return fail(oversizedError(ctx, what));
      try {
        onBytes(bytes);
      } catch (e) {
        fail(e);
      }
    };
    const onEnd = (): void => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve();
    };
    const onError = (e: unknown): void => fail(e);
    const onClose = (): void => fail(body.errored ?? prematureClose());
    if (body.readableEnded) return resolve();
    if (body.destroyed) return fail(body.errored ?? prematureClose());
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

/** What Node's stream iterator throws for a stream that closed before its end (a reset connection errors instead). */
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/** Reads a whole body as text, bounded by `maxBytes` (checked against Content-Length first). */
export async function readBoundedText(res: HttpReply, ctx: BodyContext, what = 'response'): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > ctx.maxBytes) {
    discardBody(res.body);
    throw oversizedError(ctx, what);
  }
  const parts: Uint8Array[] = [];
  await readByteChunks(res.body, ctx, what, (bytes) => parts.push(bytes));
  // Decoded once at the end: a UTF-8 sequence split between chunks is whole again.
  return withoutBom(Buffer.concat(parts).toString('utf8'));
}

// As TextDecoder does by default: a byte-order mark is not part of the text.
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses a JSON body, turning junk into a clear `bad-response` error. */
export async function readJson(res: HttpReply, ctx: BodyContext): Promise<unknown> {
  return parseJsonBody(await readBoundedText(res, ctx), ctx, res.status);
}

/** Parses the text of a JSON body read earlier; junk is a `bad-response` error, as from `readJson`. */
export function parseJsonBody(text: string, ctx: BodyContext, status: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProviderError({
      kind: 'bad-response', provider: ctx.provider, endpoint: ctx.endpoint, status,
      message: `${ctx.label} returned a response that is not valid JSON (${text.length} characters) from ${ctx.endpoint}`,
      detail: text.slice(0, 2000),
    });
  }
}

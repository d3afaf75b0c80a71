// The generic HTTP provider client: a wire protocol (per provider) plus the shared policy and auth handling.
import type { ChatRequest, ChatResponse, ProviderClient, Usage } from './types';
import type { Json } from './wire';
import { parseJsonBody, readBoundedText, readJson, type BodyContext } from './body';
import { readSse } from './sse';
import { readNdjson } from './ndjson';
import { redactValue } from './credentials';
import { sendWithPolicy, unusableReplyError, type HttpPolicy, type HttpTarget } from './http';

/** What a provider's wire format turned into, before the common fields are added. */
export interface Parsed {
  readonly text: string;
  readonly finishReason: string;
  readonly usage?: Usage;
  readonly model?: string;
  readonly raw: Json;
}

/** A whole reply read under the policy, to be parsed after it. */
interface Received {
  readonly text: string;
  readonly status: number;
  readonly body: BodyContext;
}

/** Accumulates a streamed answer; `onEvent` returns the text delta in an event, if any. */
export interface StreamState {
  onEvent(data: string, event: string | undefined): string | undefined;
  /** The final result; throws when the stream ended before its terminal event. */
  finish(): Parsed;
}

export interface WireRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Json;
}

/** One provider's request and response shapes. */
export interface WireProtocol {
  readonly streamFormat: 'sse' | 'ndjson';
  build(request: ChatRequest, stream: boolean, apiKey: string | undefined): WireRequest;
  parse(body: unknown): Parsed;
  stream(): StreamState;
}

export interface WireClientOptions {
  readonly target: HttpTarget;
  readonly protocol: WireProtocol;
  readonly policy: HttpPolicy;
  /** Resolves the key (and runs endpoint approval) once, lazily, on the first request. */
  readonly resolveKey: () => Promise<string | undefined>;
  /** Headers from config (never secrets), added to every request. */
  readonly extraHeaders?: Readonly<Record<string, string>>;
}

/** A ProviderClient that speaks `protocol` under `policy`. */
export function createWireClient(options: WireClientOptions): ProviderClient {
  const { target, protocol, policy } = options;
  return {
    id: target.provider,
    endpoint: target.endpoint,
    async chat(request: ChatRequest): Promise<ChatResponse> {
      const key = await options.resolveKey();
      const stream = request.stream === true;
      const wire = protocol.build(request, stream, key);
      const secrets = [key];
      const call = {
        url: wire.url,
        headers: { 'content-type': 'application/json', accept: stream ? (protocol.streamFormat === 'sse' ? 'text/event-stream' : 'application/x-ndjson') : 'application/json', ...options.extraHeaders, ...wire.headers },
        body: JSON.stringify(wire.body),
        model: request.model,
        signal: request.signal,
        timeoutMs: request.timeoutMs,
        secrets,
      };
      // With `onReceived`, a whole (non-streamed) reply is only read under the policy and parsed after it.
      const early = !stream && request.onReceived !== undefined;
      const result = await sendWithPolicy(target, policy, call, async (res, tools): Promise<{ parsed: Parsed } | { received: Received }> => {
        if (early) return { received: { text: await readBoundedText(res, tools.body), status: res.status, body: tools.body } };
        if (!stream) return { parsed: protocol.parse(await readJson(res, tools.body)) };
        const state = protocol.stream();
        const handle = (data: string, event: string | undefined): void => {
          const delta = state.onEvent(data, event);
          if (delta !== undefined && delta !== '') {
            tools.markDelivered();
            request.onChunk?.(delta);
          }
        };
        if (protocol.streamFormat === 'sse') await readSse(res.body, tools.body, (e) => handle(e.data, e.event));
        else await readNdjson(res.body, tools.body, (line) => handle(line, undefined));
        return { parsed: state.finish() };
      });
      let parsed: Parsed;
      const value = result.value;
      if ('received' in value) {
        const received = value.received;
        request.onReceived?.();
        // The caller's next request is sent in this turn; parsing this reply waits for the next one.
        await new Promise<void>((resolve) => setImmediate(resolve));
        try {
          parsed = protocol.parse(parseJsonBody(received.text, received.body, received.status));
        } catch (e) {
          throw unusableReplyError(target, e, call, result.attempts);
        }
      } else {
        parsed = value.parsed;
        request.onReceived?.();
      }
      const requestId = result.headers.get('x-request-id') ?? result.headers.get('request-id') ?? result.headers.get('apim-request-id') ?? undefined;
      const raw = redactValue({ provider: target.provider, endpoint: target.endpoint, ...(requestId ? { requestId } : {}), ...parsed.raw }, secrets);
      return {
        text: parsed.text,
        finishReason: parsed.finishReason,
        usage: parsed.usage,
        latencyMs: result.latencyMs,
        model: parsed.model ?? request.model,
        raw,
        attempts: result.attempts,
      };
    },
  };
}

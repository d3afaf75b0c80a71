// The one interface every provider client implements. Shared contract between providers, runner and extension.
import type { Message } from '../promptFile/model';

export interface Usage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
}

export interface ChatRequest {
  readonly messages: readonly Message[];
  /** The model id without the provider prefix (`gpt-4o-mini`, or the Azure deployment name). */
  readonly model: string;
  /** Dotprompt config: temperature, maxOutputTokens, topP, topK, stopSequences, plus pass-through keys. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly output: { readonly format: 'text' | 'json'; readonly schema?: Readonly<Record<string, unknown>> };
  /** Stream when true; `onChunk` then receives each text delta as it arrives. */
  readonly stream?: boolean;
  readonly onChunk?: (delta: string) => void;
  readonly signal?: AbortSignal;
  /** Per-attempt timeout; the provider's configured default applies when absent. */
  readonly timeoutMs?: number;
  /**
   * Called once when the reply has fully arrived and no retry can follow, before it is parsed: from then on the
   * request holds no connection, so a caller may hand its concurrency slot to the next request. The client then
   * finishes this reply in a later turn of the event loop, after that next request has been sent.
   */
  readonly onReceived?: () => void;
}

export interface ChatResponse {
  readonly text: string;
  /** Normalised: `stop`, `length`, `content_filter`, `tool_calls`, or the provider's own word. */
  readonly finishReason: string;
  readonly usage?: Usage;
  readonly latencyMs: number;
  /** Model that answered, as the API reported it. */
  readonly model: string;
  /** Provider metadata (ids, headers of interest) with secrets redacted. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** Attempts made, 1 when no retry happened. */
  readonly attempts: number;
}

export type ProviderErrorKind =
  | 'auth'
  | 'not-found'
  | 'bad-request'
  | 'rate-limit'
  | 'server'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'bad-response'
  | 'config';

export interface ProviderClient {
  /** Provider id as used in `provider/model` (`openai`, `azure`, `anthropic`, `gemini`, `ollama`, `echo`, or a configured compatible name). */
  readonly id: string;
  /** The endpoint requests go to, for cache keys and messages (never includes credentials). */
  readonly endpoint: string;
  chat(request: ChatRequest): Promise<ChatResponse>;
}

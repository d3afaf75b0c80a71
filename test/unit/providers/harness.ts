// Shared set-up for provider contract tests and the fault matrix: a mock server, clients wired to it with a
// fake clock and instant sleeps, and the table of faults with the outcome each must reach.
import type { ProviderConfig, ProviderType } from '../../../src/core/config/types';
import type { Logger } from '../../../src/core/io';
import type { ChatRequest, ChatResponse, ProviderClient } from '../../../src/core/providers/types';
import { createProviderClient } from '../../../src/core/providers/registry';
import { envCredentials } from '../../../src/core/providers/credentials';
import { isProviderError, type ProviderError } from '../../../src/core/providers/errors';
import type { Fault, MockProvider } from '../../fixtures/mockLlm/types';
import type { MockLlm } from '../../fixtures/mockLlm/server';

export const keys = {
  OPENAI_API_KEY: 'sk-test-OPENAIsecret0123456789abcdef',
  AZURE_OPENAI_API_KEY: 'azure-secret-key-0123456789abcdef',
  ANTHROPIC_API_KEY: 'sk-ant-test-ANTHROPICsecret0123456789',
  GEMINI_API_KEY: 'AIzaTestGEMINIsecret0123456789abcdefghij',
  LOCAL_API_KEY: 'local-secret-key-0123456789abcdef',
} as const;

export const allSecrets: readonly string[] = Object.values(keys);

export const providerCases: readonly { readonly id: string; readonly mock: MockProvider; readonly type: ProviderType; readonly apiKeyEnv?: string }[] = [
  { id: 'openai', mock: 'openai', type: 'openai' },
  { id: 'azure', mock: 'azure', type: 'azure' },
  { id: 'anthropic', mock: 'anthropic', type: 'anthropic' },
  { id: 'gemini', mock: 'gemini', type: 'gemini' },
  { id: 'ollama', mock: 'ollama', type: 'ollama' },
  { id: 'local', mock: 'openai-compatible', type: 'openai-compatible', apiKeyEnv: 'LOCAL_API_KEY' },
];

export interface Harness {
  readonly client: ProviderClient;
  /** Waits the retry loop asked for, in ms. */
  readonly sleeps: number[];
  readonly logs: string[];
}

/** A client for `id` pointed at the mock, with instant sleeps on a fake clock. */
export function makeClient(mock: MockLlm, c: (typeof providerCases)[number], extra: Partial<ProviderConfig> = {}, maxResponseBytes?: number): Harness {
  const sleeps: number[] = [];
  const logs: string[] = [];
  let now = Date.now();
  const logger: Logger = { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  const entry: ProviderConfig = { type: c.type, baseUrl: c.mock === 'openai-compatible' ? mock.urlFor(c.mock) : mock.urlFor(c.mock), source: 'user', ...(c.apiKeyEnv ? { apiKeyEnv: c.apiKeyEnv } : {}), maxRetries: 3, timeoutMs: 5000, ...extra };
  const client = createProviderClient(c.id, { providers: { [c.id]: entry } }, {
    credentials: envCredentials(keys),
    clock: { now: () => now },
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(new Error('aborted'));
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    random: () => 0.5,
    logger,
    maxResponseBytes,
  });
  return { client, sleeps, logs };
}

/** A plain two-message request. */
export function request(extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    messages: [{ role: 'system', content: [{ text: 'You are terse.' }] }, { role: 'user', content: [{ text: 'Summarise the quarterly report' }] }],
    model: 'test-model',
    config: { temperature: 0.3, maxOutputTokens: 64, topP: 0.9, stopSequences: ['END'] },
    output: { format: 'text' },
    ...extra,
  };
}

export type Outcome = { readonly ok: true; readonly response: ChatResponse; readonly chunks: readonly string[] } | { readonly ok: false; readonly error: ProviderError; readonly chunks: readonly string[] };

/** Runs a request and captures success or the ProviderError (anything else is rethrown: that is a bug). */
export async function run(client: ProviderClient, req: ChatRequest): Promise<Outcome> {
  const chunks: string[] = [];
  try {
    const response = await client.chat({ ...req, onChunk: (d) => chunks.push(d) });
    return { ok: true, response, chunks };
  } catch (e) {
    if (!isProviderError(e)) throw e;
    return { ok: false, error: e, chunks };
  }
}

export interface FaultCase {
  readonly name: string;
  readonly faults: readonly Fault[];
  readonly stream: boolean;
  /** `ok` = success after retry; otherwise the error kind. `ok|network` = success unless text had already streamed. */
  readonly expect: 'ok' | 'ok|network' | 'rate-limit' | 'server' | 'bad-request' | 'auth' | 'not-found' | 'bad-response' | 'timeout' | 'cancelled';
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  /** Abort the request after this many ms. */
  readonly abortAfterMs?: number;
}

export const faultCases: readonly FaultCase[] = [
  { name: '429 once, Retry-After 2', faults: [{ kind: 'rate-limit', retryAfter: 2 }], stream: false, expect: 'ok' },
  { name: '429 with HTTP-date Retry-After', faults: [{ kind: 'rate-limit', retryAfter: new Date(Date.now() + 3000).toUTCString() }], stream: false, expect: 'ok' },
  { name: '429 every time', faults: Array.from({ length: 4 }, () => ({ kind: 'rate-limit', retryAfter: 1 }) as const), stream: false, expect: 'rate-limit' },
  { name: '500 once', faults: [{ kind: 'status', status: 500 }], stream: false, expect: 'ok' },
  { name: '502 then 503', faults: [{ kind: 'status', status: 502 }, { kind: 'status', status: 503 }], stream: true, expect: 'ok' },
  { name: '504 once', faults: [{ kind: 'status', status: 504 }], stream: false, expect: 'ok' },
  { name: '529 overloaded once', faults: [{ kind: 'status', status: 529 }], stream: true, expect: 'ok' },
  { name: '503 every time', faults: Array.from({ length: 4 }, () => ({ kind: 'status', status: 503 }) as const), stream: false, expect: 'server' },
  { name: '400 bad request', faults: [{ kind: 'status', status: 400, message: 'Unsupported parameter' }], stream: false, expect: 'bad-request' },
  { name: '401 bad key', faults: [{ kind: 'status', status: 401 }], stream: false, expect: 'auth' },
  { name: '404 unknown model', faults: [{ kind: 'status', status: 404, message: 'The model does not exist' }], stream: false, expect: 'not-found' },
  { name: 'connection reset', faults: [{ kind: 'reset' }], stream: false, expect: 'ok' },
  { name: 'reset mid-stream', faults: [{ kind: 'reset' }], stream: true, expect: 'ok|network' },
  { name: 'malformed JSON body', faults: [{ kind: 'malformed-json' }], stream: false, expect: 'bad-response' },
  { name: 'malformed stream chunk', faults: [{ kind: 'malformed-stream' }], stream: true, expect: 'bad-response' },
  { name: 'truncated stream', faults: [{ kind: 'truncated-stream' }], stream: true, expect: 'bad-response' },
  { name: 'never-ending response', faults: [{ kind: 'hang' }], stream: false, expect: 'timeout', timeoutMs: 300 },
  { name: 'never-ending stream', faults: [{ kind: 'hang' }], stream: true, expect: 'timeout', timeoutMs: 300 },
  { name: 'cancelled while waiting', faults: [{ kind: 'hang' }], stream: true, expect: 'cancelled', abortAfterMs: 100 },
  { name: 'oversized body', faults: [{ kind: 'oversized', bytes: 200_000 }], stream: false, expect: 'bad-response', maxResponseBytes: 64 * 1024 },
  { name: 'oversized stream', faults: [{ kind: 'oversized', bytes: 200_000 }], stream: true, expect: 'bad-response', maxResponseBytes: 64 * 1024 },
];

/** Runs one fault case against one provider and returns the outcome, its label, and what the mock saw. */
export async function runFaultCase(mock: MockLlm, c: (typeof providerCases)[number], f: FaultCase, extra: Partial<ChatRequest> = {}): Promise<{ outcome: Outcome; label: string; harness: Harness }> {
  mock.reset();
  mock.script(...f.faults.map((fault) => ({ fault })));
  const harness = makeClient(mock, c, f.timeoutMs ? { timeoutMs: f.timeoutMs } : {}, f.maxResponseBytes);
  const controller = new AbortController();
  const timer = f.abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), f.abortAfterMs);
  try {
    const outcome = await run(harness.client, request({ stream: f.stream, signal: controller.signal, ...extra }));
    const label = outcome.ok ? `ok after ${outcome.response.attempts} attempt${outcome.response.attempts === 1 ? '' : 's'}` : `${outcome.error.kind} (${outcome.error.attempts} attempt${outcome.error.attempts === 1 ? '' : 's'})`;
    return { outcome, label, harness };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

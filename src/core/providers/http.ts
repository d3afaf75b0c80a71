// One HTTP policy for every provider: per-attempt timeout, cancellation that closes the socket, bounded retries
// with backoff that honours the server's hints, the adaptive concurrency limit, and actionable errors.
import type { Clock, Logger } from '../io';
import type { ProviderErrorKind } from './types';
import { ProviderError, isProviderError } from './errors';
import { redactSecrets } from './credentials';
import { readBoundedText, type BodyContext } from './body';
import { backoffDelayMs, isRetryableStatus, retryAfterMs } from './retry';
import type { AdaptiveLimiter } from './limiter';
import { discardBody, type HeaderBag, type HttpReply, type Transport } from './transport';

export type { FetchFn } from './transport';
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface HttpTarget {
  /** Provider id (`openai`, or a configured name). */
  readonly provider: string;
  /** Human name for messages (`OpenAI`, `Anthropic`). */
  readonly label: string;
  /** Base endpoint, for messages; never holds credentials. */
  readonly endpoint: string;
  /** The env var that holds the key, for messages. */
  readonly keyEnv?: string;
  /** How the user sets the key on this host, for the message of a rejected key (see ProviderDeps.keyAdvice). */
  readonly keyAdvice?: string;
}

export interface HttpPolicy {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly sleep: SleepFn;
  readonly random: () => number;
  readonly logger: Logger;
  readonly limiter: AdaptiveLimiter;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxResponseBytes: number;
  /** Longest server-requested wait we accept before giving up instead. */
  readonly maxRetryAfterMs: number;
}

export interface HttpCall {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly model: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly secrets: readonly (string | undefined)[];
}

export interface AttemptTools {
  readonly signal: AbortSignal;
  readonly body: BodyContext;
  /** Call once output has reached the user (stream chunks): after that a failure is not retried. */
  markDelivered(): void;
}

export interface PolicyResult<T> {
  readonly value: T;
  readonly attempts: number;
  readonly latencyMs: number;
  readonly headers: HeaderBag;
}

/** Sends `call` under the policy, retrying transient failures; `read` turns a 2xx response into a value. */
export async function sendWithPolicy<T>(target: HttpTarget, policy: HttpPolicy, call: HttpCall, read: (res: HttpReply, tools: AttemptTools) => Promise<T>): Promise<PolicyResult<T>> {
  const started = policy.clock.now();
  let delivered = false;
  for (let attempt = 1; ; attempt++) {
    const attemptStart = policy.clock.now();
    let outcome: { value: T; headers: HeaderBag } | ProviderError;
    try {
      const release = await policy.limiter.acquire(call.signal);
      try {
        outcome = await attemptOnce(target, policy, call, read, () => { delivered = true; });
      } finally {
        release();
      }
    } catch (e) {
      outcome = classify(target, e, call, false);
    }
    if (!(outcome instanceof ProviderError)) {
      policy.limiter.onSuccess();
      return { value: outcome.value, attempts: attempt, latencyMs: policy.clock.now() - attemptStart, headers: outcome.headers };
    }
    const err = outcome;
    if (err.kind === 'rate-limit') policy.limiter.onRateLimited();
    const elapsed = policy.clock.now() - started;
    if (!err.retryable || delivered) throw err.withAttempts(attempt, delivered && err.retryable ? `${err.message}; not retried because part of the answer had already streamed` : undefined);
    if (attempt > policy.maxRetries) throw err.withAttempts(attempt, `${err.message}; gave up after ${attempt} attempts over ${formatSeconds(elapsed)}`);
    const hinted = err.retryAfterMs;
    if (hinted !== undefined && hinted > policy.maxRetryAfterMs) {
      throw err.withAttempts(attempt, `${err.message}; the server asked to wait ${formatSeconds(hinted)}, longer than the ${formatSeconds(policy.maxRetryAfterMs)} limit, so gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}`);
    }
    const delay = hinted ?? backoffDelayMs(attempt, policy.random());
    policy.logger.warn(`${target.label}: ${err.message}; retry ${attempt}/${policy.maxRetries} in ${formatSeconds(delay)}`);
    try {
      await policy.sleep(delay, call.signal);
    } catch (e) {
      throw classify(target, e, call, false).withAttempts(attempt);
    }
  }
}

async function attemptOnce<T>(target: HttpTarget, policy: HttpPolicy, call: HttpCall, read: (res: HttpReply, tools: AttemptTools) => Promise<T>, markDelivered: () => void): Promise<{ value: T; headers: HeaderBag } | ProviderError> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(call.signal?.reason);
  if (call.signal?.aborted) onAbort();
  call.signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timeoutMs = call.timeoutMs ?? policy.timeoutMs;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, timeoutMs);
  const body: BodyContext = { provider: target.provider, label: target.label, endpoint: target.endpoint, maxBytes: policy.maxResponseBytes };
  let res: HttpReply | undefined;
  try {
    res = await policy.transport(call.url, { headers: call.headers, body: call.body, signal: controller.signal });
    if (res.status < 200 || res.status > 299) {
      const text = await readBoundedText(res, { ...body, maxBytes: Math.min(policy.maxResponseBytes, 256 * 1024) }, 'error body').catch(() => '');
      return httpError(target, res, text, call, policy.clock.now());
    }
    const value = await read(res, { signal: controller.signal, body, markDelivered });
    return { value, headers: res.headers };
  } catch (e) {
    return classify(target, e, call, timedOut, timeoutMs);
  } finally {
    clearTimeout(timer);
    call.signal?.removeEventListener('abort', onAbort);
    // A reader that returned before the end (or threw) must not leave the connection waiting on the rest.
    if (res !== undefined) discardBody(res.body);
  }
}

/** Builds the error for a non-2xx response, with the provider's own words redacted and trimmed. */
export function httpError(target: HttpTarget, res: HttpReply, bodyText: string, call: HttpCall, now: number): ProviderError {
  const status = res.status;
  const detail = redactSecrets(bodyText.slice(0, 4000), call.secrets);
  const said = providerMessage(detail);
  const suffix = said ? `: ${said}` : '';
  const retryable = isRetryableStatus(status);
  const wait = retryable ? retryAfterMs(res.headers, now, status === 429) : undefined;
  let kind: ProviderErrorKind;
  let message: string;
  if (status === 401) {
    kind = 'auth';
    message = `${target.label} rejected the API key (401)${suffix}; ${target.keyAdvice ?? (target.keyEnv ? `check ${target.keyEnv}` : 'check the key')}`;
  } else if (status === 403) {
    kind = 'auth';
    message = `${target.label} refused access (403): check that the key${target.keyEnv ? ` in ${target.keyEnv}` : ''} may use model '${call.model}'${suffix}`;
  } else if (status === 404) {
    kind = 'not-found';
    message = `model '${call.model}' not found at ${target.endpoint} (404)${suffix}`;
  } else if (status === 429) {
    kind = 'rate-limit';
    message = `${target.label} rate limited the request (429)${suffix}`;
  } else if (status >= 300 && status < 400) {
    // Provider APIs never redirect a POST; following one could send the key to another host.
    kind = 'bad-request';
    message = `${target.label} answered with a redirect (${status}) from ${target.endpoint}, which is not followed: set baseUrl in promptops.config.yaml to the final address`;
  } else if (status === 408) {
    kind = 'timeout';
    message = `${target.label} timed out the request (408)${suffix}`;
  } else if (status >= 500 || status === 409) {
    kind = 'server';
    message = `${target.label} ${status === 529 || status === 503 ? 'is overloaded or unavailable' : 'had a server error'} (${status})${suffix}`;
  } else {
    kind = 'bad-request';
    message = `${target.label} rejected the request (${status})${suffix}`;
  }
  return new ProviderError({ kind, status, retryable, message, provider: target.provider, endpoint: target.endpoint, detail, retryAfterMs: wait });
}

/** The provider's own sentence from an error body, whichever of the common shapes it uses. */
function providerMessage(text: string): string {
  let said: unknown;
  try {
    const j = JSON.parse(text) as unknown;
    const o = (Array.isArray(j) ? (j[0] as unknown) : j) as Record<string, unknown> | null;
    const err = o?.['error'];
    said = typeof err === 'string' ? err : (err as Record<string, unknown> | undefined)?.['message'] ?? o?.['message'];
  } catch {
    said = text.trim().startsWith('<') ? '' : text;
  }
  const s = typeof said === 'string' ? said.replace(/\s+/g, ' ').trim() : '';
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

/** The error for a reply that arrived but could not be used (read after the policy), as the policy reports one. */
export function unusableReplyError(target: HttpTarget, e: unknown, call: HttpCall, attempts: number): ProviderError {
  return classify(target, e, call, false).withAttempts(attempts);
}

/** Maps anything thrown during an attempt to a ProviderError. */
function classify(target: HttpTarget, e: unknown, call: HttpCall, timedOut: boolean, timeoutMs?: number): ProviderError {
  if (isProviderError(e)) return e;
  const base = { provider: target.provider, endpoint: target.endpoint, cause: undefined };
  if (call.signal?.aborted) return new ProviderError({ ...base, kind: 'cancelled', message: `request to ${target.label} cancelled` });
  if (timedOut) {
    return new ProviderError({ ...base, kind: 'timeout', message: `${target.label} did not finish within ${formatSeconds(timeoutMs ?? 0)} at ${target.endpoint}; raise timeoutMs for this provider in promptops.config.yaml if the model is slow` });
  }
  const cause = (e as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code ?? (e as { code?: string } | undefined)?.code;
  const text = redactSecrets(e instanceof Error ? e.message : String(e), call.secrets);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH') {
    const hint = target.provider === 'ollama' ? ": is Ollama running? Start it with 'ollama serve'" : ': check baseUrl in promptops.config.yaml and your network';
    return new ProviderError({ ...base, kind: 'network', message: `could not connect to ${target.endpoint} (${code})${hint}` });
  }
  if ((code !== undefined && resetCodes.has(code)) || text === 'terminated' || /other side closed|socket hang up/i.test(cause?.message ?? '')) {
    return new ProviderError({ ...base, kind: 'network', retryable: true, message: `connection to ${target.label} at ${target.endpoint} was reset (${code ?? 'terminated'})` });
  }
  if (code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return new ProviderError({ ...base, kind: 'network', retryable: true, message: `connection to ${target.label} at ${target.endpoint} ended early (${code})` });
  }
  return new ProviderError({ ...base, kind: 'network', message: `request to ${target.label} at ${target.endpoint} failed: ${text}${code ? ` (${code})` : ''}` });
}

/** `31 s`, `1.5 s`, `250 ms`. */
export function formatSeconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${s >= 10 ? Math.round(s) : Math.round(s * 10) / 10} s`;
}

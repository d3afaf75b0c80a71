// The retry policy shared by every provider: which failures are worth another attempt, and how long to wait.

/** Statuses worth retrying: throttling, conflicts, and transient server trouble (529 is Anthropic's "overloaded"). */
const retryableStatuses = new Set([408, 409, 429, 500, 502, 503, 504, 529]);

/** True when an HTTP status is transient and the request may be sent again. */
export function isRetryableStatus(status: number): boolean {
  return retryableStatuses.has(status);
}

export interface BackoffOptions {
  /** First delay before jitter. */
  readonly baseMs: number;
  /** Ceiling of the exponential delay. */
  readonly maxMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, maxMs: 8_000 };

/** Exponential backoff with jitter for the n-th retry (1-based); `random` in [0, 1). */
export function backoffDelayMs(retry: number, random: number, options: BackoffOptions = defaultBackoff): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  // Jitter only downwards so the ceiling holds, and never below half so retries stay spread out.
  return Math.round(exp * (0.5 + 0.5 * random));
}

interface HeaderBag {
  get(name: string): string | null;
}

/**
 * How long the server asked us to wait, in ms: `retry-after-ms`, `Retry-After` (seconds or HTTP-date), or the
 * providers' rate-limit reset headers (OpenAI durations like `6m0s`, Anthropic RFC 3339 times; only meaningful for a
 * 429, since they come with every response). Undefined when silent.
 */
export function retryAfterMs(headers: HeaderBag, now: number, useResetHeaders = true): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const ra = headers.get('retry-after');
  if (ra !== null) {
    const v = ra.trim();
    if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
    const date = Date.parse(v);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  if (!useResetHeaders) return undefined;
  // Each limit reports its remaining budget and when it resets: wait for the exhausted ones if the server says
  // which, else for the soonest reset (a wrong guess costs one more 429, a too-long one gives up needlessly).
  const exhausted: number[] = [];
  const all: number[] = [];
  for (const [remaining, reset] of resetPairs) {
    const h = headers.get(reset);
    const d = h === null ? undefined : parseResetValue(h.trim(), now);
    if (d === undefined) continue;
    all.push(d);
    if (headers.get(remaining)?.trim() === '0') exhausted.push(d);
  }
  if (exhausted.length > 0) return Math.max(...exhausted);
  return all.length > 0 ? Math.min(...all) : undefined;
}

const resetPairs: readonly (readonly [string, string])[] = [
  ['x-ratelimit-remaining-requests', 'x-ratelimit-reset-requests'],
  ['x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens'],
  ['anthropic-ratelimit-requests-remaining', 'anthropic-ratelimit-requests-reset'],
  ['anthropic-ratelimit-tokens-remaining', 'anthropic-ratelimit-tokens-reset'],
  ['anthropic-ratelimit-input-tokens-remaining', 'anthropic-ratelimit-input-tokens-reset'],
  ['anthropic-ratelimit-output-tokens-remaining', 'anthropic-ratelimit-output-tokens-reset'],
];

function parseResetValue(v: string, now: number): number | undefined {
  const duration = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/.exec(v);
  if (duration && v !== '') {
    const [, h, m, s, msPart] = duration;
    return Math.ceil(Number(h ?? 0) * 3_600_000 + Number(m ?? 0) * 60_000 + Number(s ?? 0) * 1000 + Number(msPart ?? 0));
  }
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Sleeps for `ms`, rejecting with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// The one error type every provider client throws, with a message a person can act on and the raw body kept,
// redacted, for the details view.
import type { ProviderErrorKind } from './types';

export interface ProviderErrorInit {
  readonly kind: ProviderErrorKind;
  readonly message: string;
  readonly provider: string;
  readonly endpoint: string;
  readonly status?: number;
  readonly retryable?: boolean;
  readonly attempts?: number;
  /** The response body or other detail, already redacted by the caller. */
  readonly detail?: string;
  /** Milliseconds the server asked us to wait (Retry-After and friends), when it said. */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/** A failed provider call: `kind` says what went wrong, the message says what to do about it. */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly provider: string;
  readonly endpoint: string;
  readonly attempts: number;
  readonly detail: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProviderError';
    this.kind = init.kind;
    this.status = init.status;
    this.retryable = init.retryable ?? false;
    this.provider = init.provider;
    this.endpoint = init.endpoint;
    this.attempts = init.attempts ?? 1;
    this.detail = init.detail;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** A copy with a new message and attempt count (the retry loop rewrites the last error into the final one). */
  withAttempts(attempts: number, message?: string): ProviderError {
    return new ProviderError({
      kind: this.kind, message: message ?? this.message, provider: this.provider, endpoint: this.endpoint,
      status: this.status, retryable: this.retryable, attempts, detail: this.detail, retryAfterMs: this.retryAfterMs,
      cause: this.cause,
    });
  }

  /** Plain data for run records and the details view (no stack, no cause). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name, kind: this.kind, message: this.message, provider: this.provider, endpoint: this.endpoint,
      status: this.status, retryable: this.retryable, attempts: this.attempts, detail: this.detail,
    };
  }
}

/** True when `e` is a ProviderError (also across bundles, where `instanceof` can fail). */
export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError || (e instanceof Error && e.name === 'ProviderError' && 'kind' in e);
}

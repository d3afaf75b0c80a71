// Merges identical requests that are in flight at the same time into one provider call. The shared call is
// aborted only when every case waiting on it has been cancelled, so one cancelled run never fails another.
import { CancelledError, raceAbort } from './limiter';

type Start<T> = (signal: AbortSignal, onChunk: (delta: string) => void) => Promise<T>;

interface Shared<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  readonly listeners: Set<(delta: string) => void>;
  /** Text streamed so far, replayed to a case that joins late. */
  streamed: string;
  waiting: number;
}

/** A map of calls in progress by request key; share one instance to merge across runs (editor and CLI both). */
export class InFlightRequests<T> {
  private readonly calls = new Map<string, Shared<T>>();

  /** Number of distinct calls in progress. */
  get size(): number {
    return this.calls.size;
  }

  /** Joins the call running under `key`, or starts one. `merged` tells whether another case started it. */
  async run(
    key: string,
    start: Start<T>,
    signal?: AbortSignal,
    onChunk?: (delta: string) => void,
  ): Promise<{ readonly value: T; readonly merged: boolean }> {
    if (signal?.aborted === true) throw new CancelledError();
    let shared = this.calls.get(key);
    const merged = shared !== undefined;
    if (shared === undefined) {
      const controller = new AbortController();
      const created: Shared<T> = {
        controller,
        listeners: new Set(),
        streamed: '',
        waiting: 0,
        promise: undefined as unknown as Promise<T>,
      };
      const emit = (delta: string): void => {
        created.streamed += delta;
        for (const l of created.listeners) l(delta);
      };
      const promise = Promise.resolve()
        .then(() => start(controller.signal, emit))
        .finally(() => {
          if (this.calls.get(key) === created) this.calls.delete(key);
        });
      (created as { promise: Promise<T> }).promise = promise;
      // Waiters observe the outcome through raceAbort; this keeps an abandoned call from being an unhandled rejection.
      promise.catch(() => undefined);
      this.calls.set(key, created);
      shared = created;
    }
    const call = shared;
    call.waiting++;
    if (onChunk !== undefined) {
      if (call.streamed !== '') onChunk(call.streamed);
      call.listeners.add(onChunk);
    }
    let left = false;
    const onAbort = (): void => {
      left = true;
      call.waiting--;
      if (onChunk !== undefined) call.listeners.delete(onChunk);
      if (call.waiting === 0) call.controller.abort(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const value = await raceAbort(call.promise, signal);
      return { value, merged };
    } finally {
      if (!left) {
        signal?.removeEventListener('abort', onAbort);
        call.waiting--;
        if (onChunk !== undefined) call.listeners.delete(onChunk);
      }
    }
  }
}

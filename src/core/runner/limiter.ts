// Counting semaphores for the global and per-provider concurrency limits, and an abort-aware wait.

/** A FIFO counting semaphore; `acquire` resolves to a release function, or rejects when the signal aborts first. */
export class Semaphore {
  private active = 0;
  private readonly waiters: { grant: () => void; reject: (e: unknown) => void }[] = [];

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) this.limit = 1;
  }

  /** Waits for a free slot; the returned function gives it back (calling it twice is harmless). */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolvePromise, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolvePromise(this.releaser());
        },
        reject,
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // The slot passes straight to the next waiter, so `active` only drops when nobody waits.
      if (next !== undefined) next.grant();
      else this.active--;
    };
  }
}

/** The error a cancelled wait rejects with. */
export class CancelledError extends Error {
  readonly kind = 'cancelled';
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

function abortError(signal: AbortSignal | undefined): CancelledError {
  const reason: unknown = signal?.reason;
  return new CancelledError(reason instanceof Error && reason.message !== '' ? reason.message : 'cancelled');
}

/** Settles with the promise, or rejects with CancelledError the moment the signal aborts, whichever comes first. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolvePromise, reject) => {
    const onAbort = (): void => {
      promise.catch(() => undefined);
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolvePromise(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

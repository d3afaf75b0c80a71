// A per-provider concurrency limit that halves on 429s and creeps back up after a run of successes (AIMD),
// so a team's shared quota is not hammered by a wide test matrix.

/** Limits concurrent requests; `acquire` resolves with a release function. */
export class AdaptiveLimiter {
  private current: number;
  private active = 0;
  private successes = 0;
  private readonly waiters: { resolve: (release: () => void) => void; reject: (e: unknown) => void; signal?: AbortSignal; onAbort?: () => void }[] = [];

  constructor(readonly max: number, private readonly recoverAfter = 5) {
    this.current = Math.max(1, Math.floor(max));
  }

  /** The limit in force now (between 1 and `max`). */
  get limit(): number {
    return this.current;
  }

  get inFlight(): number {
    return this.active;
  }

  /** Waits for a slot; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (this.active < this.current) return Promise.resolve(this.grant());
    return new Promise((resolve, reject) => {
      const waiter: (typeof this.waiters)[number] = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i !== -1) this.waiters.splice(i, 1);
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  /** The server throttled us: halve the limit. */
  onRateLimited(): void {
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.successes = 0;
  }

  /** A request succeeded: after enough in a row, allow one more in flight. */
  onSuccess(): void {
    if (this.current >= this.max) return;
    this.successes++;
    if (this.successes >= this.recoverAfter) {
      this.current++;
      this.successes = 0;
      this.pump();
    }
  }

  private grant(): () => void {
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.pump();
    };
  }

  private pump(): void {
    while (this.active < this.current && this.waiters.length > 0) {
      const w = this.waiters.shift()!;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      w.resolve(this.grant());
    }
  }
}

/**
 * A counting semaphore per key (an endpoint's host:port): at most `limit` holders at once, the
 * others wait in FIFO order.
 */
export class ConcurrencyLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency limit must be ≥ 1, got ${limit}`);
  }

  /** Resolves with a release function once a slot for `key` is free; call it exactly once. */
  async acquire(key: string): Promise<() => void> {
    const inUse = this.active.get(key) ?? 0;
    if (inUse < this.limit) {
      this.active.set(key, inUse + 1);
    } else {
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(key) ?? [];
        queue.push(resolve);
        this.waiting.set(key, queue);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(key);
    };
  }

  private release(key: string): void {
    const next = this.waiting.get(key)?.shift();
    // The slot passes straight to the next waiter, so the count stays the same.
    if (next) return next();
    const inUse = (this.active.get(key) ?? 1) - 1;
    if (inUse === 0) this.active.delete(key);
    else this.active.set(key, inUse);
  }
}

/**
 * An interruptible pause: `wait(ms)` ends after `ms` or at the next `wake()`, whichever is first.
 * A wake that comes while nobody waits is remembered (once), so work that arrives between "found
 * nothing" and "start waiting" is not left for the next poll.
 */
export class Wakeup {
  private woken = false;
  private current: { timer: NodeJS.Timeout; resolve: () => void } | null = null;

  wait(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.end(), ms);
      this.current = { timer, resolve };
    });
  }

  wake(): void {
    if (this.current) this.end();
    else this.woken = true;
  }

  private end(): void {
    const current = this.current;
    this.current = null;
    if (!current) return;
    clearTimeout(current.timer);
    current.resolve();
  }
}

/**
 * Drives a step function at a rate (events per second) from a 50 ms timer: each tick applies the
 * events due since the rate was set, catching up at most one second's worth after a stall.
 */
export class RateTimer {
  private rateValue = 0;
  private timer: NodeJS.Timeout | null = null;
  private anchorMs = 0;
  private anchored = 0;

  constructor(private readonly step: (n: number) => void) {}

  get rate(): number {
    return this.rateValue;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start(rate?: number): void {
    if (rate !== undefined) this.setRate(rate);
    if (this.timer) return;
    this.reanchor();
    this.timer = setInterval(() => this.tick(), 50);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  setRate(rate: number): void {
    if (!(rate >= 0)) throw new Error(`churn rate must be ≥ 0, got ${rate}`);
    this.rateValue = rate;
    this.reanchor();
  }

  private reanchor(): void {
    this.anchorMs = performance.now();
    this.anchored = 0;
  }

  private tick(): void {
    const due = Math.floor(((performance.now() - this.anchorMs) * this.rateValue) / 1000) - this.anchored;
    if (due <= 0) return;
    this.anchored += due;
    this.step(Math.min(due, Math.max(1, Math.ceil(this.rateValue))));
  }
}

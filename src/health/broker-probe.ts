import { connect } from 'amqplib';

export interface BrokerState {
  reachable: boolean;
  checkedAt: Date;
  error?: string;
}

/**
 * Opens and closes an AMQP connection to tell whether the broker is reachable. Results are cached
 * for a few seconds so readiness probes do not open a connection each time.
 */
export class BrokerProbe {
  private last: BrokerState | null = null;
  private inflight: Promise<BrokerState> | null = null;

  constructor(
    private readonly url: string,
    private readonly cacheMs = 5000,
    private readonly timeoutMs = 2000,
  ) {}

  async state(now = new Date()): Promise<BrokerState> {
    if (this.last && now.getTime() - this.last.checkedAt.getTime() < this.cacheMs) return this.last;
    this.inflight ??= this.probe().finally(() => (this.inflight = null));
    return (this.last = await this.inflight);
  }

  private async probe(): Promise<BrokerState> {
    const checkedAt = new Date();
    try {
      const conn = await connect(this.url, { timeout: this.timeoutMs });
      await conn.close();
      return { reachable: true, checkedAt };
    } catch (err) {
      // amqplib messages may quote the URL; keep only the cause, never the credentials.
      const code = (err as NodeJS.ErrnoException).code;
      return { reachable: false, checkedAt, error: code ?? 'connection failed' };
    }
  }
}

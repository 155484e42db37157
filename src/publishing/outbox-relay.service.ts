import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.token.js';
import type { FederationConfig } from '../config/config.types.js';
import { DestinationPipeline } from './destination-pipeline.js';
import { MESSAGE_DESTINATIONS, type MessageDestination } from './message-destination.port.js';
import { OutboxClaimRepository } from './outbox-claims.repository.js';
import { OUTBOX_RELAY_OPTIONS, type OutboxRelayOptions } from './outbox-relay.options.js';
import { OutboxMetrics } from './outbox.metrics.js';

export type OutboxRelayConfig = {
  federation: Pick<FederationConfig, 'outbox'>;
  shutdownGraceSeconds: number;
};

/**
 * Publishes the outbox: one pipeline per enabled destination, started on application bootstrap in
 * every process. It is not a scheduled job on purpose: replicas relay side by side, kept apart by
 * `FOR UPDATE SKIP LOCKED` and per-batch leases, so a second replica adds throughput instead of
 * waiting for a lock. With the embedded database one process owns the outbox and the same code
 * runs unchanged.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** `claimed_by` of this relay's batches starts with `${instanceId}#`. */
  readonly instanceId: string;
  private readonly log = new Logger('OutboxRelay');
  private readonly claims: OutboxClaimRepository;
  private readonly pipelines: DestinationPipeline[];
  private phase: 'idle' | 'running' | 'stopping' = 'idle';
  private stopping: Promise<void> | null = null;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(MESSAGE_DESTINATIONS) private readonly destinations: readonly MessageDestination[],
    @Inject(APP_CONFIG) private readonly config: OutboxRelayConfig,
    @Inject(OutboxMetrics) metrics: OutboxMetrics,
    @Optional() @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions | null = null,
  ) {
    const outbox = config.federation.outbox;
    this.instanceId = options?.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.claims = new OutboxClaimRepository(dataSource);
    const settings = {
      batchSize: outbox.batchSize,
      leaseSeconds: outbox.leaseSeconds,
      maxBackoffSeconds: outbox.maxBackoffSeconds,
      idlePollMs: options?.idlePollMs ?? 1_000,
      // Published within half a lease of the claim, for at most half a lease: every publish ends
      // before its claim could expire and be taken over by another relay.
      publishTimeoutMs: options?.publishTimeoutMs ?? outbox.leaseSeconds * 500,
      maxOutagePauseMs: options?.maxOutagePauseMs ?? 30_000,
      random: options?.random ?? Math.random,
      claimPrefix: `${this.instanceId}#`,
    };
    this.pipelines = destinations.map(
      (d) => new DestinationPipeline(d, this.claims, metrics, settings, this.log),
    );
  }

  onApplicationBootstrap(): void {
    if (this.options?.autoStart !== false) this.start();
  }

  // "before": the DataSource closes in onApplicationShutdown, and claims are released through it.
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop(this.config.shutdownGraceSeconds * 1_000);
  }

  /** Starts one pipeline per destination. Idempotent; no restart after stop. */
  start(): void {
    if (this.phase !== 'idle') return;
    this.phase = 'running';
    this.pipelines.forEach((p) => p.start());
    if (this.destinations.length === 0) {
      this.log.warn('no message destination is enabled: messages are kept in the outbox, not published');
    } else {
      const names = this.destinations.map((d) => d.name);
      this.log.log({ msg: 'outbox relay started', destinations: names, instance: this.instanceId });
    }
  }

  /** New work is committed: look now instead of at the next poll. Cheap; call it freely. */
  wake(): void {
    this.pipelines.forEach((p) => p.wake());
  }

  /**
   * Stops claiming, waits up to `graceMs` for publishes in flight and their outcomes, then releases
   * every claim still held (including a publish that did not finish: it goes out again elsewhere,
   * possibly twice, never lost).
   */
  stop(graceMs: number): Promise<void> {
    this.stopping ??= this.shutdown(graceMs);
    return this.stopping;
  }

  private async shutdown(graceMs: number): Promise<void> {
    this.phase = 'stopping';
    const finished = Promise.all(this.pipelines.map((p) => p.stop()));
    if (!(await settlesWithin(finished, graceMs))) {
      this.log.warn({ msg: 'outbox publishes still in flight after the grace period', graceMs });
    }
    try {
      const released = await this.claims.releaseAll(`${this.instanceId}#`);
      if (released > 0) this.log.log({ msg: 'outbox claims released', deliveries: released });
    } catch (err) {
      this.log.warn({
        msg: 'cannot release outbox claims; they expire after the lease',
        error: (err as Error).message,
      });
    }
  }
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return settled;
}

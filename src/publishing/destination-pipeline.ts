import type { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { MESSAGE_KINDS, type MessageKind } from '../config/config.types.js';
import { BatchPublisher, type BatchPublisherSettings } from './batch-publisher.js';
import type { MessageDestination } from './message-destination.port.js';
import type { ClaimedDelivery, OutboxClaimRepository } from './outbox-claims.repository.js';
import type { OutboxMetrics } from './outbox.metrics.js';
import { settleOutcomes } from './publish-outcomes.js';
import { Wakeup } from './wakeup.js';

/** How often a paused pipeline looks whether its destination came back. */
const OUTAGE_POLL_MS = 250;
const isUp = (status: string) => status === 'connected' || status === 'ready';

export interface PipelineSettings extends BatchPublisherSettings {
  batchSize: number;
  leaseSeconds: number;
  idlePollMs: number;
  maxOutagePauseMs: number;
  /** Batch tokens (`claimed_by`) are this prefix plus a sequence number. */
  claimPrefix: string;
}

interface Batch {
  token: string;
  items: ClaimedDelivery[];
  /** Local time just before the claim was sent: its lease runs from no earlier than this. */
  claimedAt: number;
}

const EMPTY: Batch = { token: '', items: [], claimedAt: 0 };

/**
 * The relay loop of one destination: claim a batch, publish it (outside any transaction), record
 * the outcomes. Three stages overlap: while batch N is being published, batch N+1 is claimed and
 * the outcomes of batch N-1 are written. `publish` is never called twice at once on a destination,
 * so a destination needs no concurrency of its own.
 */
export class DestinationPipeline {
  private readonly wakeup = new Wakeup();
  private readonly stopping = new AbortController();
  private readonly kinds: MessageKind[];
  private readonly batches: BatchPublisher;
  private sequence = 0;
  private claimFailures = 0;
  private outagePauseMs = 0;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly destination: MessageDestination,
    private readonly claims: OutboxClaimRepository,
    metrics: OutboxMetrics,
    private readonly settings: PipelineSettings,
    private readonly log: Logger,
  ) {
    this.kinds = MESSAGE_KINDS.filter((kind) => destination.accepts(kind));
    this.batches = new BatchPublisher(destination, claims, metrics, settings, log);
    metrics.declare(destination.name, this.kinds);
  }

  start(): void {
    this.loop ??= this.run();
  }

  wake(): void {
    this.wakeup.wake();
  }

  /** Stops claiming; resolves once the batch in flight is published and its outcomes recorded. */
  stop(): Promise<void> {
    this.stopping.abort();
    this.wakeup.wake();
    return this.loop ?? Promise.resolve();
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(): Promise<void> {
    let next: Promise<Batch> | null = null;
    let recording: Promise<void> = Promise.resolve();
    while (!this.stopped) {
      const batch = await (next ?? this.claim());
      next = null;
      if (batch.items.length === 0) {
        await this.wakeup.wait(this.idleMs());
        continue;
      }
      if (this.stopped) break; // claimed while stopping: the relay releases it
      // A batch prefetched during a slow publish may have too little lease left to be published
      // before another relay may take it over: give it back and claim afresh.
      if (Date.now() - batch.claimedAt > this.settings.leaseSeconds * 500) {
        await this.handBack(batch);
        continue;
      }
      // A full batch suggests more work: claim the next one while this one is published.
      if (batch.items.length === this.settings.batchSize) next = this.claim();
      const outcomes = await this.batches.publish(batch.items);
      await recording; // outcomes are recorded in batch order, one batch at a time
      const settled = settleOutcomes(batch.items, outcomes);
      recording = this.batches.record(batch.token, settled);
      if (settled.outage) {
        // The destination is down: hand the prefetched batch back and pause, rather than burning
        // through the whole backlog's attempts in seconds.
        if (next) await this.handBack(await next);
        next = null;
        await this.pauseForOutage();
      } else {
        this.outagePauseMs = 0;
      }
    }
    await recording;
    if (next) await next; // the relay releases whatever it claimed
  }

  private idleMs(): number {
    if (this.claimFailures === 0) return this.settings.idlePollMs;
    return Math.min(30_000, this.settings.idlePollMs * 2 ** Math.min(this.claimFailures, 5));
  }

  /** Never rejects: a database error is logged and reads as "nothing to do" for a while. */
  private async claim(): Promise<Batch> {
    if (this.kinds.length === 0) return EMPTY;
    const token = `${this.settings.claimPrefix}${++this.sequence}`;
    const { batchSize, leaseSeconds } = this.settings;
    const destination = this.destination.name;
    const claimedAt = Date.now();
    try {
      const items = await this.claims.claim(destination, this.kinds, batchSize, leaseSeconds, token);
      if (this.claimFailures > 0) this.log.log({ msg: 'outbox claims work again', destination });
      this.claimFailures = 0;
      return { token, items, claimedAt };
    } catch (err) {
      // One warning per streak: a database outage must not flood the log once a second.
      if (this.claimFailures++ === 0) {
        this.log.warn({ msg: 'cannot claim outbox work', destination, error: (err as Error).message });
      }
      return EMPTY;
    }
  }

  private async handBack(batch: Batch): Promise<void> {
    if (batch.items.length === 0) return;
    await this.claims.release(batch.token).catch(() => undefined); // else its lease expires
  }

  private async pauseForOutage(): Promise<void> {
    this.outagePauseMs = Math.min(
      this.settings.maxOutagePauseMs,
      Math.max(this.settings.idlePollMs, this.outagePauseMs * 2),
    );
    // In short slices, so a destination that comes back (the broker reconnected) is used at once
    // instead of after the rest of a pause that may have grown to maxOutagePauseMs.
    const downSince = this.destination.state().since.getTime();
    const until = Date.now() + this.outagePauseMs;
    while (Date.now() < until && !this.stopping.signal.aborted) {
      await sleep(Math.min(OUTAGE_POLL_MS, until - Date.now()), undefined, {
        signal: this.stopping.signal,
      }).catch(() => undefined);
      const state = this.destination.state();
      if (state.since.getTime() !== downSince && isUp(state.status)) return;
    }
  }
}

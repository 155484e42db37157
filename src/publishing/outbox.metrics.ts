import { Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { MESSAGE_KINDS, type MessageKind } from '../config/config.types.js';
import type { PublishFailureReason } from './message-destination.port.js';

/** Pending work per kind, as the gauges show it. */
export interface PendingByKind {
  kind: MessageKind;
  messages: number;
  oldestAgeSeconds: number;
}

export interface PendingSource {
  pendingByKind(): Promise<PendingByKind[]>;
}

/** One batch publish: a directory write takes milliseconds, a broker under load seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The outbox's Prometheus metrics. Counters move as this relay publishes; the two gauges describe
 * the shared outbox and are read from the database on scrape, at most once per `cacheMs`, so a
 * storm of scrapes (several Prometheus servers, a dashboard refresh) costs one query.
 */
export class OutboxMetrics {
  private readonly log = new Logger('OutboxMetrics');
  private readonly publishedMessages: Counter<'destination' | 'kind'>;
  private readonly publishedRecords: Counter<'destination' | 'kind'>;
  private readonly failures: Counter<'destination' | 'kind' | 'reason'>;
  private readonly duration: Histogram<'destination'>;
  private readonly pending: Gauge<'kind'>;
  private readonly oldest: Gauge<'kind'>;
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | null = null;

  constructor(
    registry: Registry,
    private readonly source: PendingSource,
    private readonly cacheMs = 5_000,
  ) {
    const registers = [registry];
    const refresh = () => this.refresh();
    this.publishedMessages = new Counter({
      name: 'fedwatch_outbox_published_messages_total',
      help: 'Messages this instance published and marked published, per destination and kind.',
      labelNames: ['destination', 'kind'],
      registers,
    });
    this.publishedRecords = new Counter({
      name: 'fedwatch_outbox_published_records_total',
      help: 'Records inside the messages this instance published, per destination and kind.',
      labelNames: ['destination', 'kind'],
      registers,
    });
    this.failures = new Counter({
      name: 'fedwatch_outbox_publish_failures_total',
      help: 'Failed publish attempts of single messages on this instance, by reason.',
      labelNames: ['destination', 'kind', 'reason'],
      registers,
    });
    this.duration = new Histogram({
      name: 'fedwatch_outbox_publish_duration_seconds',
      help: 'Duration of one batch publish to a destination (until confirmed or written).',
      labelNames: ['destination'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.pending = new Gauge({
      name: 'fedwatch_outbox_pending_messages',
      help: 'Messages with at least one delivery not yet published (whole outbox, all replicas).',
      labelNames: ['kind'],
      registers,
      collect: refresh,
    });
    this.oldest = new Gauge({
      name: 'fedwatch_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest message not yet published to every destination; 0 when none.',
      labelNames: ['kind'],
      registers,
      collect: refresh,
    });
  }

  /** Zeroes so that a destination's series exist before its first publish (absent series break alerts). */
  declare(destination: string, kinds: readonly MessageKind[]): void {
    for (const kind of kinds) {
      this.publishedMessages.inc({ destination, kind }, 0);
      this.publishedRecords.inc({ destination, kind }, 0);
    }
  }

  /** Starts timing one batch publish; call the result when it settles. */
  startPublish(destination: string): () => void {
    const end = this.duration.startTimer({ destination });
    return () => void end();
  }

  published(destination: string, kind: MessageKind, records: number): void {
    this.publishedMessages.inc({ destination, kind });
    this.publishedRecords.inc({ destination, kind }, records);
  }

  failed(destination: string, kind: MessageKind, reason: PublishFailureReason): void {
    this.failures.inc({ destination, kind, reason });
  }

  private async refresh(): Promise<void> {
    if (Date.now() - this.refreshedAt < this.cacheMs) return;
    this.refreshing ??= this.load().finally(() => (this.refreshing = null));
    await this.refreshing;
  }

  private async load(): Promise<void> {
    try {
      const rows = new Map((await this.source.pendingByKind()).map((r) => [r.kind, r]));
      for (const kind of MESSAGE_KINDS) {
        this.pending.set({ kind }, rows.get(kind)?.messages ?? 0);
        this.oldest.set({ kind }, rows.get(kind)?.oldestAgeSeconds ?? 0);
      }
    } catch (err) {
      // A scrape must not fail because the database is down: keep the last values.
      this.log.debug({ msg: 'outbox gauges not refreshed', error: (err as Error).message });
    } finally {
      this.refreshedAt = Date.now();
    }
  }
}

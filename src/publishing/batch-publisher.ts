import type { Logger } from '@nestjs/common';
import { backoffSeconds } from './backoff.js';
import type { MessageDestination, PublishOutcome } from './message-destination.port.js';
import type { ClaimedDelivery, DeliveryFailure, OutboxClaimRepository } from './outbox-claims.repository.js';
import type { OutboxMetrics } from './outbox.metrics.js';
import type { SettledBatch } from './publish-outcomes.js';

export interface BatchPublisherSettings {
  publishTimeoutMs: number;
  maxBackoffSeconds: number;
  random: () => number;
}

/** One claimed batch through one destination: publish it, then record what happened. */
export class BatchPublisher {
  constructor(
    private readonly destination: MessageDestination,
    private readonly claims: OutboxClaimRepository,
    private readonly metrics: OutboxMetrics,
    private readonly settings: BatchPublisherSettings,
    private readonly log: Logger,
  ) {}

  /** Never rejects: a destination that throws or hangs fails the whole batch instead. */
  async publish(items: readonly ClaimedDelivery[]): Promise<PublishOutcome[]> {
    const done = this.metrics.startPublish(this.destination.name);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.settings.publishTimeoutMs);
    });
    try {
      const outgoing = items.map(({ id: _id, attempts: _attempts, ...message }) => message);
      const result = await Promise.race([this.destination.publish(outgoing), timeout]);
      if (result !== 'timeout') return result;
      const error = `no answer within ${this.settings.publishTimeoutMs} ms`;
      return items.map((i) => ({ messageId: i.messageId, ok: false, reason: 'timeout', error }));
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      return items.map((i) => ({ messageId: i.messageId, ok: false, reason: 'unreachable', error }));
    } finally {
      clearTimeout(timer);
      done();
    }
  }

  /**
   * Marks the batch's deliveries published or failed (with back-off), counting them. Never
   * rejects: when the outcomes cannot be written (database down), the claims simply expire and
   * the messages are published again — a duplicate, never a loss.
   */
  async record(token: string, settled: SettledBatch): Promise<void> {
    const name = this.destination.name;
    for (const f of settled.failed) this.metrics.failed(name, f.item.kind, f.reason);
    try {
      const marked = new Set(
        await this.claims.markPublished(
          name,
          token,
          settled.ok.map((i) => i.id),
        ),
      );
      for (const item of settled.ok) {
        if (marked.has(item.id)) this.metrics.published(name, item.kind, item.recordCount);
      }
      const { maxBackoffSeconds, random } = this.settings;
      const failures: DeliveryFailure[] = settled.failed.map((f) => ({
        id: f.item.id,
        reason: f.reason,
        error: f.error,
        delaySeconds: backoffSeconds(f.item.attempts + 1, maxBackoffSeconds, random),
      }));
      await this.claims.markFailed(name, token, failures);
      const first = settled.failed[0];
      if (first) {
        this.log.warn({
          msg: 'outbox publish failed',
          destination: name,
          failed: settled.failed.length,
          published: marked.size,
          reason: first.reason,
          error: first.error,
        });
      }
    } catch (err) {
      this.log.warn({
        msg: 'cannot record publish outcomes; the messages go out again when their claim expires',
        destination: name,
        token,
        error: (err as Error).message,
      });
    }
  }
}

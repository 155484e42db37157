import { MESSAGE_KINDS, type MessageKind } from '../../src/config/config.types.js';
import {
  MessageDestination,
  type DestinationState,
  type OutgoingMessage,
  type PublishFailureReason,
  type PublishOutcome,
} from '../../src/publishing/message-destination.port.js';

interface Failure {
  reason: PublishFailureReason;
  error: string;
}

/**
 * An in-memory MessageDestination that records every message it accepts. Tests steer it:
 * - `failIds` fails particular messages (by message id) with a reason, until removed;
 * - `failNext(n, reason)` fails every message of the next `n` publish calls;
 * - `down` makes `publish` reject (a connection-level failure), as a broken adapter might;
 * - `delayMs` makes each publish call take that long (a slow broker, a hung one).
 * It also notes the highest number of publish calls it saw running at once.
 */
export class FakeMessageDestination extends MessageDestination {
  /** Every message accepted (`ok`), in order, duplicates included. */
  readonly published: OutgoingMessage[] = [];
  readonly failIds = new Map<string, Failure>();
  /** Publish calls so far, and the batch sizes. */
  readonly batches: number[] = [];
  down: Error | null = null;
  delayMs = 0;
  maxConcurrentCalls = 0;
  closed = false;
  private failNextCalls: { remaining: number } & Failure = { remaining: 0, reason: 'nacked', error: '' };
  private running = 0;
  private readonly kinds: ReadonlySet<MessageKind>;

  constructor(
    readonly name = 'fake',
    kinds: readonly MessageKind[] = MESSAGE_KINDS,
  ) {
    super();
    this.kinds = new Set(kinds);
  }

  accepts(kind: MessageKind): boolean {
    return this.kinds.has(kind);
  }

  failNext(calls: number, reason: PublishFailureReason = 'nacked', error = `fake ${reason}`): void {
    this.failNextCalls = { remaining: calls, reason, error };
  }

  /** How often a message was accepted. */
  count(messageId: string): number {
    return this.published.filter((m) => m.messageId === messageId).length;
  }

  async publish(batch: readonly OutgoingMessage[]): Promise<PublishOutcome[]> {
    this.running++;
    this.maxConcurrentCalls = Math.max(this.maxConcurrentCalls, this.running);
    try {
      this.batches.push(batch.length);
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      if (this.down) throw this.down;
      const failAll = this.failNextCalls.remaining > 0 ? this.failNextCalls : null;
      if (failAll) failAll.remaining--;
      return batch.map((m) => {
        const failure = failAll ?? this.failIds.get(m.messageId);
        if (failure)
          return { messageId: m.messageId, ok: false, reason: failure.reason, error: failure.error };
        this.published.push(m);
        return { messageId: m.messageId, ok: true };
      });
    } finally {
      this.running--;
    }
  }

  state(): DestinationState {
    return this.down
      ? { status: 'down', error: this.down.message, since: new Date(0) }
      : { status: 'connected', since: new Date(0) };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

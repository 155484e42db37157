import type { EntityManager } from 'typeorm';
import type { MessageKind } from '../config/config.types.js';

/** A message to publish, as its producer (accounting, discovery) builds it. */
export interface OutboxMessageInput {
  kind: MessageKind;
  /** The unsigned body; its SHA-256 (hex) is the message id. */
  body: string;
  contentType: string;
  recordCount: number;
  /** GOCDB site the message speaks for (AMQP header `site`). */
  site: string;
}

export interface EnqueueResult {
  /** Message ids (SHA-256 hex of the body), in input order. */
  messageIds: string[];
  /** How many were new; an identical body already in the outbox is not queued again. */
  inserted: number;
  /** Identical to one already queued or published and not republished. */
  duplicates: number;
}

/**
 * Writes messages into the transactional outbox. Producers call it with the EntityManager of the
 * transaction that stores their records and advances their watermark, so records, messages and
 * watermark commit (or roll back) together.
 */
export abstract class OutboxWriter {
  /**
   * @param manager the caller's transaction
   * @param options.republish queue again for every destination even if an identical body was
   *   published before (`--republish`); otherwise such a message is left as it is.
   */
  abstract enqueue(
    manager: EntityManager,
    messages: readonly OutboxMessageInput[],
    options?: { republish?: boolean },
  ): Promise<EnqueueResult>;
}

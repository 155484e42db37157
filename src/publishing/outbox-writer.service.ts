import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { MESSAGE_KINDS, type MessageKind } from '../config/config.types.js';
import { MESSAGE_DESTINATIONS, type MessageDestination } from './message-destination.port.js';
import { deflateBody } from './body-codec.js';
import { messageIdOf } from './message-id.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { queryRows } from './outbox-sql.js';
import { OutboxWriter, type EnqueueResult, type OutboxMessageInput } from './outbox.port.js';
import { afterCommit } from './post-commit.js';

/** Rows per statement: large enough to batch well, small enough to bound one statement's size. */
const CHUNK = 500;

const MESSAGE_COLUMNS = 6;

// One parameter per value, not unnest() over arrays: the deflated bodies then travel as binary
// bytea parameters, where an array would be sent as a hex-escaped array literal for PostgreSQL to
// parse back (that parsing, not the storing, was most of the insert's cost).
function insertMessagesSql(rows: number): string {
  const tuples = Array.from({ length: rows }, (_, r) => {
    const p = (c: number) => `$${r * MESSAGE_COLUMNS + c}`;
    return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}::bytea, ${p(5)}, ${p(6)}::int)`;
  });
  return `INSERT INTO outbox_message (message_id, kind, site, body_deflated, content_type, record_count)
    VALUES ${tuples.join(', ')}
    ON CONFLICT (message_id) DO NOTHING
    RETURNING id, message_id`;
}

const FIND_MESSAGES = `SELECT id, message_id FROM outbox_message WHERE message_id = ANY($1::text[])`;

// For a new message a plain insert; for a republished one its delivery starts over.
const UPSERT_DELIVERIES = `
  INSERT INTO outbox_delivery (outbox_message_id, destination, kind)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])
  ON CONFLICT (outbox_message_id, destination) DO UPDATE SET
    state = 'pending', attempts = 0, last_error = NULL, last_failure_reason = NULL, last_attempt_at = NULL,
    next_attempt_at = now(), claimed_until = NULL, claimed_by = NULL, published_at = NULL`;

interface Prepared {
  messageId: string;
  input: OutboxMessageInput;
  /** The body's UTF-8 bytes, hashed for the id and deflated for storage. */
  utf8: Buffer;
}

/**
 * Writes messages into the outbox inside the caller's transaction (the given EntityManager only),
 * with one delivery per enabled destination that accepts the kind. A message no destination
 * accepts is still stored, with no delivery, and shows in the status.
 *
 * The relay learns of new work through a post-commit hook on the caller's transaction: callers do
 * nothing, and a rolled-back transaction wakes nobody. Other replicas find the work on their next
 * poll (within a second).
 */
@Injectable()
export class OutboxWriterService extends OutboxWriter {
  constructor(
    @Inject(MESSAGE_DESTINATIONS) private readonly destinations: readonly MessageDestination[],
    @Inject(OutboxRelay) private readonly relay: Pick<OutboxRelay, 'wake'>,
  ) {
    super();
  }

  async enqueue(
    manager: EntityManager,
    messages: readonly OutboxMessageInput[],
    options: { republish?: boolean } = {},
  ): Promise<EnqueueResult> {
    const prepared = messages.map((input): Prepared => {
      const utf8 = Buffer.from(checked(input).body, 'utf8');
      return { messageId: messageIdOf(utf8), input, utf8 };
    });
    // An identical body twice in one call is one message, like an identical body already stored.
    const unique = [...new Map(prepared.map((p) => [p.messageId, p])).values()];
    let inserted = 0;
    let republished = 0;
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      const added = await this.insertMessages(manager, chunk);
      inserted += added.size;
      const deliver = new Map(added);
      if (options.republish) {
        const existing = await this.findExisting(
          manager,
          chunk.filter((p) => !added.has(p.messageId)),
        );
        existing.forEach((id, messageId) => deliver.set(messageId, id));
        republished += existing.size;
      }
      await this.upsertDeliveries(manager, chunk, deliver);
    }
    if (inserted + republished > 0) afterCommit(manager, () => this.relay.wake());
    return {
      messageIds: prepared.map((p) => p.messageId),
      inserted,
      duplicates: messages.length - inserted - republished,
    };
  }

  /** message_id → outbox_message.id of the rows this call inserted. */
  private async insertMessages(manager: EntityManager, chunk: Prepared[]): Promise<Map<string, number>> {
    const bodies = await Promise.all(chunk.map((p) => deflateBody(p.utf8)));
    const params = chunk.flatMap((p, i) => [
      p.messageId,
      p.input.kind,
      p.input.site,
      bodies[i],
      p.input.contentType,
      p.input.recordCount,
    ]);
    const rows = await queryRows<{ id: string; message_id: string }>(
      manager,
      insertMessagesSql(chunk.length),
      params,
    );
    return new Map(rows.map((r) => [r.message_id, Number(r.id)]));
  }

  private async findExisting(manager: EntityManager, chunk: Prepared[]): Promise<Map<string, number>> {
    if (chunk.length === 0) return new Map();
    const rows = await queryRows<{ id: string; message_id: string }>(manager, FIND_MESSAGES, [
      chunk.map((p) => p.messageId),
    ]);
    return new Map(rows.map((r) => [r.message_id, Number(r.id)]));
  }

  private async upsertDeliveries(
    manager: EntityManager,
    chunk: Prepared[],
    ids: Map<string, number>,
  ): Promise<void> {
    const rows: { id: number; destination: string; kind: MessageKind }[] = [];
    for (const p of chunk) {
      const id = ids.get(p.messageId);
      if (id === undefined) continue;
      for (const d of this.destinations) {
        if (d.accepts(p.input.kind)) rows.push({ id, destination: d.name, kind: p.input.kind });
      }
    }
    if (rows.length === 0) return;
    await manager.query(UPSERT_DELIVERIES, [
      rows.map((r) => r.id),
      rows.map((r) => r.destination),
      rows.map((r) => r.kind),
    ]);
  }
}

/** A producer bug (unknown kind, negative count) must fail its transaction, not be stored. */
function checked(input: OutboxMessageInput): OutboxMessageInput {
  if (!(MESSAGE_KINDS as readonly string[]).includes(input.kind)) {
    throw new FedwatchError(ErrorCode.INVALID_ARGUMENT, `unknown message kind "${input.kind}"`);
  }
  if (!Number.isInteger(input.recordCount) || input.recordCount < 0) {
    throw new FedwatchError(ErrorCode.INVALID_ARGUMENT, `recordCount must be a whole number ≥ 0`, {
      recordCount: input.recordCount,
    });
  }
  return input;
}

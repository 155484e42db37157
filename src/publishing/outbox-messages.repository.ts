import type { MessageKind } from '../config/config.types.js';
import { inflateBody } from './body-codec.js';
import { queryCount, queryRows, toNumber, type SqlRunner } from './outbox-sql.js';
import type { DeliveryState, OutboxDeliveryView, OutboxMessageState } from './outbox-view.js';

export interface MessageRow {
  id: number;
  messageId: string;
  kind: MessageKind;
  site: string;
  contentType: string;
  recordCount: number;
  createdAt: Date;
  body?: string;
}

export interface ListFilter {
  kind?: MessageKind;
  state?: OutboxMessageState;
  /** Only messages with a smaller id (keyset pagination, newest first). */
  before?: number;
  limit: number;
}

const has = (condition: string) =>
  `EXISTS (SELECT 1 FROM outbox_delivery d WHERE d.outbox_message_id = m.id${condition})`;
const STATE_FILTER: Record<OutboxMessageState, string> = {
  pending: has(` AND d.state = 'pending'`),
  failing: has(` AND d.state = 'pending' AND d.last_error IS NOT NULL`),
  published: `${has('')} AND NOT ${has(` AND d.state = 'pending'`)}`,
  'no-destination': `NOT ${has('')}`,
};

const MESSAGE_COLUMNS = `m.id, m.message_id, m.kind, m.site, m.content_type, m.record_count, m.created_at`;

const DELIVERIES = `
  SELECT outbox_message_id, destination, state, attempts, last_error, last_failure_reason, last_attempt_at,
         next_attempt_at, claimed_until, claimed_by, published_at
    FROM outbox_delivery WHERE outbox_message_id = ANY($1::bigint[]) ORDER BY destination`;

// A delivery in flight keeps its claim: making it due would let a second relay publish it too.
const NOT_CLAIMED = `(claimed_until IS NULL OR claimed_until <= now())`;
const RETRY_ONE = `
  UPDATE outbox_delivery SET next_attempt_at = now()
   WHERE outbox_message_id = $1 AND state = 'pending' AND ${NOT_CLAIMED}`;
const RETRY_ALL = `
  UPDATE outbox_delivery SET next_attempt_at = now()
   WHERE state = 'pending' AND next_attempt_at > now() AND ${NOT_CLAIMED}`;

/** Messages one by one: list, show, and the operator's retry. */
export class OutboxMessagesRepository {
  constructor(private readonly db: SqlRunner) {}

  async list(filter: ListFilter): Promise<MessageRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.kind) where.push(`m.kind = $${params.push(filter.kind)}`);
    if (filter.before !== undefined) where.push(`m.id < $${params.push(filter.before)}`);
    if (filter.state) where.push(STATE_FILTER[filter.state]);
    const sql = `SELECT ${MESSAGE_COLUMNS} FROM outbox_message m
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY m.id DESC LIMIT $${params.push(filter.limit)}`;
    return (await queryRows<Record<string, unknown>>(this.db, sql, params)).map(toMessage);
  }

  /** By `message_id` (64 hex) or numeric id, with its body; null when there is none. */
  async find(key: { messageId: string } | { id: number }): Promise<MessageRow | null> {
    const [column, value] = 'messageId' in key ? ['message_id', key.messageId] : ['id', key.id];
    const rows = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT ${MESSAGE_COLUMNS}, m.body, m.body_deflated FROM outbox_message m WHERE m.${column} = $1`,
      [value],
    );
    return rows[0] ? toMessage(rows[0]) : null;
  }

  /** Deliveries of these messages, by message id. */
  async deliveries(ids: readonly number[]): Promise<Map<number, OutboxDeliveryView[]>> {
    const byMessage = new Map<number, OutboxDeliveryView[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return byMessage;
    const rows = await queryRows<Record<string, unknown>>(this.db, DELIVERIES, [ids]);
    for (const r of rows) {
      byMessage.get(toNumber(r.outbox_message_id as string))?.push({
        destination: r.destination as string,
        state: r.state as DeliveryState,
        attempts: r.attempts as number,
        lastError: r.last_error as string | null,
        lastFailureReason: r.last_failure_reason as string | null,
        lastAttemptAt: r.last_attempt_at as Date | null,
        nextAttemptAt: r.state === 'pending' ? (r.next_attempt_at as Date) : null,
        claimedUntil: r.claimed_until as Date | null,
        claimedBy: r.claimed_by as string | null,
        publishedAt: r.published_at as Date | null,
      });
    }
    return byMessage;
  }

  /** Makes pending deliveries due now (attempts kept): one message's, or all that are waiting. */
  retry(id?: number): Promise<number> {
    return id === undefined ? queryCount(this.db, RETRY_ALL) : queryCount(this.db, RETRY_ONE, [id]);
  }
}

function toMessage(r: Record<string, unknown>): MessageRow {
  return {
    id: toNumber(r.id as string),
    messageId: r.message_id as string,
    kind: r.kind as MessageKind,
    site: r.site as string,
    contentType: r.content_type as string,
    recordCount: r.record_count as number,
    createdAt: r.created_at as Date,
    ...('body_deflated' in r
      ? {
          body: inflateBody({
            body: r.body as string | null,
            body_deflated: r.body_deflated as Buffer | null,
          }),
        }
      : {}),
  };
}

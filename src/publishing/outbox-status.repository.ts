import type { MessageKind } from '../config/config.types.js';
import type { PendingByKind, PendingSource } from './outbox.metrics.js';
import { queryRows, type SqlRunner } from './outbox-sql.js';

export interface PairCounts {
  kind: MessageKind;
  destination: string;
  pending: number;
  published: number;
  failing: number;
  unroutable: number;
}

export interface PairPending {
  kind: MessageKind;
  destination: string;
  oldestAgeSeconds: number;
}

export interface PairLastError {
  kind: MessageKind;
  destination: string;
  error: string;
  reason: string | null;
  at: Date | null;
}

// The counts read every delivery (published ones included); the other status queries touch
// pending rows only, through the partial index the relay uses.
const PAIR_COUNTS = `
  SELECT kind, destination,
         count(*) FILTER (WHERE state = 'pending')::int AS pending,
         count(*) FILTER (WHERE state = 'published')::int AS published,
         count(*) FILTER (WHERE state = 'pending' AND last_error IS NOT NULL)::int AS failing,
         count(*) FILTER (WHERE state = 'pending' AND last_failure_reason = 'unroutable')::int AS unroutable
    FROM outbox_delivery GROUP BY kind, destination ORDER BY kind, destination`;

const PAIR_PENDING = `
  SELECT d.kind, d.destination, extract(epoch FROM now() - min(m.created_at))::float8 AS oldest
    FROM outbox_delivery d JOIN outbox_message m ON m.id = d.outbox_message_id
   WHERE d.state = 'pending' GROUP BY d.kind, d.destination`;

const KIND_PENDING = `
  SELECT d.kind, count(DISTINCT d.outbox_message_id)::int AS messages,
         extract(epoch FROM now() - min(m.created_at))::float8 AS oldest
    FROM outbox_delivery d JOIN outbox_message m ON m.id = d.outbox_message_id
   WHERE d.state = 'pending' GROUP BY d.kind`;

const PAIR_LAST_ERROR = `
  SELECT DISTINCT ON (kind, destination) kind, destination, last_error, last_failure_reason, last_attempt_at
    FROM outbox_delivery WHERE state = 'pending' AND last_error IS NOT NULL
   ORDER BY kind, destination, last_attempt_at DESC NULLS LAST`;

const WITHOUT_DESTINATION = `
  SELECT m.kind, count(*)::int AS n FROM outbox_message m
   WHERE NOT EXISTS (SELECT 1 FROM outbox_delivery d WHERE d.outbox_message_id = m.id) GROUP BY m.kind`;

/** The aggregates behind `fedwatch outbox status` and the pending gauges. */
export class OutboxStatusRepository implements PendingSource {
  constructor(private readonly db: SqlRunner) {}

  pairCounts(): Promise<PairCounts[]> {
    return queryRows<PairCounts>(this.db, PAIR_COUNTS);
  }

  async pairPending(): Promise<PairPending[]> {
    const rows = await queryRows<PairPending & { oldest: number }>(this.db, PAIR_PENDING);
    return rows.map((r) => ({ kind: r.kind, destination: r.destination, oldestAgeSeconds: r.oldest }));
  }

  async pendingByKind(): Promise<PendingByKind[]> {
    const rows = await queryRows<{ kind: MessageKind; messages: number; oldest: number }>(
      this.db,
      KIND_PENDING,
    );
    return rows.map((r) => ({ kind: r.kind, messages: r.messages, oldestAgeSeconds: r.oldest }));
  }

  async pairLastErrors(): Promise<PairLastError[]> {
    const rows = await queryRows<Record<string, string | Date | null>>(this.db, PAIR_LAST_ERROR);
    return rows.map((r) => ({
      kind: r.kind as MessageKind,
      destination: r.destination as string,
      error: r.last_error as string,
      reason: r.last_failure_reason as string | null,
      at: r.last_attempt_at as Date | null,
    }));
  }

  async withoutDestination(): Promise<Map<MessageKind, number>> {
    const rows = await queryRows<{ kind: MessageKind; n: number }>(this.db, WITHOUT_DESTINATION);
    return new Map(rows.map((r) => [r.kind, r.n]));
  }
}

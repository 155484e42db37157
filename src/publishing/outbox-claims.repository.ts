import type { MessageKind } from '../config/config.types.js';
import { inflateBodyAsync } from './body-codec.js';
import type { PublishFailureReason } from './message-destination.port.js';
import { queryCount, queryRows, toNumber, type SqlRunner } from './outbox-sql.js';

/** A delivery this relay has claimed, with the message it carries. */
export interface ClaimedDelivery {
  /** `outbox_message.id`. */
  id: number;
  messageId: string;
  kind: MessageKind;
  site: string;
  body: string;
  contentType: string;
  recordCount: number;
  createdAt: Date;
  /** Attempts before this one. */
  attempts: number;
}

export interface DeliveryFailure {
  id: number;
  reason: PublishFailureReason;
  error: string;
  /** Until the next attempt. */
  delaySeconds: number;
}

// Each statement is its own short transaction: row locks are held for one statement only, never
// across a publish. SKIP LOCKED lets relays claiming at the same moment take disjoint batches; the
// lease (claimed_until, mirrored into next_attempt_at) keeps a claim after that statement commits.
const CLAIM = `
  WITH due AS (
    SELECT outbox_message_id FROM outbox_delivery
     WHERE destination = $1 AND state = 'pending' AND next_attempt_at <= now()
       AND (claimed_until IS NULL OR claimed_until <= now()) AND kind = ANY($2::text[])
     ORDER BY next_attempt_at, outbox_message_id
     LIMIT $3
     FOR UPDATE SKIP LOCKED)
  UPDATE outbox_delivery d
     SET claimed_by = $5,
         claimed_until = now() + make_interval(secs => $4::double precision),
         next_attempt_at = now() + make_interval(secs => $4::double precision)
    FROM due JOIN outbox_message m ON m.id = due.outbox_message_id
   WHERE d.outbox_message_id = due.outbox_message_id AND d.destination = $1
  RETURNING m.id, m.message_id, m.kind, m.site, m.body, m.body_deflated, m.content_type, m.record_count, m.created_at, d.attempts`;

// "Still claimed by this batch": a claim that expired and was taken over belongs to the new claimer.
const MARK_PUBLISHED = `
  UPDATE outbox_delivery
     SET state = 'published', published_at = now(), last_attempt_at = now(), attempts = attempts + 1,
         last_error = NULL, last_failure_reason = NULL, claimed_until = NULL, claimed_by = NULL
   WHERE destination = $1 AND claimed_by = $2 AND state = 'pending' AND outbox_message_id = ANY($3::bigint[])
  RETURNING outbox_message_id`;

const MARK_FAILED = `
  UPDATE outbox_delivery d
     SET attempts = d.attempts + 1, last_error = f.error, last_failure_reason = f.reason,
         last_attempt_at = now(), next_attempt_at = now() + make_interval(secs => f.delay),
         claimed_until = NULL, claimed_by = NULL
    FROM unnest($3::bigint[], $4::text[], $5::text[], $6::double precision[]) AS f(id, error, reason, delay)
   WHERE d.outbox_message_id = f.id AND d.destination = $1 AND d.claimed_by = $2 AND d.state = 'pending'`;

const RELEASE = `
  UPDATE outbox_delivery SET claimed_until = NULL, claimed_by = NULL, next_attempt_at = now()
   WHERE state = 'pending' AND claimed_by = $1`;

const RELEASE_ALL = `
  UPDATE outbox_delivery SET claimed_until = NULL, claimed_by = NULL, next_attempt_at = now()
   WHERE state = 'pending' AND claimed_by IS NOT NULL AND starts_with(claimed_by, $1)`;

interface ClaimRow {
  id: string;
  message_id: string;
  kind: MessageKind;
  site: string;
  body: string | null;
  body_deflated: Buffer | null;
  content_type: string;
  record_count: number;
  created_at: Date;
  attempts: number;
}

/** The relay's SQL: claim a batch, record its outcomes, release claims. */
export class OutboxClaimRepository {
  constructor(private readonly db: SqlRunner) {}

  /** Up to `limit` due deliveries of `destination`, oldest first, claimed under `token`. */
  async claim(
    destination: string,
    kinds: readonly MessageKind[],
    limit: number,
    leaseSeconds: number,
    token: string,
  ): Promise<ClaimedDelivery[]> {
    const rows = await queryRows<ClaimRow>(this.db, CLAIM, [destination, kinds, limit, leaseSeconds, token]);
    const bodies = await Promise.all(rows.map((r) => inflateBodyAsync(r)));
    return rows
      .map((r, i) => ({
        id: toNumber(r.id),
        messageId: r.message_id,
        kind: r.kind,
        site: r.site,
        body: bodies[i]!,
        contentType: r.content_type,
        recordCount: r.record_count,
        createdAt: r.created_at,
        attempts: r.attempts,
      }))
      .sort((a, b) => a.id - b.id);
  }

  /** Marks published those still claimed under `token`; returns their ids. */
  async markPublished(destination: string, token: string, ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await queryRows<{ outbox_message_id: string }>(this.db, MARK_PUBLISHED, [
      destination,
      token,
      ids,
    ]);
    return rows.map((r) => toNumber(r.outbox_message_id));
  }

  /** Records failures of deliveries still claimed under `token` and releases them; returns how many. */
  async markFailed(
    destination: string,
    token: string,
    failures: readonly DeliveryFailure[],
  ): Promise<number> {
    if (failures.length === 0) return 0;
    return queryCount(this.db, MARK_FAILED, [
      destination,
      token,
      failures.map((f) => f.id),
      failures.map((f) => f.error),
      failures.map((f) => f.reason),
      failures.map((f) => f.delaySeconds),
    ]);
  }

  /** Releases the claims of one batch, due again at once. */
  release(token: string): Promise<number> {
    return queryCount(this.db, RELEASE, [token]);
  }

  /** Releases every claim whose token starts with `prefix` (all batches of one relay), due at once. */
  releaseAll(prefix: string): Promise<number> {
    return queryCount(this.db, RELEASE_ALL, [prefix]);
  }
}

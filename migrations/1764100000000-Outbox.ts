import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: one row per message (its id is the SHA-256 of the unsigned body, so an
 * identical body is stored once) and one delivery row per (message, destination) that the relays
 * claim, publish and mark. SQL kept to what PostgreSQL 15 and PGlite both accept.
 */
export class Outbox1764100000000 implements MigrationInterface {
  name = 'Outbox1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_message (
        id            bigserial PRIMARY KEY,
        message_id    text NOT NULL UNIQUE CHECK (message_id ~ '^[0-9a-f]{64}$'),
        kind          text NOT NULL,
        site          text NOT NULL,
        body          text NOT NULL,
        content_type  text NOT NULL,
        record_count  integer NOT NULL CHECK (record_count >= 0),
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    // Listing by kind newest first (keyset on id), and the retention job's age filter.
    await q.query(`CREATE INDEX outbox_message_kind ON outbox_message (kind, id)`);
    await q.query(`CREATE INDEX outbox_message_created ON outbox_message (created_at)`);
    // `kind` is copied from the message so the relay and the status counts need no join.
    // A claim moves `next_attempt_at` to the end of the lease: claimed rows leave the due range of
    // the index, and come back into it by themselves when their claimer dies.
    await q.query(`
      CREATE TABLE outbox_delivery (
        outbox_message_id   bigint NOT NULL REFERENCES outbox_message (id) ON DELETE CASCADE,
        destination         text NOT NULL,
        kind                text NOT NULL,
        state               text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'published')),
        attempts            integer NOT NULL DEFAULT 0,
        last_error          text,
        last_failure_reason text,
        last_attempt_at     timestamptz,
        next_attempt_at     timestamptz NOT NULL DEFAULT now(),
        claimed_until       timestamptz,
        claimed_by          text,
        published_at        timestamptz,
        PRIMARY KEY (outbox_message_id, destination)
      )`);
    // The relay's claim query (due pending work of one destination, oldest first); also serves the
    // pending counts of status and metrics. Partial: published rows, the vast majority, stay out.
    await q.query(`
      CREATE INDEX outbox_delivery_due ON outbox_delivery (destination, next_attempt_at, outbox_message_id)
        WHERE state = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_delivery`);
    await q.query(`DROP TABLE outbox_message`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The scheduler's shared view of each job's last run, visible to every replica. */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job_state (
        job_id            text PRIMARY KEY,
        last_started_at   timestamptz,
        last_finished_at  timestamptz,
        last_status       text CHECK (last_status IN ('running', 'succeeded', 'skipped', 'failed', 'timeout')),
        last_reason       text,
        last_duration_ms  integer,
        last_success_at   timestamptz,
        last_instance     text,
        runs_total        bigint NOT NULL DEFAULT 0,
        failures_total    bigint NOT NULL DEFAULT 0
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_state`);
  }
}

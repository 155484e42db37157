import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounting records keyed as the APEL server keys them (cloud: VM × month; storage: volume; …)
 * so re-extracting a window updates rows instead of adding them; the per-project watermark; and
 * the extraction runs that REST and the CLI follow.
 */
export class Accounting1764200000000 implements MigrationInterface {
  name = 'Accounting1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accounting_record (
        type         text NOT NULL CHECK (type IN ('cloud', 'storage', 'ip', 'accelerator')),
        record_key   text NOT NULL,
        site         text NOT NULL,
        project_id   text NOT NULL,
        vo           text NOT NULL,
        measured_at  timestamptz NOT NULL,
        window_from  timestamptz NOT NULL,
        window_to    timestamptz NOT NULL,
        fields       jsonb NOT NULL,
        updated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (type, record_key)
      )`);
    await q.query(`CREATE INDEX accounting_record_measured ON accounting_record (measured_at)`);
    await q.query(`CREATE INDEX accounting_record_site_vo ON accounting_record (site, vo, measured_at)`);
    await q.query(
      `CREATE INDEX accounting_record_project ON accounting_record (site, project_id, measured_at)`,
    );
    await q.query(`
      CREATE TABLE accounting_watermark (
        site             text NOT NULL,
        project_id       text NOT NULL,
        vo               text,
        watermark        timestamptz NOT NULL,
        last_run_at      timestamptz,
        last_success_at  timestamptz,
        last_error       text,
        PRIMARY KEY (site, project_id)
      )`);
    await q.query(`
      CREATE TABLE accounting_extraction (
        id           uuid PRIMARY KEY,
        trigger      text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
        site         text,
        project_id   text,
        window_from  timestamptz,
        window_to    timestamptz,
        republish    boolean NOT NULL DEFAULT false,
        state        text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'partial', 'failed')),
        progress     jsonb NOT NULL DEFAULT '{}'::jsonb,
        summary      jsonb,
        error        text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        started_at   timestamptz,
        finished_at  timestamptz
      )`);
    await q.query(`CREATE INDEX accounting_extraction_created ON accounting_extraction (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE accounting_extraction`);
    await q.query(`DROP TABLE accounting_watermark`);
    await q.query(`DROP TABLE accounting_record`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { inflateRawSync } from 'node:zlib';

/**
 * Message bodies move from `body text` (compressed by PostgreSQL's pglz) to `body_deflated bytea`,
 * deflated by fedwatch (src/publishing/body-codec.ts) and stored as is (STORAGE EXTERNAL: no second
 * compression). bench/publish, 1,000 messages of 100 APEL cloud records (68 MB): writing the outbox
 * took 1.8 s with pglz and 1.4 s uncompressed, PostgreSQL's CPU being the limit; deflated bodies
 * sent as binary parameters make it a fraction of that (see the closing figures of the publishing
 * issue). Rows already written keep their text; readers take whichever column is set.
 */
export class OutboxBodyDeflate1764250000000 implements MigrationInterface {
  name = 'OutboxBodyDeflate1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_message ADD COLUMN body_deflated bytea`);
    await q.query(`ALTER TABLE outbox_message ALTER COLUMN body_deflated SET STORAGE EXTERNAL`);
    await q.query(`ALTER TABLE outbox_message ALTER COLUMN body DROP NOT NULL`);
    await q.query(`
      ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_one_body
        CHECK ((body IS NULL) <> (body_deflated IS NULL))`);
  }

  /** Inflates the deflated bodies back into `body` (in Node: SQL has no raw inflate), in batches. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_one_body`);
    for (;;) {
      const rows = (await q.query(
        `SELECT id, body_deflated FROM outbox_message WHERE body_deflated IS NOT NULL ORDER BY id LIMIT 200`,
      )) as { id: string; body_deflated: Buffer }[];
      if (rows.length === 0) break;
      for (const r of rows) {
        await q.query(`UPDATE outbox_message SET body = $2, body_deflated = NULL WHERE id = $1`, [
          r.id,
          inflateRawSync(r.body_deflated).toString('utf8'),
        ]);
      }
    }
    await q.query(`ALTER TABLE outbox_message ALTER COLUMN body SET NOT NULL`);
    await q.query(`ALTER TABLE outbox_message DROP COLUMN body_deflated`);
  }
}

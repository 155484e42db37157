import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GLUE 2.1 discovery documents, one row per OpenStack endpoint (`openstack.sites[].name`): the
 * latest valid document and the last one queued for publishing, both as the exact JSON text
 * (jsonb would reorder the attributes, and the ETag hashes the bytes). The row is written in the
 * transaction that queues its outbox message, so "published" here and in the outbox always agree.
 * No foreign key to outbox_message: the outbox prunes published messages, the row stays.
 */
export class Discovery1764310000000 implements MigrationInterface {
  name = 'Discovery1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE discovery_document (
        endpoint              text PRIMARY KEY,
        site_name             text NOT NULL,
        endpoint_url          text NOT NULL,
        built_at              timestamptz,
        body                  text,
        etag                  text,
        counts                jsonb,
        problems              jsonb NOT NULL DEFAULT '[]'::jsonb,
        published_body        text,
        published_built_at    timestamptz,
        published_at          timestamptz,
        published_message_id  text,
        failure               jsonb,
        updated_at            timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT discovery_document_latest_whole
          CHECK ((body IS NULL) = (built_at IS NULL) AND (body IS NULL) = (etag IS NULL)
                 AND (body IS NULL) = (counts IS NULL)),
        CONSTRAINT discovery_document_published_whole
          CHECK ((published_body IS NULL) = (published_at IS NULL)
                 AND (published_body IS NULL) = (published_built_at IS NULL)
                 AND (published_body IS NULL) = (published_message_id IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE discovery_document`);
  }
}

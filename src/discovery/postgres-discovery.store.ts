import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '../publishing/outbox-sql.js';
import { OutboxWriter } from '../publishing/outbox.port.js';
import {
  type BuiltDocument,
  type DiscoveryTransaction,
  DiscoveryStore,
  type EndpointIdentity,
} from './discovery-store.port.js';
import type {
  DiscoveryFailure,
  DiscoveryProblem,
  DiscoveryState,
  StoredDocument,
} from './discovery.types.js';

const STATE_COLUMNS = `endpoint, site_name, endpoint_url, built_at, etag, counts, problems,
  published_built_at, published_at, published_message_id, failure`;

const SAVE_BUILT = `
  INSERT INTO discovery_document (endpoint, site_name, endpoint_url, built_at, body, etag, counts, problems,
    published_body, published_built_at, published_at, published_message_id, failure)
  VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, NULL)
  ON CONFLICT (endpoint) DO UPDATE SET
    site_name = EXCLUDED.site_name, endpoint_url = EXCLUDED.endpoint_url, built_at = EXCLUDED.built_at,
    body = EXCLUDED.body, etag = EXCLUDED.etag, counts = EXCLUDED.counts, problems = EXCLUDED.problems,
    published_body = COALESCE(EXCLUDED.published_body, discovery_document.published_body),
    published_built_at = COALESCE(EXCLUDED.published_built_at, discovery_document.published_built_at),
    published_at = COALESCE(EXCLUDED.published_at, discovery_document.published_at),
    published_message_id = COALESCE(EXCLUDED.published_message_id, discovery_document.published_message_id),
    failure = NULL, updated_at = now()`;

const SAVE_FAILURE = `
  INSERT INTO discovery_document (endpoint, site_name, endpoint_url, problems, failure)
  VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)
  ON CONFLICT (endpoint) DO UPDATE SET
    site_name = EXCLUDED.site_name, endpoint_url = EXCLUDED.endpoint_url, problems = EXCLUDED.problems,
    failure = EXCLUDED.failure, updated_at = now()`;

/**
 * An advisory lock key per endpoint, held to the end of the transaction. A row lock would not do:
 * before the first build there is no row to lock. Derived with SHA-256 in JS (as the job locks are),
 * under its own namespace, so every replica computes the same key and it never meets a job's.
 */
function lockKey(endpoint: string): string {
  return createHash('sha256')
    .update(`fedwatch:discovery:${endpoint}`, 'utf8')
    .digest()
    .readBigInt64BE(0)
    .toString();
}

/** The discovery documents in PostgreSQL (`discovery_document`), written with the outbox message. */
@Injectable()
export class PostgresDiscoveryStore extends DiscoveryStore {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  transaction<T>(endpoint: string, work: (tx: DiscoveryTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [lockKey(endpoint)]);
      const rows = await queryRows<Record<string, unknown>>(
        manager,
        `SELECT ${STATE_COLUMNS}, published_body FROM discovery_document WHERE endpoint = $1`,
        [endpoint],
      );
      const row = rows[0];
      const current = row
        ? { ...toState(row), publishedBody: (row.published_body as string | null) ?? null }
        : null;
      return work(this.transactionOf(manager, current));
    });
  }

  async states(): Promise<DiscoveryState[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT ${STATE_COLUMNS} FROM discovery_document ORDER BY endpoint`,
    );
    return rows.map(toState);
  }

  async document(endpoint: string): Promise<StoredDocument | null> {
    const rows = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT endpoint, site_name, body, etag, built_at FROM discovery_document
        WHERE endpoint = $1 AND body IS NOT NULL`,
      [endpoint],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      endpoint: r.endpoint as string,
      siteName: r.site_name as string,
      body: r.body as string,
      etag: r.etag as string,
      builtAt: r.built_at as Date,
    };
  }

  private transactionOf(
    manager: EntityManager,
    current: DiscoveryTransaction['current'],
  ): DiscoveryTransaction {
    return {
      current,
      saveBuilt: async (d: BuiltDocument) => {
        const published = d.published;
        await manager.query(SAVE_BUILT, [
          d.endpoint,
          d.siteName,
          d.endpointUrl,
          d.builtAt,
          d.body,
          d.etag,
          JSON.stringify(d.counts),
          JSON.stringify(d.problems),
          published ? d.body : null,
          published ? d.builtAt : null,
          published?.at ?? null,
          published?.messageId ?? null,
        ]);
      },
      saveFailure: async (id: EndpointIdentity, failure: DiscoveryFailure, problems: DiscoveryProblem[]) => {
        await manager.query(SAVE_FAILURE, [
          id.endpoint,
          id.siteName,
          id.endpointUrl,
          JSON.stringify(problems),
          JSON.stringify(failure),
        ]);
      },
      enqueue: (message) => this.outbox.enqueue(manager, [message]),
    };
  }
}

function toState(r: Record<string, unknown>): DiscoveryState {
  const failure = r.failure as (Omit<DiscoveryFailure, 'at'> & { at: string }) | null;
  return {
    endpoint: r.endpoint as string,
    siteName: r.site_name as string,
    endpointUrl: r.endpoint_url as string,
    builtAt: (r.built_at as Date | null) ?? null,
    etag: (r.etag as string | null) ?? null,
    counts: (r.counts as DiscoveryState['counts']) ?? null,
    problems: (r.problems as DiscoveryProblem[] | null) ?? [],
    publishedBuiltAt: (r.published_built_at as Date | null) ?? null,
    publishedAt: (r.published_at as Date | null) ?? null,
    publishedMessageId: (r.published_message_id as string | null) ?? null,
    // jsonb gives the time back as text.
    failure: failure ? { ...failure, at: new Date(failure.at) } : null,
  };
}

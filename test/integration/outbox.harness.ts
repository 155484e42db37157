/**
 * What the outbox integration specs share: a fresh PostgreSQL database with the outbox migrated,
 * relays and writers wired as PublishingModule wires them (minus Nest), and small waiting helpers.
 */
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Foundation1764000000000 } from '../../migrations/1764000000000-Foundation.js';
import { Outbox1764100000000 } from '../../migrations/1764100000000-Outbox.js';
import { OutboxBodyDeflate1764250000000 } from '../../migrations/1764250000000-OutboxBodyDeflate.js';
import type { MessageKind, OutboxConfig } from '../../src/config/config.types.js';
import { migrateUp } from '../../src/database/migration-runner.js';
import type { MessageDestination } from '../../src/publishing/message-destination.port.js';
import { OutboxMessagesRepository } from '../../src/publishing/outbox-messages.repository.js';
import type { OutboxRelayOptions } from '../../src/publishing/outbox-relay.options.js';
import { OutboxRelay, type OutboxRelayConfig } from '../../src/publishing/outbox-relay.service.js';
import { OutboxStatusRepository } from '../../src/publishing/outbox-status.repository.js';
import { OutboxWriterService } from '../../src/publishing/outbox-writer.service.js';
import { OutboxMetrics } from '../../src/publishing/outbox.metrics.js';
import type { OutboxMessageInput } from '../../src/publishing/outbox.port.js';
import { OutboxService } from '../../src/publishing/outbox.service.js';
import { createTestDatabase } from '../support/postgres.js';

// Failure paths log warnings by design; keep the test output to errors.
Logger.overrideLogger(['error']);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface OutboxDatabase {
  url: string;
  /** Holds at most the outbox migrations, so this spec does not depend on other capabilities. */
  dataSource: DataSource;
  /** Another DataSource on the same database (another replica). */
  open(poolSize?: number): Promise<DataSource>;
  close(): Promise<void>;
}

export async function openOutboxDatabase(prefix: string): Promise<OutboxDatabase> {
  const db = await createTestDatabase(prefix);
  const opened: DataSource[] = [];
  const open = async (poolSize = 5): Promise<DataSource> => {
    const ds = new DataSource({
      type: 'postgres',
      url: db.url,
      poolSize,
      migrations: [Foundation1764000000000, Outbox1764100000000, OutboxBodyDeflate1764250000000],
      migrationsTableName: 'typeorm_migrations',
    });
    opened.push(ds);
    return ds.initialize();
  };
  const dataSource = await open();
  await migrateUp(dataSource);
  return {
    url: db.url,
    dataSource,
    open,
    async close() {
      await Promise.allSettled(opened.filter((ds) => ds.isInitialized).map((ds) => ds.destroy()));
      await db.drop();
    },
  };
}

export function outboxConfig(
  outbox: Partial<OutboxConfig> = {},
  shutdownGraceSeconds = 5,
): OutboxRelayConfig {
  return {
    federation: {
      outbox: { retentionDays: 30, batchSize: 50, leaseSeconds: 60, maxBackoffSeconds: 900, ...outbox },
    },
    shutdownGraceSeconds,
  };
}

export interface RelayUnderTest {
  relay: OutboxRelay;
  registry: Registry;
  metrics: OutboxMetrics;
}

/** A relay as the module builds it, with its own metrics registry (several may share a process). */
export function makeRelay(
  dataSource: DataSource,
  destinations: MessageDestination[],
  options: OutboxRelayOptions = {},
  config: OutboxRelayConfig = outboxConfig(),
): RelayUnderTest {
  const registry = new Registry();
  const metrics = new OutboxMetrics(registry, new OutboxStatusRepository(dataSource), 0);
  const relay = new OutboxRelay(dataSource, destinations, config, metrics, {
    autoStart: false,
    idlePollMs: 100,
    random: () => 0.5,
    ...options,
  });
  return { relay, registry, metrics };
}

/** The read side as the module builds it. */
export function makeService(
  dataSource: DataSource,
  destinations: MessageDestination[],
  relay: { wake(): void },
): OutboxService {
  const repos = [new OutboxStatusRepository(dataSource), new OutboxMessagesRepository(dataSource)] as const;
  return new OutboxService(...repos, destinations, relay);
}

export function makeWriter(destinations: MessageDestination[], relay: { wake(): void }): OutboxWriterService {
  return new OutboxWriterService(destinations, relay);
}

let sequence = 0;
/** A distinct message (a distinct body, so a distinct id). */
export function message(kind: MessageKind = 'accounting.cloud', body?: string): OutboxMessageInput {
  return {
    kind,
    body: body ?? `APEL-cloud-message: v0.4\nRecord ${++sequence} ${process.pid} ${Date.now()}\n%%\n`,
    contentType: 'text/plain',
    recordCount: 1,
    site: 'TEST-SITE',
  };
}

/** Polls until `ok` holds (then returns the value) or fails after `timeoutMs`. */
export async function until<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

export interface DeliveryRow {
  message_id: string;
  destination: string;
  state: 'pending' | 'published';
  attempts: number;
  last_error: string | null;
  last_failure_reason: string | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date;
  claimed_until: Date | null;
  claimed_by: string | null;
  published_at: Date | null;
}

export function deliveryRows(ds: DataSource, messageId?: string): Promise<DeliveryRow[]> {
  return ds.query(
    `SELECT m.message_id, d.destination, d.state, d.attempts, d.last_error, d.last_failure_reason,
            d.last_attempt_at, d.next_attempt_at, d.claimed_until, d.claimed_by, d.published_at
       FROM outbox_delivery d JOIN outbox_message m ON m.id = d.outbox_message_id
      WHERE $1::text IS NULL OR m.message_id = $1
      ORDER BY m.id, d.destination`,
    [messageId ?? null],
  );
}

export async function countOf(ds: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const rows: { n: number | string }[] = await ds.query(sql, params);
  return Number(rows[0]?.n ?? 0);
}

/** Sum of a metric's values whose labels include `labels`. */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  return (await metric.get()).values
    .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((n, v) => n + v.value, 0);
}

/** Clears the outbox between tests of one file. */
export async function emptyOutbox(ds: DataSource): Promise<void> {
  await ds.query('TRUNCATE outbox_delivery, outbox_message RESTART IDENTITY');
}

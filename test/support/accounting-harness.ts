/**
 * The accounting pipeline wired as AccountingModule wires it (minus Nest): a fresh PostgreSQL
 * database with every migration, the real OpenStack client and usage collector against an
 * OpenStack simulator, the real outbox writer (one fake destination, so deliveries are visible),
 * the real extractor and ExtractionService. Config is written by the simulator and read by the
 * real config loader, as `fedwatch serve` reads it.
 */
import { Logger } from '@nestjs/common';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import YAML from 'yaml';
import { migrations } from '../../migrations/index.js';
import { AccountingController } from '../../src/accounting/accounting.controller.js';
import { AccountingMetrics } from '../../src/accounting/accounting.metrics.js';
import { AccountingStore } from '../../src/accounting/accounting.store.js';
import type { WatermarkRow } from '../../src/accounting/accounting.types.js';
import { ExtractionRunStore } from '../../src/accounting/extraction-run.store.js';
import { ExtractionService } from '../../src/accounting/extraction.service.js';
import type { ExtractionRequest, ExtractionView } from '../../src/accounting/extraction.types.js';
import { OpenStackAccountingExtractor } from '../../src/accounting/openstack-accounting.extractor.js';
import { UsageSummaryStore } from '../../src/accounting/usage-summary.store.js';
import { loadConfig } from '../../src/config/config.loader.js';
import type { AccountingConfig, AppConfig } from '../../src/config/config.types.js';
import { migrateUp } from '../../src/database/migration-runner.js';
import { MetricsService } from '../../src/observability/metrics.service.js';
import { inflateBody, type StoredBody } from '../../src/publishing/body-codec.js';
import { OutboxWriterService } from '../../src/publishing/outbox-writer.service.js';
import { HttpOpenStackClientFactory } from '../../src/sources/openstack/openstack-client.factory.js';
import { OpenStackUsageCollector } from '../../src/sources/openstack/usage/usage-collector.js';
import { FakeMessageDestination } from '../fakes/fake-message-destination.js';
import type { OpenStackSimulator, WriteConfigOptions } from '../simulators/openstack/index.js';
import { createTestDatabase } from './postgres.js';
import { tempDir } from './temp-dir.js';

// Failed project windows are logged as errors by design; the tests assert on outcomes instead.
Logger.overrideLogger(false);

export interface AccountingHarnessOptions {
  prefix: string;
  sim: OpenStackSimulator;
  accounting?: Partial<AccountingConfig>;
  siteConfig?: WriteConfigOptions;
  /** Replaces the site's Keystone URL (e.g. a port nobody listens on). */
  authUrl?: string;
}

export interface RecordRow {
  type: string;
  record_key: string;
  project_id: string;
  measured_at: Date;
  window_from: Date;
  window_to: Date;
  fields: Record<string, unknown>;
}

export interface MessageRow {
  message_id: string;
  kind: string;
  body: string;
  record_count: number;
}

export class AccountingHarness {
  private constructor(
    readonly config: AppConfig,
    readonly dataSource: DataSource,
    readonly extractions: ExtractionService,
    readonly controller: AccountingController,
    readonly metrics: MetricsService,
    private readonly factory: HttpOpenStackClientFactory,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async open(o: AccountingHarnessOptions): Promise<AccountingHarness> {
    const dir = tempDir('fedwatch-accounting-int-');
    const file = join(dir, 'fedwatch.yaml');
    await o.sim.writeConfig(file, o.siteConfig);
    const doc = YAML.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    doc.accounting = { ...(o.accounting ?? {}) };
    if (o.authUrl) (doc.openstack as { sites: Record<string, unknown>[] }).sites[0]!.authUrl = o.authUrl;
    writeFileSync(file, YAML.stringify(doc));
    const { config } = loadConfig({ env: {}, file, cwd: dir });

    const db = await createTestDatabase(o.prefix);
    const dataSource = await new DataSource({ type: 'postgres', url: db.url, migrations }).initialize();
    await migrateUp(dataSource);
    const metrics = new MetricsService();
    // As OpenStackModule builds it, with short retry pauses so a 5xx "beyond retries" is quick.
    const factory = new HttpOpenStackClientFactory({
      registry: metrics.registry,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
    });
    const store = new AccountingStore(dataSource);
    const destination = new FakeMessageDestination('amqp');
    const extractor = new OpenStackAccountingExtractor(
      config,
      new OpenStackUsageCollector(factory),
      new OutboxWriterService([destination], { wake() {} }),
      store,
      new AccountingMetrics(metrics, store),
      dataSource,
    );
    const extractions = new ExtractionService(new ExtractionRunStore(dataSource), extractor);
    const controller = new AccountingController(extractions, store, new UsageSummaryStore(dataSource));
    return new AccountingHarness(config, dataSource, extractions, controller, metrics, factory, db.drop);
  }

  /** One extraction to its end: scheduled (watermarks) unless a window is given. */
  async run(request: Partial<ExtractionRequest> = {}): Promise<ExtractionView> {
    const trigger = request.window ? 'manual' : 'schedule';
    const { done } = await this.extractions.start({ trigger, republish: false, ...request });
    return done;
  }

  watermarks(): Promise<WatermarkRow[]> {
    return this.controller.status().then((rows) => rows.map(({ watermarkAgeSeconds: _, ...w }) => w));
  }

  async watermarkOf(projectId: string): Promise<WatermarkRow | undefined> {
    return (await this.watermarks()).find((w) => w.projectId === projectId);
  }

  records(projectId?: string): Promise<RecordRow[]> {
    return this.dataSource.query(
      `SELECT type, record_key, project_id, measured_at, window_from, window_to, fields FROM accounting_record
        WHERE $1::text IS NULL OR project_id = $1 ORDER BY type, record_key`,
      [projectId ?? null],
    );
  }

  async messages(): Promise<MessageRow[]> {
    const rows: (Omit<MessageRow, 'body'> & StoredBody)[] = await this.dataSource.query(
      `SELECT message_id, kind, body, body_deflated, record_count FROM outbox_message ORDER BY id`,
    );
    return rows.map(({ body_deflated, body, ...row }) => ({
      ...row,
      body: inflateBody({ body, body_deflated }),
    }));
  }

  /** Delivery states to the fake destination, by message id. */
  async deliveries(): Promise<Map<string, string>> {
    const rows: { message_id: string; state: string }[] = await this.dataSource.query(
      `SELECT m.message_id, d.state FROM outbox_delivery d JOIN outbox_message m ON m.id = d.outbox_message_id`,
    );
    return new Map(rows.map((r) => [r.message_id, r.state]));
  }

  /** Forgets everything stored, between tests of one file. */
  async reset(): Promise<void> {
    await this.dataSource.query(
      `TRUNCATE accounting_record, accounting_watermark, accounting_extraction, outbox_delivery, outbox_message`,
    );
  }

  async close(): Promise<void> {
    await this.factory.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.dropDatabase();
  }
}

/** The project a message speaks for: cloud bodies carry `LocalGroupId`, StAR ones `sr:LocalGroup`. */
export function projectOfMessage(body: string): string | null {
  return (
    /^LocalGroupId: (\S+)$/m.exec(body)?.[1] ??
    /<sr:LocalGroup>([^<]+)<\/sr:LocalGroup>/.exec(body)?.[1] ??
    null
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishing through the built service, from a real accounting extraction against the OpenStack
 * simulator to a consumer bound to the exchange: every message the extraction queued arrives
 * once, byte for byte, with the AMQP properties consumers rely on.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ConsumeMessage } from 'amqplib';
import { join } from 'node:path';
import { packageVersion } from '../../src/common/package-info.js';
import { startOpenStackSimulator, type OpenStackSimulator } from '../simulators/openstack/index.js';
import {
  ADMIN_TOKEN,
  compareWithOutbox,
  eventually,
  getJson,
  PublishingBed,
  sha256,
  type OutboxRow,
} from '../support/publishing-bed.js';
import { runCli, type ServiceProcess } from '../support/service-process.js';
import { tempDir } from '../support/temp-dir.js';

interface Extraction {
  id: string;
  state: string;
  progress: { records: number; messages: number; projectsFailed: number };
}

describe('publishing an extraction to AMQP', () => {
  let bed: PublishingBed;
  let sim: OpenStackSimulator;
  let service: ServiceProcess;
  let rows: OutboxRow[];
  let received: ConsumeMessage[];

  beforeAll(async () => {
    bed = await PublishingBed.open('delivery');
    sim = await startOpenStackSimulator({ seed: 11, projects: 3, servers: 36 });
    const config = join(tempDir('fedwatch-e2e-pub-'), 'fedwatch.yaml');
    await sim.writeConfig(config);
    service = await bed.start({
      FEDWATCH_CONFIG: config,
      // Small messages and every record type: several messages of several kinds from a small cloud.
      FEDWATCH_ACCOUNTING__RECORDS_PER_MESSAGE: '4',
      FEDWATCH_ACCOUNTING__RECORD_TYPES__IP: 'true',
      FEDWATCH_ACCOUNTING__RECORD_TYPES__ACCELERATOR: 'true',
      // Only the extraction's messages: no discovery document from the start-up run.
      FEDWATCH_SCHEDULES__DISCOVERY__ENABLED: 'false',
    });
  });

  afterAll(async () => {
    await bed?.close();
    await sim?.close();
  });

  it('runs an extraction that queues messages of several kinds', async () => {
    const res = await fetch(`${service.baseUrl}/api/v1/accounting/extractions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as Extraction;
    const done = await eventually(
      async () => (await getJson<Extraction>(service, `/api/v1/accounting/extractions/${id}`)).body,
      (e) => !['queued', 'running'].includes(e.state),
    );
    expect(done).toMatchObject({ state: 'succeeded', progress: { projectsFailed: 0 } });
    expect(done.progress.messages).toBeGreaterThanOrEqual(6);

    rows = await bed.outbox();
    expect(rows).toHaveLength(done.progress.messages);
    expect(new Set(rows.map((r) => r.kind))).toEqual(
      new Set(['accounting.cloud', 'accounting.storage', 'accounting.ip', 'accounting.accelerator']),
    );
    expect(rows.reduce((n, r) => n + r.recordCount, 0)).toBe(done.progress.records);
  });

  it('delivers each outbox message exactly once, byte for byte, and marks it published', async () => {
    received = await bed.consumer.waitFor(rows.length, 20_000, 1_000);
    expect(compareWithOutbox(received, rows)).toEqual({
      unknown: [],
      missing: [],
      duplicates: 0,
      altered: [],
      notHashingToId: 0,
    });
    expect(received).toHaveLength(rows.length);
    for (const row of rows) expect(row.messageId).toBe(sha256(row.body));
    await eventually(
      () => bed.states(),
      (s) => s.published === rows.length && !s.pending,
    );
  });

  it('sets content type, timestamp, app id, persistence and the site/kind/record-count headers', () => {
    const byId = new Map(received.map((m) => [m.properties.messageId as string, m]));
    for (const row of rows) {
      const m = byId.get(row.messageId)!;
      expect({
        exchange: m.fields.exchange,
        routingKey: m.fields.routingKey,
        contentType: m.properties.contentType,
        timestamp: m.properties.timestamp,
        appId: m.properties.appId,
        deliveryMode: m.properties.deliveryMode,
        headers: m.properties.headers,
      }).toEqual({
        exchange: bed.exchange,
        routingKey: row.kind,
        contentType: row.contentType,
        timestamp: Math.floor(row.createdAt.getTime() / 1000),
        appId: `fedwatch/${packageVersion}`,
        deliveryMode: 2,
        headers: { site: row.site, kind: row.kind, 'record-count': row.recordCount },
      });
    }
    // APEL bodies, not something else that happens to hash right.
    expect(rows.find((r) => r.kind === 'accounting.cloud')!.body).toMatch(/^APEL-cloud-message: v0\.4\n/);
    expect(rows.every((r) => r.site === 'SIM-OPENSTACK')).toBe(true);
  });

  it('shows everything published in `fedwatch outbox status`', async () => {
    const env = {
      FEDWATCH_URL: service.baseUrl,
      FEDWATCH_TOKEN: ADMIN_TOKEN,
      FEDWATCH_CLI_DIR: service.dataDir,
    };
    const status = await runCli(['outbox', 'status', '-o', 'json'], env);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as {
      rows: { destination: string; pending: number; published: number }[];
      destinations: { name: string; status: string }[];
    };
    expect(parsed.rows.every((r) => r.destination === 'amqp' && r.pending === 0)).toBe(true);
    expect(parsed.rows.reduce((n, r) => n + r.published, 0)).toBe(rows.length);
    expect(parsed.destinations).toEqual([expect.objectContaining({ name: 'amqp', status: 'connected' })]);
    expect(bed.consumer.messages).toHaveLength(rows.length);
  });
});

/**
 * The discovery store on real PostgreSQL with the real OutboxWriter: a document and the outbox
 * message that publishes it commit (or roll back) together, the body is kept byte for byte, an
 * unchanged rebuild queues nothing, failures keep the documents, and writers of one endpoint queue
 * behind each other.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Foundation1764000000000 } from '../../migrations/1764000000000-Foundation.js';
import { Outbox1764100000000 } from '../../migrations/1764100000000-Outbox.js';
import { OutboxBodyDeflate1764250000000 } from '../../migrations/1764250000000-OutboxBodyDeflate.js';
import { Discovery1764310000000 } from '../../migrations/1764310000000-Discovery.js';
import { migrateUp } from '../../src/database/migration-runner.js';
import { DiscoveryMetrics } from '../../src/discovery/discovery.metrics.js';
import { DiscoveryRunService } from '../../src/discovery/discovery-run.service.js';
import { PostgresDiscoveryStore } from '../../src/discovery/postgres-discovery.store.js';
import { glueInput } from '../../src/discovery/glue/__golden__/glue-input.fixture.js';
import { inflateBody } from '../../src/publishing/body-codec.js';
import { OutboxWriterService } from '../../src/publishing/outbox-writer.service.js';
import { FakeGlueInputCollector } from '../fakes/fake-glue-input.collector.js';
import { FakeMessageDestination } from '../fakes/fake-message-destination.js';
import { discoveryBed, MemoryDocumentOutput, minutes, T0 } from '../support/discovery-unit-bed.js';
import { createTestDatabase } from '../support/postgres.js';

let db: { url: string; drop(): Promise<void> };
let ds: DataSource;
let store: PostgresDiscoveryStore;
let wakes = 0;

beforeAll(async () => {
  db = await createTestDatabase('fw_it_discovery');
  ds = await new DataSource({
    type: 'postgres',
    url: db.url,
    poolSize: 4,
    migrations: [
      Foundation1764000000000,
      Outbox1764100000000,
      OutboxBodyDeflate1764250000000,
      Discovery1764310000000,
    ],
    migrationsTableName: 'typeorm_migrations',
  }).initialize();
  await migrateUp(ds);
  const writer = new OutboxWriterService([new FakeMessageDestination('amqp')], { wake: () => wakes++ });
  store = new PostgresDiscoveryStore(ds, writer);
});
afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});
beforeEach(async () => {
  for (const level of ['log', 'warn', 'error'] as const)
    jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
  await ds.query('TRUNCATE discovery_document, outbox_delivery, outbox_message RESTART IDENTITY');
  wakes = 0;
});

/** The run service as the module wires it, on this database. */
function runService(collector = new FakeGlueInputCollector([glueInput()])) {
  const { config } = discoveryBed();
  const metrics = new DiscoveryMetrics(new Registry(), store, ['example'], 0);
  return new DiscoveryRunService(config, collector, store, new MemoryDocumentOutput(), metrics);
}

async function outbox() {
  const rows: Record<string, unknown>[] = await ds.query(
    `SELECT m.message_id, m.kind, m.site, m.content_type, m.body, m.body_deflated, d.destination
       FROM outbox_message m LEFT JOIN outbox_delivery d ON d.outbox_message_id = m.id ORDER BY m.id`,
  );
  return rows.map((r) => ({
    messageId: r.message_id as string,
    kind: r.kind,
    site: r.site,
    contentType: r.content_type,
    destination: r.destination,
    body: inflateBody({ body: r.body as string | null, body_deflated: r.body_deflated as Buffer | null }),
  }));
}

const row = async () =>
  (
    (await ds.query(`SELECT * FROM discovery_document WHERE endpoint = 'example'`)) as Record<
      string,
      unknown
    >[]
  )[0];

describe('PostgresDiscoveryStore with the outbox', () => {
  it('stores the document and its outbox message in one commit, body for body', async () => {
    await runService().run(T0);
    const [message] = await outbox();
    const stored = await row();
    expect(message).toMatchObject({
      kind: 'discovery.glue21',
      site: 'EXAMPLE-SITE',
      contentType: 'application/json',
      destination: 'amqp',
    });
    expect(stored.body).toBe(message.body);
    expect(stored.published_body).toBe(message.body);
    expect(stored.published_message_id).toBe(message.messageId);
    // Text, not jsonb: the attribute order of cloud-info-provider survives the round trip.
    expect(Object.keys(JSON.parse(stored.body as string).CloudComputingService[0]).slice(0, 4)).toEqual([
      'ID',
      'Validity',
      'CreationTime',
      'Name',
    ]);
    expect((await store.document('example'))?.body).toBe(message.body);
    expect(wakes).toBe(1);
  });

  it('an unchanged rebuild replaces the latest document and queues nothing', async () => {
    const service = runService();
    await service.run(T0);
    await service.run(minutes(30));
    expect(await outbox()).toHaveLength(1);
    const stored = await row();
    expect(stored.built_at).toEqual(minutes(30));
    expect(stored.published_built_at).toEqual(T0);
    expect(stored.body).not.toBe(stored.published_body);
    const [state] = await store.states();
    expect(state).toMatchObject({ builtAt: minutes(30), publishedBuiltAt: T0, failure: null });
  });

  it('rolls back the row and the outbox message together', async () => {
    await expect(
      store.transaction('example', async (tx) => {
        await tx.enqueue({
          kind: 'discovery.glue21',
          body: '{}',
          contentType: 'application/json',
          recordCount: 1,
          site: 'S',
        });
        await tx.saveBuilt({
          endpoint: 'example',
          siteName: 'S',
          endpointUrl: 'https://k/v3',
          body: '{}',
          etag: '"x"',
          builtAt: T0,
          counts: { shares: 0, instanceTypes: 0, images: 0, accelerators: 0 },
          problems: [],
          published: { messageId: 'm', at: T0 },
        });
        throw new Error('after both writes');
      }),
    ).rejects.toThrow('after both writes');
    expect(await outbox()).toEqual([]);
    expect(await row()).toBeUndefined();
    expect(wakes).toBe(0);
  });

  it('records a failure without touching the documents, and reads it back with its time', async () => {
    await runService().run(T0);
    const broken = glueInput();
    broken.endpoint.trustedCa = [7 as never];
    await runService(new FakeGlueInputCollector([broken])).run(minutes(30));
    const [state] = await store.states();
    expect(state.builtAt).toEqual(T0);
    expect(state.failure).toEqual({
      at: minutes(30),
      reason: 'invalid',
      message: expect.stringContaining('$.CloudComputingEndpoint[0].TrustedCA[0]'),
      errors: [{ path: '$.CloudComputingEndpoint[0].TrustedCA[0]', message: 'must be string' }],
    });
    expect(await outbox()).toHaveLength(1);
  });

  it('runs transactions of one endpoint one after the other, even before its first row exists', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = store.transaction('new-endpoint', async (tx) => {
      order.push(`first sees ${tx.current === null ? 'nothing' : 'a row'}`);
      await held;
      await tx.saveFailure(
        { endpoint: 'new-endpoint', siteName: 'S', endpointUrl: 'https://k/v3' },
        { at: T0, reason: 'collect', message: 'x', errors: [] },
        [],
      );
    });
    await new Promise((r) => setTimeout(r, 100));
    const second = store.transaction('new-endpoint', async (tx) => {
      order.push(`second sees ${tx.current === null ? 'nothing' : 'a row'}`);
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(order).toEqual(['first sees nothing']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first sees nothing', 'second sees a row']);
  });
});

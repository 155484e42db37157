/**
 * The outbox on the embedded database (PGlite behind pglite-socket), opened as `fedwatch serve`
 * opens it: the same migrations, writer, relay and read side, unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateUp } from '../../src/database/migration-runner.js';
import { openDatabase, type OpenDatabase } from '../../src/database/open-database.js';
import { OutboxPruneJob } from '../../src/publishing/outbox-prune.job.js';
import { JobRegistry } from '../../src/scheduler/job-registry.service.js';
import { FakeMessageDestination } from '../fakes/fake-message-destination.js';
import { makeRelay, makeService, makeWriter, message, outboxConfig, until } from './outbox.harness.js';

let dataDir: string;
let db: OpenDatabase;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fedwatch-outbox-embedded-'));
  db = await openDatabase({
    database: { url: null, poolSize: 5, connectTimeoutSeconds: 10 },
    dataDir,
    command: 'outbox-embedded.int-spec',
  });
  await migrateUp(db.dataSource);
});

afterAll(async () => {
  await db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the outbox on the embedded database', () => {
  it('stores, relays (with retries), reports and prunes', async () => {
    expect(db.mode).toBe('embedded');
    const amqp = new FakeMessageDestination('amqp');
    const dirq = new FakeMessageDestination('dirq', ['accounting.cloud']);
    const { relay } = makeRelay(db.dataSource, [amqp, dirq], {}, outboxConfig({ batchSize: 40 }));
    const writer = makeWriter([amqp, dirq], relay);
    const batch = Array.from({ length: 300 }, (_, i) =>
      message(i % 3 ? 'accounting.cloud' : 'discovery.glue21'),
    );
    const first = await db.dataSource.transaction((m) => writer.enqueue(m, batch));
    const again = await db.dataSource.transaction((m) => writer.enqueue(m, batch.slice(0, 10)));
    expect([first.inserted, again.duplicates]).toEqual([300, 10]);

    amqp.failNext(1, 'nacked');
    relay.start();
    const service = makeService(db.dataSource, [amqp, dirq], relay);
    await until(
      async () => (await service.status()).rows,
      (rows) => rows.some((r) => r.failing > 0),
    );
    await service.retry();
    await until(
      async () => (await service.status()).rows,
      (rows) => rows.length === 3 && rows.every((r) => r.pending === 0),
      30_000,
    );
    await relay.stop(2_000);
    expect(new Set(amqp.published.map((m) => m.messageId)).size).toBe(300);
    expect(amqp.published).toHaveLength(300);
    expect(dirq.published).toHaveLength(200);

    const jobs = new JobRegistry({ schedules: {} });
    new OutboxPruneJob(jobs, db.dataSource, outboxConfig({ retentionDays: 1 })).onModuleInit();
    await db.dataSource.query(`UPDATE outbox_message SET created_at = now() - interval '3 days'`);
    await db.dataSource.query(`UPDATE outbox_delivery SET published_at = now() - interval '2 days'`);
    const pruned = await jobs
      .get('outboxPrune')
      .handler({ signal: new AbortController().signal, jobId: 'x' });
    expect(pruned.details).toMatchObject({ deleted: 300 });
  });
});

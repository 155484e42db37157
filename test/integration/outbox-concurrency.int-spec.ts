/**
 * Two replicas relaying side by side: two DataSources on one PostgreSQL database, two OutboxRelay
 * instances, one backlog. Every message reaches the destination exactly once, and both share the work.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { OutboxRelay } from '../../src/publishing/outbox-relay.service.js';
import { FakeMessageDestination } from '../fakes/fake-message-destination.js';
import {
  countOf,
  makeRelay,
  makeWriter,
  message,
  metricValue,
  openOutboxDatabase,
  outboxConfig,
  until,
  type OutboxDatabase,
} from './outbox.harness.js';

const BACKLOG = 6_000;

let db: OutboxDatabase;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  db = await openOutboxDatabase('fedwatch_it_outbox_pair');
});
afterAll(async () => {
  await Promise.all(relays.map((r) => r.stop(2_000)));
  await db?.close();
});

describe('two relays on one outbox', () => {
  it(`deliver a backlog of ${BACKLOG} messages to each destination exactly once`, async () => {
    // One fake per destination, shared by both replicas: it sees every publish of either.
    const amqp = new FakeMessageDestination('amqp');
    const dirq = new FakeMessageDestination('dirq', ['accounting.cloud']);
    amqp.delayMs = 3;
    dirq.delayMs = 1;
    const destinations = [amqp, dirq];
    const writer = makeWriter(destinations, { wake() {} });
    const kinds = ['accounting.cloud', 'discovery.glue21'] as const;
    const backlog = Array.from({ length: BACKLOG }, (_, i) => message(kinds[i % 2]));
    for (let i = 0; i < BACKLOG; i += 1_000) {
      await db.dataSource.transaction((m) => writer.enqueue(m, backlog.slice(i, i + 1_000)));
    }
    const expectedDeliveries = BACKLOG + BACKLOG / 2;
    expect(await countOf(db.dataSource, `SELECT count(*) AS n FROM outbox_delivery`)).toBe(
      expectedDeliveries,
    );

    const config = outboxConfig({ batchSize: 100 });
    const replicas = await Promise.all(
      ['replica-a', 'replica-b'].map(async (instanceId) => {
        const ds: DataSource = await db.open(4);
        return makeRelay(ds, destinations, { instanceId }, config);
      }),
    );
    const t0 = Date.now();
    for (const r of replicas) {
      relays.push(r.relay);
      r.relay.start();
    }
    await until(
      () => countOf(db.dataSource, `SELECT count(*) AS n FROM outbox_delivery WHERE state = 'published'`),
      (n) => n === expectedDeliveries,
      50_000,
    );
    const seconds = (Date.now() - t0) / 1000;
    process.stdout.write(
      `two relays: ${expectedDeliveries} deliveries in ${seconds.toFixed(1)} s ` +
        `(${Math.round(expectedDeliveries / seconds)}/s)\n`,
    );

    const ids = backlog.map((m) => m.body);
    expect(amqp.published).toHaveLength(BACKLOG);
    expect(new Set(amqp.published.map((m) => m.body))).toEqual(new Set(ids));
    expect(dirq.published).toHaveLength(BACKLOG / 2);
    expect(new Set(dirq.published.map((m) => m.kind))).toEqual(new Set(['accounting.cloud']));
    expect(new Set(dirq.published.map((m) => m.messageId)).size).toBe(BACKLOG / 2);

    // Both replicas did part of the work, and their counts add up to the whole.
    const perReplica = await Promise.all(
      replicas.map((r) => metricValue(r.registry, 'fedwatch_outbox_published_messages_total')),
    );
    expect(perReplica.every((n) => n > 0)).toBe(true);
    expect(perReplica[0]! + perReplica[1]!).toBe(expectedDeliveries);
    expect(
      await countOf(db.dataSource, `SELECT count(*) AS n FROM outbox_delivery WHERE attempts <> 1`),
    ).toBe(0);
  });

  it('never publish a batch whose lease ran low while it waited behind a slow publish', async () => {
    await db.dataSource.query('TRUNCATE outbox_delivery, outbox_message RESTART IDENTITY');
    const slow = new FakeMessageDestination('slow');
    slow.delayMs = 1_300;
    const writer = makeWriter([slow], { wake() {} });
    await db.dataSource.transaction((m) =>
      writer.enqueue(
        m,
        Array.from({ length: 40 }, () => message()),
      ),
    );
    // Publishes may outlast half the 2 s lease here; a batch prefetched behind one would then be
    // published after its claim expired, while the other relay may already have taken it over.
    const config = outboxConfig({ batchSize: 5, leaseSeconds: 2 });
    for (const instanceId of ['slow-a', 'slow-b']) {
      const r = makeRelay(await db.open(3), [slow], { instanceId, publishTimeoutMs: 10_000 }, config);
      relays.push(r.relay);
      r.relay.start();
    }
    await until(
      () => countOf(db.dataSource, `SELECT count(*) AS n FROM outbox_delivery WHERE state = 'published'`),
      (n) => n === 40,
      40_000,
    );
    expect(slow.published).toHaveLength(40);
    expect(new Set(slow.published.map((m) => m.messageId)).size).toBe(40);
  });
});

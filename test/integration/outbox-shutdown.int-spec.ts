/**
 * OutboxRelay shutdown (beforeApplicationShutdown): stop claiming, let the publish in flight finish
 * within the grace period, then release every claim still held, so another replica takes over at once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeMessageDestination } from '../fakes/fake-message-destination.js';
import {
  deliveryRows,
  emptyOutbox,
  makeRelay,
  makeWriter,
  message,
  openOutboxDatabase,
  outboxConfig,
  sleep,
  until,
  type OutboxDatabase,
} from './outbox.harness.js';

let db: OutboxDatabase;

async function enqueue(destinations: FakeMessageDestination[], count: number): Promise<void> {
  const msgs = Array.from({ length: count }, () => message());
  await db.dataSource.transaction((m) => makeWriter(destinations, { wake() {} }).enqueue(m, msgs));
}

beforeAll(async () => {
  db = await openOutboxDatabase('fedwatch_it_outbox_shutdown');
});
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  await emptyOutbox(db.dataSource);
});

describe('OutboxRelay.stop', () => {
  it('lets the publish in flight finish within the grace period, then releases the rest', async () => {
    const amqp = new FakeMessageDestination('amqp');
    amqp.delayMs = 500;
    const under = makeRelay(db.dataSource, [amqp], {}, outboxConfig({ batchSize: 10 }));
    await enqueue([amqp], 30);
    under.relay.start();
    await until(
      async () => amqp.batches.length,
      (n) => n === 1,
    );
    await under.relay.stop(5_000);
    const rows = await deliveryRows(db.dataSource);
    const published = rows.filter((r) => r.state === 'published');
    expect(published.length).toBe(amqp.published.length);
    expect(published.length).toBeGreaterThanOrEqual(10);
    expect(rows.filter((r) => r.claimed_by !== null)).toEqual([]);
    expect(
      rows.filter((r) => r.state === 'pending').every((r) => r.next_attempt_at.getTime() <= Date.now()),
    ).toBe(true);
  });

  it('releases even the claims of a publish that outlives the grace period', async () => {
    const amqp = new FakeMessageDestination('amqp');
    amqp.delayMs = 3_000;
    const under = makeRelay(db.dataSource, [amqp]);
    await enqueue([amqp], 2);
    under.relay.start();
    await until(
      async () => amqp.batches.length,
      (n) => n === 1,
    );
    const t0 = Date.now();
    await under.relay.stop(200);
    expect(Date.now() - t0).toBeLessThan(2_000);
    const rows = await deliveryRows(db.dataSource);
    expect(rows.map((r) => [r.state, r.claimed_by])).toEqual([
      ['pending', null],
      ['pending', null],
    ]);
    await sleep(3_200); // the late publish returns: its outcome no longer applies
    expect((await deliveryRows(db.dataSource)).every((r) => r.state === 'pending')).toBe(true);
  });
});

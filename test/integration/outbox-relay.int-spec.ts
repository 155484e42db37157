/**
 * OutboxRelay on real PostgreSQL with fake destinations: publish once per destination, mark only
 * after `ok`, back off on failure, retry, take over expired leases, count. Shutdown: outbox-shutdown.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { messageIdOf } from '../../src/publishing/message-id.js';
import { OutboxClaimRepository } from '../../src/publishing/outbox-claims.repository.js';
import type { OutboxRelay } from '../../src/publishing/outbox-relay.service.js';
import { FakeMessageDestination } from '../fakes/fake-message-destination.js';
import {
  deliveryRows,
  emptyOutbox,
  makeRelay,
  makeService,
  makeWriter,
  message,
  metricValue,
  openOutboxDatabase,
  outboxConfig,
  sleep,
  until,
  type OutboxDatabase,
  type RelayUnderTest,
} from './outbox.harness.js';

let db: OutboxDatabase;
const started: OutboxRelay[] = [];

function start(under: RelayUnderTest): RelayUnderTest {
  started.push(under.relay);
  under.relay.start();
  return under;
}

async function enqueue(
  destinations: FakeMessageDestination[],
  relay: { wake(): void },
  ...msgs: ReturnType<typeof message>[]
) {
  return db.dataSource.transaction((m) => makeWriter(destinations, relay).enqueue(m, msgs));
}

const allPublished = async () => (await deliveryRows(db.dataSource)).every((r) => r.state === 'published');

beforeAll(async () => {
  db = await openOutboxDatabase('fedwatch_it_outbox_relay');
});
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  await emptyOutbox(db.dataSource);
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.stop(1_000)));
});

describe('OutboxRelay', () => {
  it('publishes each message once per destination, and marks it only after an ok outcome', async () => {
    const amqp = new FakeMessageDestination('amqp');
    const dirq = new FakeMessageDestination('dirq', ['accounting.cloud']);
    amqp.delayMs = 400;
    const { relay } = start(makeRelay(db.dataSource, [amqp, dirq]));
    const cloud = message('accounting.cloud');
    const glue = message('discovery.glue21');
    await enqueue([amqp, dirq], relay, cloud, glue);

    // While amqp's publish is in flight its deliveries are claimed, not published.
    const midway = await until(
      () => deliveryRows(db.dataSource),
      (rows) => rows.some((r) => r.destination === 'amqp' && r.claimed_by !== null),
    );
    for (const r of midway.filter((d) => d.destination === 'amqp')) {
      expect(r).toMatchObject({ state: 'pending', published_at: null });
      expect(r.claimed_by).toContain(`${relay.instanceId}#`);
      expect(r.claimed_until!.getTime()).toBeGreaterThan(Date.now() + 50_000);
    }

    await until(allPublished, Boolean);
    const rows = await deliveryRows(db.dataSource);
    expect(rows.map((r) => [r.message_id, r.destination, r.attempts, r.claimed_by])).toEqual([
      [messageIdOf(cloud.body), 'amqp', 1, null],
      [messageIdOf(cloud.body), 'dirq', 1, null],
      [messageIdOf(glue.body), 'amqp', 1, null],
    ]);
    for (const r of rows) expect(r.published_at).toBeInstanceOf(Date);
    await sleep(300); // more polls: still nothing published twice
    expect(amqp.published.map((m) => m.messageId).sort()).toEqual(
      [messageIdOf(cloud.body), messageIdOf(glue.body)].sort(),
    );
    expect(dirq.published.map((m) => m.messageId)).toEqual([messageIdOf(cloud.body)]);
    expect(amqp.published[0]).toMatchObject({ site: 'TEST-SITE', contentType: 'text/plain', recordCount: 1 });
    expect(amqp.maxConcurrentCalls).toBe(1);
  });

  it('is woken by a commit instead of waiting for its poll', async () => {
    const amqp = new FakeMessageDestination('amqp');
    const { relay } = start(makeRelay(db.dataSource, [amqp], { idlePollMs: 60_000 }));
    await sleep(200); // the relay has found nothing and waits for a minute
    const t0 = Date.now();
    await enqueue([amqp], relay, message());
    await until(
      async () => amqp.published.length,
      (n) => n === 1,
      5_000,
    );
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('records failures with growing back-off; retry makes them due at once, keeping attempts', async () => {
    const amqp = new FakeMessageDestination('amqp');
    const under = start(makeRelay(db.dataSource, [amqp], { random: () => 0 }));
    const service = makeService(db.dataSource, [amqp], under.relay);
    const m = message();
    const id = messageIdOf(m.body);
    amqp.failIds.set(id, { reason: 'unroutable', error: 'NO_ROUTE: no queue bound' });
    await enqueue([amqp], under.relay, m);

    const [first] = await until(
      () => deliveryRows(db.dataSource, id),
      (rows) => rows[0]!.attempts === 1,
    );
    expect(first).toMatchObject({
      state: 'pending',
      last_error: 'NO_ROUTE: no queue bound',
      last_failure_reason: 'unroutable',
      claimed_by: null,
      claimed_until: null,
    });
    const delay1 = first!.next_attempt_at.getTime() - first!.last_attempt_at!.getTime();
    expect(delay1).toBeGreaterThanOrEqual(1_900);
    expect(delay1).toBeLessThanOrEqual(2_100);
    const status = await service.status();
    expect(status.unroutable).toBe(1);
    expect(status.rows[0]).toMatchObject({ failing: 1, lastFailureReason: 'unroutable' });

    expect(await service.retry(id)).toEqual({ retried: 1, messageId: id });
    const [second] = await until(
      () => deliveryRows(db.dataSource, id),
      (rows) => rows[0]!.attempts === 2,
    );
    const delay2 = second!.next_attempt_at.getTime() - second!.last_attempt_at!.getTime();
    expect(delay2).toBeGreaterThan(delay1);
    expect(delay2).toBeGreaterThanOrEqual(3_900);

    amqp.failIds.clear();
    expect(await service.retry()).toEqual({ retried: 1, messageId: null });
    const [done] = await until(
      () => deliveryRows(db.dataSource, id),
      (rows) => rows[0]!.state === 'published',
    );
    expect(done).toMatchObject({ attempts: 3, last_error: null, last_failure_reason: null });
    expect(amqp.count(id)).toBe(1);
    expect(
      await metricValue(under.registry, 'fedwatch_outbox_publish_failures_total', {
        destination: 'amqp',
        reason: 'unroutable',
      }),
    ).toBe(2);
    expect((await service.status()).unroutable).toBe(0);
  });

  it('fails the whole batch as unreachable when the destination throws, and recovers', async () => {
    const amqp = new FakeMessageDestination('amqp');
    amqp.down = new Error('ECONNREFUSED 127.0.0.1:5672');
    const under = start(makeRelay(db.dataSource, [amqp], { maxOutagePauseMs: 200 }));
    await enqueue([amqp], under.relay, message(), message());
    const failed = await until(
      () => deliveryRows(db.dataSource),
      (rows) => rows.every((r) => r.attempts >= 1),
    );
    expect(failed.map((r) => [r.last_failure_reason, r.last_error])).toEqual([
      ['unreachable', 'ECONNREFUSED 127.0.0.1:5672'],
      ['unreachable', 'ECONNREFUSED 127.0.0.1:5672'],
    ]);
    amqp.down = null;
    await until(allPublished, Boolean);
    expect(amqp.published).toHaveLength(2);
  });

  it('treats a message the destination gave no outcome for as failed (io), never as published', async () => {
    class ForgetfulDestination extends FakeMessageDestination {
      override async publish(batch: Parameters<FakeMessageDestination['publish']>[0]) {
        return (await super.publish(batch)).slice(1);
      }
    }
    const amqp = new ForgetfulDestination('amqp');
    const under = start(makeRelay(db.dataSource, [amqp]));
    await enqueue([amqp], under.relay, message());
    const [row] = await until(
      () => deliveryRows(db.dataSource),
      (rows) => rows[0]!.attempts === 1,
    );
    expect(row).toMatchObject({ state: 'pending', last_failure_reason: 'io' });
  });

  it('times out a hung publish as `timeout`', async () => {
    const amqp = new FakeMessageDestination('amqp');
    amqp.delayMs = 2_000;
    const under = start(makeRelay(db.dataSource, [amqp], { publishTimeoutMs: 200, maxOutagePauseMs: 100 }));
    await enqueue([amqp], under.relay, message());
    const [row] = await until(
      () => deliveryRows(db.dataSource),
      (rows) => rows[0]!.attempts >= 1,
    );
    expect(row).toMatchObject({ state: 'pending', last_failure_reason: 'timeout' });
  });

  it('lets another relay take over a message whose claimer died, once its lease expires', async () => {
    const amqp = new FakeMessageDestination('amqp');
    const m = message();
    const id = messageIdOf(m.body);
    await enqueue([amqp], { wake() {} }, m);
    // A relay that claims and then dies (kill -9): its claim is all that is left of it.
    const dead = new OutboxClaimRepository(db.dataSource);
    const claimedAt = Date.now();
    const [claimed] = await dead.claim('amqp', ['accounting.cloud'], 10, 1, 'dead-relay#1');
    expect(claimed!.messageId).toBe(id);

    start(makeRelay(db.dataSource, [amqp], {}, outboxConfig({ leaseSeconds: 1 })));
    await sleep(400);
    expect(amqp.published).toHaveLength(0); // the lease still holds
    await until(allPublished, Boolean, 5_000);
    expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(900);
    expect(amqp.count(id)).toBe(1);
    // The dead relay's late outcome changes nothing: the claim is no longer its own.
    expect(await dead.markPublished('amqp', 'dead-relay#1', [claimed!.id])).toEqual([]);
    expect(
      await dead.markFailed('amqp', 'dead-relay#1', [
        { id: claimed!.id, reason: 'io', error: 'late', delaySeconds: 1 },
      ]),
    ).toBe(0);
  });

  it('moves its metrics: published messages and records, publish durations, pending gauges', async () => {
    const amqp = new FakeMessageDestination('amqp');
    const under = makeRelay(db.dataSource, [amqp]);
    const { registry } = under;
    const labels = { destination: 'amqp', kind: 'accounting.cloud' };
    expect(await metricValue(registry, 'fedwatch_outbox_published_messages_total', labels)).toBe(0);
    await enqueue(
      [amqp],
      under.relay,
      { ...message(), recordCount: 40 },
      { ...message(), recordCount: 2 },
      message('discovery.glue21'),
    );
    expect(
      await metricValue(registry, 'fedwatch_outbox_pending_messages', { kind: 'accounting.cloud' }),
    ).toBe(2);
    expect(
      await metricValue(registry, 'fedwatch_outbox_oldest_pending_age_seconds', { kind: 'accounting.cloud' }),
    ).toBeGreaterThanOrEqual(0);
    start(under);
    await until(allPublished, Boolean);
    expect(await metricValue(registry, 'fedwatch_outbox_published_messages_total', labels)).toBe(2);
    expect(await metricValue(registry, 'fedwatch_outbox_published_records_total', labels)).toBe(42);
    expect(
      await metricValue(registry, 'fedwatch_outbox_published_messages_total', {
        destination: 'amqp',
        kind: 'discovery.glue21',
      }),
    ).toBe(1);
    const text = await registry.metrics();
    expect(text).toMatch(/^fedwatch_outbox_publish_duration_seconds_count\{destination="amqp"\} [1-9]/m);
    expect(text).toMatch(/^fedwatch_outbox_pending_messages\{kind="accounting.cloud"\} 0$/m);
    expect(text).toMatch(/^fedwatch_outbox_oldest_pending_age_seconds\{kind="discovery.glue21"\} 0$/m);
  });
});

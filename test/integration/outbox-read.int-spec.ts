/**
 * The outbox's read side (status, list, show, retry) and its retention job on real PostgreSQL.
 * States are set up with SQL where that says more clearly what is being read than a relay run would.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ErrorCode } from '../../src/common/errors/index.js';
import { JobRegistry } from '../../src/scheduler/job-registry.service.js';
import { messageIdOf } from '../../src/publishing/message-id.js';
import { OutboxPruneJob } from '../../src/publishing/outbox-prune.job.js';
import type { OutboxService } from '../../src/publishing/outbox.service.js';
import { FakeMessageDestination } from '../fakes/fake-message-destination.js';
import {
  countOf,
  emptyOutbox,
  makeService,
  makeWriter,
  message,
  openOutboxDatabase,
  outboxConfig,
  type OutboxDatabase,
} from './outbox.harness.js';

let db: OutboxDatabase;
let service: OutboxService;
const wakes = { n: 0, wake: () => void wakes.n++ };
const amqp = new FakeMessageDestination('amqp', ['accounting.cloud', 'discovery.glue21']);

async function store(...msgs: ReturnType<typeof message>[]): Promise<string[]> {
  const r = await db.dataSource.transaction((m) => makeWriter([amqp], wakes).enqueue(m, msgs));
  return r.messageIds;
}
const sql = (text: string, params: unknown[] = []) => db.dataSource.query(text, params);

beforeAll(async () => {
  db = await openOutboxDatabase('fedwatch_it_outbox_read');
  service = makeService(db.dataSource, [amqp], wakes);
});
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  await emptyOutbox(db.dataSource);
  wakes.n = 0;
});

describe('OutboxService', () => {
  it('summarises per kind and destination: pending, published, failing, unroutable, ages, errors', async () => {
    const [published, failing, pending] = await store(message(), message(), message());
    await store(message('accounting.ip')); // no destination takes it
    await sql(
      `UPDATE outbox_delivery d SET state = 'published', published_at = now(), attempts = 1
                 FROM outbox_message m WHERE m.id = d.outbox_message_id AND m.message_id = $1`,
      [published],
    );
    await sql(
      `UPDATE outbox_delivery d SET attempts = 2, last_error = 'NO_ROUTE', last_failure_reason = 'unroutable',
                      last_attempt_at = now(), next_attempt_at = now() + interval '1 hour'
                 FROM outbox_message m WHERE m.id = d.outbox_message_id AND m.message_id = $1`,
      [failing],
    );
    await sql(`UPDATE outbox_message SET created_at = now() - interval '10 minutes' WHERE message_id = $1`, [
      pending,
    ]);
    const status = await service.status();
    expect(status.rows).toEqual([
      {
        kind: 'accounting.cloud',
        destination: 'amqp',
        pending: 2,
        published: 1,
        failing: 1,
        unroutable: 1,
        oldestPendingAgeSeconds: expect.any(Number),
        lastError: 'NO_ROUTE',
        lastFailureReason: 'unroutable',
      },
    ]);
    expect(status.rows[0]!.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(599);
    expect(status.unroutable).toBe(1);
    expect(status.kinds.find((k) => k.kind === 'accounting.cloud')).toMatchObject({ pendingMessages: 2 });
    expect(status.kinds.find((k) => k.kind === 'accounting.ip')).toMatchObject({ withoutDestination: 1 });
    expect(status.destinations).toEqual([
      expect.objectContaining({ name: 'amqp', enabled: true, status: 'connected', lastError: 'NO_ROUTE' }),
    ]);
  });

  it('lists newest first without bodies, filters by kind and state, and pages with a cursor', async () => {
    const ids = await store(message(), message(), message('discovery.glue21'), message('accounting.ip'));
    await sql(`UPDATE outbox_delivery SET last_error = 'nack', last_failure_reason = 'nacked', attempts = 1
                WHERE outbox_message_id = 1`);
    const all = await service.list();
    expect(all.items.map((i) => i.messageId)).toEqual([...ids].reverse());
    expect(all.nextCursor).toBeNull();
    expect(all.items.every((i) => !('body' in i))).toBe(true);
    expect(all.items.map((i) => i.state)).toEqual(['no-destination', 'pending', 'pending', 'failing']);
    expect(all.items[3]!.deliveries).toEqual([
      expect.objectContaining({
        destination: 'amqp',
        state: 'pending',
        attempts: 1,
        lastFailureReason: 'nacked',
      }),
    ]);

    expect((await service.list({ kind: 'discovery.glue21' })).items.map((i) => i.messageId)).toEqual([
      ids[2],
    ]);
    expect((await service.list({ state: 'failing' })).items.map((i) => i.id)).toEqual([1]);
    expect((await service.list({ state: 'no-destination' })).items.map((i) => i.id)).toEqual([4]);
    expect((await service.list({ state: 'published' })).items).toEqual([]);

    const page1 = await service.list({ limit: '2' });
    expect(page1.items.map((i) => i.id)).toEqual([4, 3]);
    expect(page1.nextCursor).toBe('3');
    const page2 = await service.list({ limit: 2, cursor: page1.nextCursor! });
    expect(page2.items.map((i) => i.id)).toEqual([2, 1]);
    const page3 = await service.list({ limit: 2, cursor: page2.nextCursor! });
    expect(page3).toEqual({ items: [], nextCursor: null });
  });

  it('refuses bad list parameters with INVALID_ARGUMENT', async () => {
    for (const query of [
      { kind: 'nope' },
      { state: 'lost' },
      { limit: '0' },
      { limit: '501' },
      { cursor: 'x' },
    ]) {
      await expect(service.list(query)).rejects.toMatchObject({ code: ErrorCode.INVALID_ARGUMENT });
    }
  });

  it('shows one message, by message id or numeric id, with its body and deliveries', async () => {
    const m = message();
    const [id] = await store(m);
    const byHash = await service.show(id!);
    expect(byHash).toMatchObject({
      id: 1,
      messageId: id,
      body: m.body,
      state: 'pending',
      kind: 'accounting.cloud',
    });
    expect(byHash.deliveries).toEqual([
      {
        destination: 'amqp',
        state: 'pending',
        attempts: 0,
        lastError: null,
        lastFailureReason: null,
        lastAttemptAt: null,
        nextAttemptAt: expect.any(Date),
        claimedUntil: null,
        claimedBy: null,
        publishedAt: null,
      },
    ]);
    expect(await service.show('1')).toEqual(byHash);
    expect(await service.show(id!.toUpperCase())).toEqual(byHash);
    await expect(service.show('99')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    await expect(service.show(messageIdOf('never stored'))).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
    });
    await expect(service.show('abc')).rejects.toMatchObject({ code: ErrorCode.INVALID_ARGUMENT });
  });

  it('retries one message or all waiting ones, keeps attempts, leaves claimed ones, and wakes the relay', async () => {
    const [a, b, c] = await store(message(), message(), message());
    await sql(`UPDATE outbox_delivery SET attempts = 4, next_attempt_at = now() + interval '1 hour'`);
    await sql(`UPDATE outbox_delivery SET claimed_by = 'other#1', claimed_until = now() + interval '1 minute'
                WHERE outbox_message_id = 3`);
    wakes.n = 0; // the writer woke it for the new messages
    expect(await service.retry(a)).toEqual({ retried: 1, messageId: a });
    expect(wakes.n).toBe(1);
    expect(await service.retry()).toEqual({ retried: 1, messageId: null }); // b; c is claimed
    const due = await sql(`SELECT m.message_id, d.attempts, d.next_attempt_at <= now() AS due
                             FROM outbox_delivery d JOIN outbox_message m ON m.id = d.outbox_message_id ORDER BY m.id`);
    expect(due).toEqual([
      { message_id: a, attempts: 4, due: true },
      { message_id: b, attempts: 4, due: true },
      { message_id: c, attempts: 4, due: false },
    ]);
    expect(await service.retry()).toEqual({ retried: 0, messageId: null });
    expect(wakes.n).toBe(2);
    await expect(service.retry(messageIdOf('nope'))).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
  });
});

describe('outboxPrune', () => {
  it('deletes only messages published everywhere longer than retentionDays ago', async () => {
    const jobs = new JobRegistry({ schedules: {} });
    new OutboxPruneJob(jobs, db.dataSource, outboxConfig({ retentionDays: 30 })).onModuleInit();
    const job = jobs.get('outboxPrune');
    expect(jobs.schedule('outboxPrune').trigger).toEqual({ kind: 'cron', cron: '0 3 * * *' });

    const ids = await store(message(), message(), message(), message(), message('accounting.ip'));
    const [oldDone, oldPending, recentDone, latePublished, oldUndeliverable] = ids;
    await sql(`UPDATE outbox_message SET created_at = now() - interval '40 days' WHERE message_id <> $1`, [
      recentDone,
    ]);
    await sql(
      `UPDATE outbox_delivery d SET state = 'published', published_at = now() - interval '39 days'
                 FROM outbox_message m WHERE m.id = d.outbox_message_id AND m.message_id = ANY($1)`,
      [[oldDone, recentDone]],
    );
    await sql(
      `UPDATE outbox_delivery d SET state = 'published', published_at = now() - interval '2 days'
                 FROM outbox_message m WHERE m.id = d.outbox_message_id AND m.message_id = $1`,
      [latePublished],
    );
    // Something else in the database that pruning must leave alone.
    await sql(`CREATE TABLE IF NOT EXISTS prune_bystander (id int)`);
    await sql(`INSERT INTO prune_bystander VALUES (1)`);

    const result = await job.handler({ signal: new AbortController().signal, jobId: 'outboxPrune' });
    expect(result).toEqual({ status: 'succeeded', details: { deleted: 2, retentionDays: 30 } });
    const left = await sql(`SELECT message_id FROM outbox_message ORDER BY id`);
    expect(left.map((r: { message_id: string }) => r.message_id)).toEqual([
      oldPending,
      recentDone,
      latePublished,
    ]);
    expect(ids).toContain(oldUndeliverable);
    expect(await countOf(db.dataSource, `SELECT count(*) AS n FROM outbox_delivery`)).toBe(3);
    expect(await countOf(db.dataSource, `SELECT count(*) AS n FROM prune_bystander`)).toBe(1);
  });
});

/**
 * OutboxWriter on real PostgreSQL: it writes inside the caller's transaction only, stores an
 * identical body once, republishes on request, and wakes the relay only after a commit.
 */
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ErrorCode } from '../../src/common/errors/index.js';
import { messageIdOf } from '../../src/publishing/message-id.js';
import { FakeMessageDestination } from '../fakes/fake-message-destination.js';
import {
  countOf,
  deliveryRows,
  emptyOutbox,
  makeWriter,
  message,
  openOutboxDatabase,
  type OutboxDatabase,
} from './outbox.harness.js';

/** Stands in for the relay: counts wakes. */
class WakeCounter {
  wakes = 0;
  wake(): void {
    this.wakes++;
  }
}

let db: OutboxDatabase;
const amqp = new FakeMessageDestination('amqp', [
  'accounting.cloud',
  'accounting.storage',
  'discovery.glue21',
]);
const dirq = new FakeMessageDestination('dirq', ['accounting.cloud', 'accounting.storage']);
let wake: WakeCounter;

const messages = () => countOf(db.dataSource, 'SELECT count(*) AS n FROM outbox_message');
const deliveries = () => countOf(db.dataSource, 'SELECT count(*) AS n FROM outbox_delivery');

beforeAll(async () => {
  db = await openOutboxDatabase('fedwatch_it_outbox_writer');
});
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  await emptyOutbox(db.dataSource);
  wake = new WakeCounter();
});

describe('OutboxWriterService.enqueue', () => {
  it('stores nothing, and wakes nobody, when the caller rolls back', async () => {
    const writer = makeWriter([amqp, dirq], wake);
    await expect(
      db.dataSource.transaction(async (manager) => {
        const result = await writer.enqueue(manager, [message(), message()]);
        expect(result.inserted).toBe(2);
        throw new Error('producer failed after enqueue');
      }),
    ).rejects.toThrow('producer failed');
    expect(await messages()).toBe(0);
    expect(await deliveries()).toBe(0);
    expect(wake.wakes).toBe(0);
  });

  it('stores a message with one delivery per accepting destination on commit, then wakes the relay once', async () => {
    const writer = makeWriter([amqp, dirq], wake);
    const cloud = message('accounting.cloud');
    const glue = message('discovery.glue21');
    const result = await db.dataSource.transaction(async (manager) => {
      const r = await writer.enqueue(manager, [cloud, glue]);
      expect(wake.wakes).toBe(0); // not before the commit
      return r;
    });
    expect(result).toEqual({
      messageIds: [messageIdOf(cloud.body), messageIdOf(glue.body)],
      inserted: 2,
      duplicates: 0,
    });
    expect(wake.wakes).toBe(1);
    const [stored] = await db.dataSource.query(`SELECT * FROM outbox_message WHERE message_id = $1`, [
      messageIdOf(cloud.body),
    ]);
    expect(stored).toMatchObject({
      kind: 'accounting.cloud',
      site: 'TEST-SITE',
      body: null,
      content_type: 'text/plain',
      record_count: 1,
    });
    // Stored deflated by fedwatch (raw deflate, no zlib header), and it inflates to the exact body.
    expect(inflateRawSync(stored.body_deflated as Buffer).toString('utf8')).toBe(cloud.body);
    const rows = await deliveryRows(db.dataSource);
    expect(rows.map((r) => [r.message_id, r.destination, r.state, r.attempts])).toEqual([
      [messageIdOf(cloud.body), 'amqp', 'pending', 0],
      [messageIdOf(cloud.body), 'dirq', 'pending', 0],
      [messageIdOf(glue.body), 'amqp', 'pending', 0],
    ]);
  });

  it('stores a message no destination accepts, with no delivery', async () => {
    const writer = makeWriter([amqp, dirq], wake);
    const ip = message('accounting.ip');
    await db.dataSource.transaction((manager) => writer.enqueue(manager, [ip]));
    expect(await messages()).toBe(1);
    expect(await deliveries()).toBe(0);
    const none = makeWriter([], wake);
    await db.dataSource.transaction((manager) => none.enqueue(manager, [message()]));
    expect(await messages()).toBe(2);
    expect(await deliveries()).toBe(0);
  });

  it('stores an identical body once and counts the duplicates, within a call and across calls', async () => {
    const writer = makeWriter([amqp], wake);
    const m = message();
    const first = await db.dataSource.transaction((manager) => writer.enqueue(manager, [m, { ...m }]));
    expect(first).toMatchObject({ inserted: 1, duplicates: 1 });
    expect(first.messageIds[0]).toBe(first.messageIds[1]);
    const again = await db.dataSource.transaction((manager) => writer.enqueue(manager, [m, message()]));
    expect(again).toMatchObject({ inserted: 1, duplicates: 1 });
    expect(await messages()).toBe(2);
    expect(await deliveries()).toBe(2);
    expect(wake.wakes).toBe(2);
    // Nothing new at all: no reason to wake anybody.
    await db.dataSource.transaction((manager) => writer.enqueue(manager, [m]));
    expect(wake.wakes).toBe(2);
  });

  it('with republish, puts a published message back to pending and adds newly enabled destinations', async () => {
    const m = message('accounting.cloud');
    const id = messageIdOf(m.body);
    await db.dataSource.transaction((manager) => makeWriter([amqp], wake).enqueue(manager, [m]));
    await db.dataSource.query(
      `UPDATE outbox_delivery SET state = 'published', attempts = 3, published_at = now(),
              last_error = 'old', last_failure_reason = 'nacked'`,
    );
    const withDirq = makeWriter([amqp, dirq], wake);
    const plain = await db.dataSource.transaction((manager) => withDirq.enqueue(manager, [m]));
    expect(plain).toMatchObject({ inserted: 0, duplicates: 1 });
    expect((await deliveryRows(db.dataSource, id)).map((r) => r.destination)).toEqual(['amqp']);

    const result = await db.dataSource.transaction((manager) =>
      withDirq.enqueue(manager, [m], { republish: true }),
    );
    expect(result).toEqual({ messageIds: [id], inserted: 0, duplicates: 0 });
    const rows = await deliveryRows(db.dataSource, id);
    expect(rows.map((r) => [r.destination, r.state, r.attempts, r.last_error, r.published_at])).toEqual([
      ['amqp', 'pending', 0, null, null],
      ['dirq', 'pending', 0, null, null],
    ]);
    expect(await messages()).toBe(1);
  });

  it('batches large calls: 1,200 messages in one transaction', async () => {
    const writer = makeWriter([amqp, dirq], wake);
    const batch = Array.from({ length: 1200 }, () => message());
    const result = await db.dataSource.transaction((manager) => writer.enqueue(manager, batch));
    expect(result.inserted).toBe(1200);
    expect(await messages()).toBe(1200);
    expect(await deliveries()).toBe(2400);
  });

  it('refuses an unknown kind, failing the caller’s transaction', async () => {
    const writer = makeWriter([amqp], wake);
    const bad = { ...message(), kind: 'accounting.bogus' as never };
    await expect(
      db.dataSource.transaction((manager) => writer.enqueue(manager, [message(), bad])),
    ).rejects.toMatchObject({ code: ErrorCode.INVALID_ARGUMENT });
    expect(await messages()).toBe(0);
  });

  it('wakes at once when the manager is not in a transaction (its statements are committed)', async () => {
    const writer = makeWriter([amqp], wake);
    await writer.enqueue(db.dataSource.manager, [message()]);
    expect(wake.wakes).toBe(1);
    expect(await deliveries()).toBe(1);
  });
});

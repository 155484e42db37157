/**
 * The AMQP destination against the real RabbitMQ: what consumers receive, byte for byte, and how
 * the broker's verdicts (ack, return, nack) come back as outcomes. Every exchange and queue has a
 * per-run name and is deleted afterwards. Connection failures: amqp-recovery.int-spec.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { packageVersion } from '../../src/common/package-info.js';
import { MESSAGE_KINDS } from '../../src/config/config.types.js';
import { SIGNED_CONTENT_TYPE } from '../../src/publishing/amqp/amqp-message.js';
import { AmqpTestBed, byMessageId, errorOf, reasons, until } from '../support/rabbitmq.js';

let bed: AmqpTestBed;
beforeAll(async () => {
  bed = await AmqpTestBed.open();
});
afterAll(async () => {
  await bed?.close();
});

describe('AmqpDestination on RabbitMQ', () => {
  it('delivers exactly the published messages, byte for byte, once, with their properties and headers', async () => {
    const config = bed.config('deliver');
    const destination = await bed.start(config);
    expect(destination.state().status).toBe('connected');
    const collector = await bed.admin.collector(config.exchange);
    const batch = MESSAGE_KINDS.flatMap((kind) => [bed.message(kind), bed.message(kind, 'Ñandú €')]);

    const outcomes = await destination.publish(batch);

    expect(outcomes).toEqual(batch.map((m) => ({ messageId: m.messageId, ok: true })));
    const received = byMessageId(await collector.waitFor(batch.length));
    expect(collector.messages).toHaveLength(batch.length);
    for (const m of batch) {
      const copies = received.get(m.messageId) ?? [];
      expect(copies).toHaveLength(1);
      const [got] = copies;
      expect(got.content.equals(Buffer.from(m.body, 'utf8'))).toBe(true);
      expect(got.fields).toMatchObject({ exchange: config.exchange, routingKey: m.kind });
      expect(got.properties).toMatchObject({
        messageId: m.messageId,
        contentType: m.contentType,
        deliveryMode: 2,
        timestamp: Math.floor(m.createdAt.getTime() / 1000),
        appId: `fedwatch/${packageVersion}`,
        headers: { site: AmqpTestBed.SITE, kind: m.kind, 'record-count': m.recordCount },
      });
    }
    await collector.close();

    // Each per-kind queue exists and holds exactly the messages of its kind.
    for (const kind of MESSAGE_KINDS) {
      const queued = await bed.admin.drain(bed.kindQueue(config, kind));
      expect(queued.map((q) => q.properties.messageId).sort()).toEqual(
        batch
          .filter((m) => m.kind === kind)
          .map((m) => m.messageId)
          .sort(),
      );
    }
  });

  it('routes with the configured routing keys and declares only the configured kinds and bindings', async () => {
    const archive = `${bed.run}.archive`;
    const config = bed.config('routing', {
      kinds: ['accounting.cloud', 'discovery.glue21'],
      routingKeys: { 'discovery.glue21': 'glue.v21' },
      bindings: [{ queue: archive, routingKey: 'accounting.#' }],
    });
    const destination = await bed.start(config);
    expect(destination.accepts('discovery.glue21')).toBe(true);
    expect(destination.accepts('accounting.storage')).toBe(false);
    const cloud = bed.message('accounting.cloud');
    const glue = bed.message('discovery.glue21');

    expect(reasons(await destination.publish([cloud, glue]))).toEqual(['ok', 'ok']);

    const glueQueue = await bed.admin.drain(bed.kindQueue(config, 'discovery.glue21'));
    expect(glueQueue.map((m) => [m.properties.messageId, m.fields.routingKey])).toEqual([
      [glue.messageId, 'glue.v21'],
    ]);
    expect((await bed.admin.drain(archive)).map((m) => m.properties.messageId)).toEqual([cloud.messageId]);
    expect((await bed.admin.queue(bed.kindQueue(config, 'accounting.storage'))).exists).toBe(false);
  });

  it('reports a message no queue is bound for as unroutable, never ok', async () => {
    const config = bed.config('unroutable', { declareQueues: false });
    const destination = await bed.start(config);
    const lonely = [bed.message('accounting.cloud'), bed.message('accounting.storage')];

    const outcomes = await destination.publish(lonely);

    expect(reasons(outcomes)).toEqual(['unroutable', 'unroutable']);
    expect(errorOf(outcomes[0])).toContain('NO_ROUTE');

    // Within one batch, returns are matched to their own messages.
    await bed.admin.declareQueue(`${bed.run}.cloud-only`, config.exchange, 'accounting.cloud');
    const mixed = [
      bed.message('accounting.cloud'),
      bed.message('accounting.storage'),
      bed.message('accounting.cloud'),
      bed.message('discovery.glue21'),
    ];
    expect(reasons(await destination.publish(mixed))).toEqual(['ok', 'unroutable', 'ok', 'unroutable']);
  });

  it('reports messages the broker refuses as nacked', async () => {
    const config = bed.config('nack', { declareQueues: false });
    const destination = await bed.start(config);
    await bed.admin.declareQueue(`${bed.run}.full`, config.exchange, 'accounting.cloud', {
      arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' },
    });
    const batch = [1, 2, 3].map(() => bed.message('accounting.cloud'));

    const outcomes = await destination.publish(batch);

    expect(reasons(outcomes)).toEqual(['ok', 'nacked', 'nacked']);
    expect(outcomes.map((o) => o.messageId)).toEqual(batch.map((m) => m.messageId));
  });

  it('recovers from a lost channel and declares its topology again', async () => {
    const config = bed.config('redeclare', { kinds: ['accounting.cloud'] });
    const destination = await bed.start(config);
    const queue = bed.kindQueue(config, 'accounting.cloud');
    // The exchange and queue vanish under the open connection (a broker reset, an operator's mistake).
    await bed.admin.delete({ exchanges: [config.exchange], queues: [queue] });
    expect(await bed.admin.exchangeExists(config.exchange)).toBe(false);

    const lost = await destination.publish([bed.message('accounting.cloud')]);
    expect(reasons(lost)).toEqual(['unreachable']);
    expect(errorOf(lost[0])).toContain('channel closed');

    await until(() => destination.state().status === 'connected');
    expect(await bed.admin.exchangeExists(config.exchange)).toBe(true);
    expect(reasons(await destination.publish([bed.message('accounting.cloud')]))).toEqual(['ok']);
    expect((await bed.admin.queue(queue)).messages).toBe(1);
  });

  it('publishes a large batch with flow control and without hanging', async () => {
    const queue = `${bed.run}.bulk`;
    const config = bed.config('bulk', {
      declareQueues: false,
      bindings: [{ queue, routingKey: 'accounting.cloud' }],
    });
    const destination = await bed.start(config);
    const batch = Array.from({ length: 5_000 }, () => bed.message('accounting.cloud', '', 8_192));

    const outcomes = await destination.publish(batch);

    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes.map((o) => o.messageId)).toEqual(batch.map((m) => m.messageId));
    expect((await bed.admin.queue(queue)).messages).toBe(5_000);
  });

  it('publishes the signed body under the unsigned message id', async () => {
    const config = bed.config('signed', { declareQueues: false });
    const signer = {
      sign: (body: string) => {
        if (body.includes('unsignable')) throw new Error('certificate expired');
        return 'SIGNED\n' + body;
      },
    };
    const destination = await bed.start(config, { signer });
    const collector = await bed.admin.collector(config.exchange);
    const message = bed.message('accounting.cloud');
    const broken = bed.message('accounting.cloud', 'unsignable');

    const outcomes = await destination.publish([message, broken]);

    expect(reasons(outcomes)).toEqual(['ok', 'rejected']);
    expect(errorOf(outcomes[1])).toContain('certificate expired');
    const [got] = await collector.waitFor(1);
    expect(collector.messages).toHaveLength(1);
    expect(got.content.toString('utf8')).toBe('SIGNED\n' + message.body);
    expect(got.properties.messageId).toBe(message.messageId);
    expect(got.properties.contentType).toBe(SIGNED_CONTENT_TYPE);
    expect(got.properties.headers).toMatchObject({
      'x-unsigned-content-type': message.contentType,
      kind: 'accounting.cloud',
      site: AmqpTestBed.SITE,
    });
    await collector.close();
  });
});

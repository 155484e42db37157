/**
 * The AMQP destination when the broker is unreachable, drops the connection or stops answering,
 * simulated by a TCP proxy in front of the real RabbitMQ (the broker itself keeps running).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  RABBITMQ_URL,
  AmqpTestBed,
  byMessageId,
  errorOf,
  reasons,
  sleep,
  until,
} from '../support/rabbitmq.js';
import { TcpProxy } from '../support/tcp-proxy.js';

let bed: AmqpTestBed;
let proxy: TcpProxy;
beforeAll(async () => {
  bed = await AmqpTestBed.open();
  proxy = await TcpProxy.start();
});
afterAll(async () => {
  await bed?.close();
  await proxy?.close();
});

describe('AmqpDestination when the connection fails', () => {
  it('starts while the broker is unreachable, fails fast, then connects by itself', async () => {
    proxy.cut();
    const config = bed.config('late', { url: proxy.url(RABBITMQ_URL) });
    const started = Date.now();
    const destination = await bed.start(config);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(['down', 'connecting']).toContain(destination.state().status);
    expect(destination.state().error).toBeTruthy();

    const batch = [bed.message('accounting.cloud'), bed.message('accounting.storage')];
    const before = Date.now();
    expect(reasons(await destination.publish(batch))).toEqual(['unreachable', 'unreachable']);
    expect(Date.now() - before).toBeLessThan(100);

    proxy.restore();
    await until(() => destination.state().status === 'connected');
    expect(destination.state().error).toBeUndefined();
    const collector = await bed.admin.collector(config.exchange);
    expect(reasons(await destination.publish(batch))).toEqual(['ok', 'ok']);
    expect((await collector.waitFor(2)).map((m) => m.properties.messageId).sort()).toEqual(
      batch.map((m) => m.messageId).sort(),
    );
    await collector.close();
  });

  it('fails fast while the connection is cut, keeps credentials out of its state, and recovers', async () => {
    const config = bed.config('cut', { url: proxy.url(RABBITMQ_URL) });
    const destination = await bed.start(config);
    expect(destination.state().status).toBe('connected');
    const collector = await bed.admin.collector(config.exchange);
    const batch = [bed.message('accounting.cloud'), bed.message('discovery.glue21')];

    proxy.cut();
    await until(() => destination.state().status !== 'connected', 2_000);
    const before = Date.now();
    const outcomes = await destination.publish(batch);
    expect(Date.now() - before).toBeLessThan(100);
    expect(reasons(outcomes)).toEqual(['unreachable', 'unreachable']);
    const state = destination.state();
    expect(['down', 'connecting']).toContain(state.status);
    expect(state.error).toBeTruthy();
    expect(JSON.stringify(state)).not.toContain('guest');
    expect(outcomes.map(errorOf).join(' ')).not.toContain('guest');

    proxy.restore();
    await until(() => destination.state().status === 'connected');
    expect(reasons(await destination.publish(batch))).toEqual(['ok', 'ok']);
    const received = byMessageId(await collector.waitFor(2));
    for (const m of batch) expect(received.get(m.messageId)).toHaveLength(1);
    expect(collector.messages).toHaveLength(2);
    await collector.close();
  });

  it('reports messages in flight when the connection drops as unreachable, and ok only for what the broker has', async () => {
    const config = bed.config('midflight', { url: proxy.url(RABBITMQ_URL), declareQueues: false });
    const destination = await bed.start(config);
    const collector = await bed.admin.collector(config.exchange);
    const batch = Array.from({ length: 2_000 }, () => bed.message('accounting.cloud', '', 8_192));

    const publishing = destination.publish(batch);
    // Cut once the broker is visibly routing the batch, so some confirms are still on their way.
    await until(() => collector.messages.length >= 300);
    proxy.cut();
    const outcomes = await publishing;
    proxy.restore();

    const counts = { ok: 0, unreachable: 0 };
    for (const r of reasons(outcomes)) counts[r as keyof typeof counts]++;
    expect(counts.ok + counts.unreachable).toBe(batch.length);
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts.unreachable).toBeGreaterThan(0);
    const received = byMessageId(await collector.waitFor(counts.ok, 10_000, 500));
    // ok means the broker has it; an unreachable one may have arrived too (the relay's retry then duplicates it).
    for (const o of outcomes) if (o.ok) expect(received.get(o.messageId)).toHaveLength(1);
    const ids = new Set(batch.map((m) => m.messageId));
    for (const id of received.keys()) expect(ids.has(id)).toBe(true);
    await collector.close();

    await until(() => destination.state().status === 'connected');
    const retry = batch.filter((_, i) => !outcomes[i].ok);
    expect(new Set(reasons(await destination.publish(retry)))).toEqual(new Set(['ok']));
  });

  it('times out a batch the broker never confirms, and publishes again once it answers', async () => {
    const config = bed.config('frozen', { url: proxy.url(RABBITMQ_URL), declareQueues: false });
    const destination = await bed.start(config, { confirmTimeoutMs: 500 });
    await bed.admin.declareQueue(`${bed.run}.frozen`, config.exchange, '#');
    const batch = [bed.message('accounting.cloud'), bed.message('accounting.cloud')];

    proxy.freeze();
    const before = Date.now();
    const outcomes = await destination.publish(batch);
    const took = Date.now() - before;
    proxy.restore();

    expect(reasons(outcomes)).toEqual(['timeout', 'timeout']);
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(2_000);
    expect(reasons(await destination.publish([bed.message('accounting.cloud')]))).toEqual(['ok']);
  });

  it('gives up at the timeout on a batch stalled by back-pressure, without hanging', async () => {
    const config = bed.config('stalled', { url: proxy.url(RABBITMQ_URL), declareQueues: false });
    const destination = await bed.start(config, { confirmTimeoutMs: 1_000 });
    await bed.admin.declareQueue(`${bed.run}.stalled`, config.exchange, '#');
    // More than the socket buffers hold: the channel reports back-pressure and never drains.
    const batch = Array.from({ length: 3_000 }, () => bed.message('accounting.cloud', '', 8_192));

    proxy.freeze();
    const before = Date.now();
    const outcomes = await destination.publish(batch);
    const took = Date.now() - before;
    proxy.restore();

    expect(new Set(reasons(outcomes))).toEqual(new Set(['timeout']));
    expect(outcomes.filter((o) => errorOf(o).startsWith('not sent')).length).toBeGreaterThan(0);
    expect(took).toBeLessThan(3_000);
    expect(reasons(await destination.publish([bed.message('accounting.cloud')]))).toEqual(['ok']);
  });

  it('never shows the password of a refused login', async () => {
    const secret = 'Wr0ng-Secret-Pa55';
    const config = bed.config('refused', { url: `amqp://guest:${secret}@127.0.0.1:5672` });
    const destination = await bed.start(config);
    const state = destination.state();
    expect(['down', 'connecting']).toContain(state.status);
    expect(state.error).toMatch(/ACCESS.REFUSED/);
    expect(JSON.stringify(state)).not.toContain(secret);
  });

  it('stops publishing and reconnecting once closed', async () => {
    const destination = await bed.start(bed.config('closed'));
    await destination.close();
    expect(destination.state().status).toBe('down');
    expect(reasons(await destination.publish([bed.message('accounting.cloud')]))).toEqual(['unreachable']);
    await sleep(200);
    expect(destination.state().status).toBe('down');
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { connect, type Channel, type ChannelModel, type ConsumeMessage, type Options } from 'amqplib';
import { MESSAGE_KINDS, type AmqpConfig, type MessageKind } from '../../src/config/config.types.js';
import { AmqpDestination, type AmqpDestinationOptions } from '../../src/publishing/amqp/amqp.destination.js';
import { planTopology } from '../../src/publishing/amqp/amqp-topology.js';
import type { OutgoingMessage, PublishOutcome } from '../../src/publishing/message-destination.port.js';

export const RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** A name no other test run uses: `<prefix>.<pid>.<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}.${process.pid}.${randomBytes(4).toString('hex')}`;
}

/**
 * Direct access to the test broker over AMQP (the management API may be absent): declares test
 * queues, inspects what exists, collects messages, and deletes everything a test file declared
 * or named, so the file can run again.
 */
export class RabbitAdmin {
  private readonly queues = new Set<string>();
  private readonly exchanges = new Set<string>();

  private constructor(private readonly model: ChannelModel) {}

  static async open(url = RABBITMQ_URL): Promise<RabbitAdmin> {
    const model = await connect(url);
    model.on('error', () => undefined);
    return new RabbitAdmin(model);
  }

  /** Remember names declared by the code under test, so `cleanUp` deletes them too. */
  track(names: { queues?: Iterable<string>; exchanges?: Iterable<string> }): void {
    for (const q of names.queues ?? []) this.queues.add(q);
    for (const e of names.exchanges ?? []) this.exchanges.add(e);
  }

  async declareExchange(exchange: string): Promise<void> {
    this.exchanges.add(exchange);
    await this.withChannel((ch) => ch.assertExchange(exchange, 'topic', { durable: true }));
  }

  /** A queue bound to the exchange with `routingKey` (declares the exchange as fedwatch does). */
  async declareQueue(queue: string, exchange: string, routingKey: string, options: Options.AssertQueue = {}) {
    this.track({ queues: [queue] });
    await this.declareExchange(exchange);
    await this.withChannel(async (ch) => {
      await ch.assertQueue(queue, { durable: false, ...options });
      await ch.bindQueue(queue, exchange, routingKey);
    });
  }

  /** Whether a queue exists, and how many messages are ready in it. */
  async queue(queue: string): Promise<{ exists: boolean; messages: number }> {
    try {
      const ok = await this.withChannel((ch) => ch.checkQueue(queue));
      return { exists: true, messages: ok.messageCount };
    } catch {
      return { exists: false, messages: 0 };
    }
  }

  async exchangeExists(exchange: string): Promise<boolean> {
    try {
      await this.withChannel((ch) => ch.checkExchange(exchange));
      return true;
    } catch {
      return false;
    }
  }

  /** Takes (and acknowledges) every message waiting in a queue. */
  async drain(queue: string): Promise<ConsumeMessage[]> {
    return this.withChannel(async (ch) => {
      const out: ConsumeMessage[] = [];
      for (let m = await ch.get(queue, { noAck: true }); m; m = await ch.get(queue, { noAck: true })) {
        out.push(m as unknown as ConsumeMessage);
      }
      return out;
    });
  }

  /** A fresh queue bound to `exchange` with `pattern` that collects every message routed to it. */
  async collector(exchange: string, pattern = '#'): Promise<MessageCollector> {
    const queue = uniqueName('it.collector');
    await this.declareQueue(queue, exchange, pattern);
    const channel = await this.model.createChannel();
    const collector = new MessageCollector(channel);
    await channel.consume(queue, (m) => m && collector.messages.push(m), { noAck: true });
    return collector;
  }

  /** Deletes queues and exchanges now (they stay tracked: the code under test may declare them again). */
  async delete(names: { queues?: Iterable<string>; exchanges?: Iterable<string> }): Promise<void> {
    for (const q of names.queues ?? [])
      await this.withChannel((ch) => ch.deleteQueue(q)).catch(() => undefined);
    for (const e of names.exchanges ?? []) {
      await this.withChannel((ch) => ch.deleteExchange(e)).catch(() => undefined);
    }
  }

  /** Deletes everything declared or tracked so far. */
  async cleanUp(): Promise<void> {
    await this.delete({ queues: this.queues, exchanges: this.exchanges });
    this.queues.clear();
    this.exchanges.clear();
  }

  async close(): Promise<void> {
    await this.cleanUp();
    await this.model.close();
  }

  // A failed check closes its channel, so each operation gets its own.
  private async withChannel<T>(op: (ch: Channel) => Promise<T>): Promise<T> {
    const ch = await this.model.createChannel();
    ch.on('error', () => undefined);
    try {
      return await op(ch);
    } finally {
      await ch.close().catch(() => undefined);
    }
  }
}

/** Messages delivered to one consumer, in arrival order. */
export class MessageCollector {
  readonly messages: ConsumeMessage[] = [];

  constructor(private readonly channel: Channel) {}

  /** Waits until at least `count` messages arrived, then a little longer to catch any extra. */
  async waitFor(count: number, timeoutMs = 10_000, quietMs = 200): Promise<ConsumeMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count && Date.now() < deadline) await sleep(20);
    await sleep(quietMs);
    return this.messages;
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => undefined);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 20 ms; throws after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Received messages grouped by AMQP message id, to count copies. */
export function byMessageId(messages: readonly ConsumeMessage[]): Map<string, ConsumeMessage[]> {
  const map = new Map<string, ConsumeMessage[]>();
  for (const m of messages) {
    const id = String(m.properties.messageId);
    map.set(id, [...(map.get(id) ?? []), m]);
  }
  return map;
}

/**
 * AmqpDestination test fixtures for one test file: per-run exchange and queue names, destinations
 * with fast reconnects, outbox-like messages, and cleanup of everything they declared.
 */
export class AmqpTestBed {
  static readonly SITE = 'IT-SITE';
  readonly run = uniqueName('it-amqp');
  private readonly destinations: AmqpDestination[] = [];
  private serial = 0;

  private constructor(readonly admin: RabbitAdmin) {}

  static async open(): Promise<AmqpTestBed> {
    return new AmqpTestBed(await RabbitAdmin.open());
  }

  /** A destination config with the exchange `<run>.<name>`. */
  config(name: string, overrides: Partial<AmqpConfig> = {}): AmqpConfig {
    return {
      url: RABBITMQ_URL,
      exchange: `${this.run}.${name}`,
      routingKeys: {},
      kinds: [...MESSAGE_KINDS],
      declareQueues: true,
      bindings: [],
      heartbeatSeconds: 30,
      ...overrides,
    };
  }

  /** The per-kind queue: prefixed with the exchange's unique name, so tests never share a queue. */
  kindQueue(config: AmqpConfig, kind: MessageKind): string {
    // The prefix `start` gives the destination.
    return `${config.exchange}.${kind}`;
  }

  async start(config: AmqpConfig, options: Partial<AmqpDestinationOptions> = {}): Promise<AmqpDestination> {
    const queuePrefix = `${config.exchange}.`;
    const plan = planTopology(config, queuePrefix);
    this.admin.track({ exchanges: [plan.exchange], queues: plan.queues.map((q) => q.queue) });
    const destination = new AmqpDestination(config, {
      site: AmqpTestBed.SITE,
      queuePrefix,
      backoff: { initialDelayMs: 50, maxDelayMs: 400 },
      connectTimeoutMs: 2_000,
      ...options,
    });
    this.destinations.push(destination);
    await destination.start();
    return destination;
  }

  /** A unique message as the outbox hands it over; `padTo` grows the body to that many bytes. */
  message(kind: MessageKind, extra = '', padTo = 0): OutgoingMessage {
    const n = ++this.serial;
    let body = `APEL-cloud-message: v0.4\nVMUUID: ${this.run}-${n}\nSite: ${extra}\n`;
    if (body.length < padTo) body += 'X'.repeat(padTo - body.length - 1) + '\n';
    return {
      messageId: createHash('sha256').update(body).digest('hex'),
      kind,
      body,
      contentType: 'text/plain; charset=us-ascii',
      recordCount: 1 + (n % 100),
      site: AmqpTestBed.SITE,
      createdAt: new Date(Date.UTC(2026, 10, 1, 12, 0, n % 60, 250)),
    };
  }

  async close(): Promise<void> {
    for (const d of this.destinations) await d.close();
    await this.admin.close();
  }
}

/** `ok` or the failure reason of each outcome, in order. */
export const reasons = (outcomes: readonly PublishOutcome[]): string[] =>
  outcomes.map((o) => (o.ok ? 'ok' : o.reason));
export const errorOf = (o: PublishOutcome): string => (o.ok ? '' : o.error);

/**
 * What the publishing e2e specs share: per test file a fresh PostgreSQL database, a unique topic
 * exchange with one durable consumer queue that the service binds itself (no `fedwatch.<kind>`
 * queues are declared), the environment for `fedwatch serve`, a producer that writes through the
 * real OutboxWriterService on the same database, and checks of what the consumer received
 * against the outbox rows. `close()` stops the services and deletes everything it made.
 */
import { connect, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MESSAGE_KINDS, type MessageKind } from '../../src/config/config.types.js';
import { inflateBody } from '../../src/publishing/body-codec.js';
import { OutboxWriterService } from '../../src/publishing/outbox-writer.service.js';
import type { OutboxMessageInput } from '../../src/publishing/outbox.port.js';
import { FakeMessageDestination } from '../fakes/fake-message-destination.js';
import { createTestDatabase } from './postgres.js';
import { byMessageId, MessageCollector, RABBITMQ_URL, RabbitAdmin, sleep, uniqueName } from './rabbitmq.js';
import { freePort } from './free-port.js';
import { repoRoot, startServiceProcess, type ServiceProcess } from './service-process.js';
import { tempDir } from './temp-dir.js';

export const SITE = 'E2E-PUBLISHING';
export const READ_TOKEN = 'rd-Pb4Nq8Wc2Lx7Z';
export const ADMIN_TOKEN = 'adm-Pb9Tr3Kd6Ys1V';

/** One outbox message with the state of one destination's delivery. */
export interface OutboxRow {
  messageId: string;
  kind: MessageKind;
  site: string;
  body: string;
  contentType: string;
  recordCount: number;
  createdAt: Date;
  state: 'pending' | 'published' | null;
}

export interface Delivery {
  state: 'pending' | 'published';
  claimedUntil: Date | null;
  publishedAt: Date | null;
}

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export class PublishingBed {
  private readonly services: ServiceProcess[] = [];
  private producer: DataSource | null = null;
  private serial = 0;

  private constructor(
    readonly db: { url: string; drop(): Promise<void> },
    readonly admin: RabbitAdmin,
    private readonly model: ChannelModel,
    readonly exchange: string,
    readonly queue: string,
    readonly consumer: MessageCollector,
  ) {}

  static async open(name: string): Promise<PublishingBed> {
    const db = await createTestDatabase(`fw_e2e_pub_${name}`);
    const admin = await RabbitAdmin.open().catch(async (err: unknown) => {
      await db.drop();
      throw err;
    });
    try {
      const exchange = uniqueName(`e2e.publishing.${name}`);
      const queue = `${exchange}.consumer`;
      // Durable, as the service declares its bindings: the two declarations must agree.
      await admin.declareQueue(queue, exchange, '#', { durable: true });
      const model = await connect(RABBITMQ_URL);
      model.on('error', () => undefined);
      const channel = await model.createChannel();
      const consumer = new MessageCollector(channel);
      await channel.consume(queue, (m) => m && consumer.messages.push(m), { noAck: true });
      return new PublishingBed(db, admin, model, exchange, queue, consumer);
    } catch (err) {
      await admin.close();
      await db.drop();
      throw err;
    }
  }

  /** The service's environment: this bed's database, exchange and consumer queue, API tokens. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      DATABASE_URL: this.db.url,
      AMQP_URL: RABBITMQ_URL,
      FEDWATCH_SITE__NAME: SITE,
      FEDWATCH_API__TOKENS: JSON.stringify([
        { name: 'ops', role: 'admin', token: ADMIN_TOKEN },
        { name: 'grafana', role: 'read', token: READ_TOKEN },
      ]),
      FEDWATCH_FEDERATION__AMQP__EXCHANGE: this.exchange,
      FEDWATCH_FEDERATION__AMQP__DECLARE_QUEUES: 'false',
      FEDWATCH_FEDERATION__AMQP__BINDINGS: JSON.stringify([{ queue: this.queue, routingKey: '#' }]),
      ...extra,
    };
  }

  /** `fedwatch serve` with `env()` plus `extra`; stopped (SIGKILL if still running) by `close()`. */
  async start(extra: Record<string, string> = {}): Promise<ServiceProcess> {
    const service = await startServiceProcess({ env: this.env(extra) });
    this.services.push(service);
    return service;
  }

  /**
   * `fedwatch serve` expected to fail at start: its exit code and output. Killed after `timeoutMs`
   * if it starts after all (the code is then null), so a missed check fails the test, not the run.
   */
  async serveExpectingFailure(extra: Record<string, string>, timeoutMs = 30_000) {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'fedwatch.js'), 'serve'], {
      cwd: tempDir('fedwatch-e2e-pub-'),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        FEDWATCH_HTTP_PORT: String(await freePort()),
        FEDWATCH_GRPC_PORT: String(await freePort()),
        FEDWATCH_DATA_DIR: tempDir('fedwatch-e2e-pub-data-'),
        FEDWATCH_LOGGING__FORMAT: 'json',
        ...this.env(extra),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    clearTimeout(timer);
    return { code, stdout, stderr };
  }

  /** `count` distinct APEL-like messages of `kind`; `padTo` grows each body to that many bytes. */
  messages(count: number, kind: MessageKind = 'accounting.cloud', padTo = 0): OutboxMessageInput[] {
    return Array.from({ length: count }, () => {
      const n = ++this.serial;
      let body = `APEL-cloud-message: v0.4\nVMUUID: ${this.exchange}-${n}\nSite: ${SITE}\nCpuCount: ${n % 7}\n`;
      if (body.length < padTo) body += `Padding: ${'x'.repeat(padTo - body.length - 10)}\n`;
      body += '%%\n';
      return { kind, body, contentType: 'text/plain', recordCount: 1 + (n % 5), site: SITE };
    });
  }

  /**
   * Writes through the real OutboxWriterService in one transaction, as a producer of this service
   * would: one delivery per named destination that takes the kind (the service enables the same).
   * Call it after a service has started (it migrates the database).
   */
  async enqueue(
    messages: readonly OutboxMessageInput[],
    destinations: { name: string; kinds: readonly MessageKind[] }[] = [
      { name: 'amqp', kinds: MESSAGE_KINDS },
    ],
  ): Promise<string[]> {
    const writer = new OutboxWriterService(
      destinations.map((d) => new FakeMessageDestination(d.name, d.kinds)),
      { wake() {} },
    );
    const ds = await this.database();
    const result = await ds.transaction((manager) => writer.enqueue(manager, messages));
    if (result.inserted !== messages.length)
      throw new Error(`inserted ${result.inserted} of ${messages.length}`);
    return result.messageIds;
  }

  /** Every outbox message, oldest first, with the state of its `destination` delivery. */
  async outbox(destination = 'amqp'): Promise<OutboxRow[]> {
    const rows: Record<string, unknown>[] = await (
      await this.database()
    ).query(
      `SELECT m.message_id, m.kind, m.site, m.body, m.body_deflated, m.content_type, m.record_count, m.created_at, d.state
         FROM outbox_message m
         LEFT JOIN outbox_delivery d ON d.outbox_message_id = m.id AND d.destination = $1
        ORDER BY m.id`,
      [destination],
    );
    return rows.map((r) => ({
      messageId: r.message_id as string,
      kind: r.kind as MessageKind,
      site: r.site as string,
      body: inflateBody({ body: r.body as string | null, body_deflated: r.body_deflated as Buffer | null }),
      contentType: r.content_type as string,
      recordCount: Number(r.record_count),
      createdAt: r.created_at as Date,
      state: r.state as OutboxRow['state'],
    }));
  }

  /** Delivery states of `destination` → count. */
  async states(destination = 'amqp'): Promise<Record<string, number>> {
    const rows: { state: string; n: string }[] = await (
      await this.database()
    ).query(`SELECT state, count(*) AS n FROM outbox_delivery WHERE destination = $1 GROUP BY state`, [
      destination,
    ]);
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  /** Deliveries of `destination` by message id: state, lease and when published. */
  async deliveries(destination = 'amqp'): Promise<Map<string, Delivery>> {
    const rows: {
      message_id: string;
      state: Delivery['state'];
      claimed_until: Date | null;
      published_at: Date | null;
    }[] = await (
      await this.database()
    ).query(
      `SELECT m.message_id, d.state, d.claimed_until, d.published_at
         FROM outbox_delivery d JOIN outbox_message m ON m.id = d.outbox_message_id
        WHERE d.destination = $1`,
      [destination],
    );
    return new Map(
      rows.map((r) => [
        r.message_id,
        { state: r.state, claimedUntil: r.claimed_until, publishedAt: r.published_at },
      ]),
    );
  }

  /** Runs SQL on the bed's database (what a test does to the database behind the service's back). */
  async sql(query: string, params: unknown[] = []): Promise<unknown> {
    return (await this.database()).query(query, params);
  }

  async close(): Promise<void> {
    for (const s of this.services.splice(0)) await s.stop('SIGKILL');
    if (this.producer?.isInitialized) await this.producer.destroy();
    await this.consumer.close();
    await this.model.close().catch(() => undefined);
    await this.admin.close(); // deletes the consumer queue and the exchange
    await this.db.drop();
  }

  private async database(): Promise<DataSource> {
    this.producer ??= await new DataSource({ type: 'postgres', url: this.db.url, poolSize: 2 }).initialize();
    return this.producer;
  }
}

/** Polls `probe` every 100 ms until `ok` holds; throws with the last value after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  ok: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

/** GET with a bearer token; the JSON body and status. */
export async function getJson<T = Record<string, unknown>>(
  service: ServiceProcess,
  path: string,
  token = READ_TOKEN,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${service.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T };
}

/**
 * How the received messages compare with the outbox, by message id: ids never produced, ids
 * received more than once, ids not received, and ids whose copies differ from the outbox body or
 * whose body does not hash to the id (every copy is checked, so a duplicate must be identical).
 */
export function compareWithOutbox(received: readonly ConsumeMessage[], rows: readonly OutboxRow[]) {
  const got = byMessageId(received);
  const bodies = new Map(rows.map((r) => [r.messageId, Buffer.from(r.body, 'utf8')]));
  return {
    unknown: [...got.keys()].filter((id) => !bodies.has(id)),
    missing: [...bodies.keys()].filter((id) => !got.has(id)),
    duplicates: [...got.values()].reduce((n, copies) => n + copies.length - 1, 0),
    altered: [...got.entries()]
      .filter(([id, copies]) => copies.some((m) => !m.content.equals(bodies.get(id) ?? Buffer.alloc(0))))
      .map(([id]) => id),
    notHashingToId: received.filter((m) => sha256(m.content) !== m.properties.messageId).length,
  };
}

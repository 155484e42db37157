/**
 * Publishing benchmark: 1,000 APEL cloud messages of 100 records each (~70 kB) through the real
 * outbox → relay → RabbitMQ path, against a raw amqplib confirm-channel loop publishing the same
 * bodies. Prints figures and one closing JSON line; asserts nothing. Run with
 * `npm run bench:publish` (needs PostgreSQL and RabbitMQ as for `npm test`).
 *
 * fedwatch side: the real OutboxWriterService, OutboxRelay, OutboxMetrics and AmqpDestination,
 * wired as PublishingModule wires them (minus Nest) with the configuration defaults (batch 200,
 * lease 60 s, confirm timeout lease × 400 ms), on a fresh PostgreSQL database migrated with the
 * service's migrations, the relay in this process as in the service. In-process rather than the
 * service process so the clock can stop at the last broker confirm itself (a thin wrapper around
 * the destination notes when each batch's confirms are all in) instead of at a consumer's receipt,
 * and so no REST/ingest path is measured: producers write the outbox in-process in the service too.
 *
 *   relay (pipelined)  first outbox insert → last broker confirm, the messages written in
 *                      transactions of BENCH_TX_MESSAGES (default 20, like an extraction storing
 *                      one project window per transaction) while the relay, woken after each
 *                      commit, publishes them
 *   relay (backlog)    1,000 already in the outbox, relay started → last confirm (relay alone)
 *   raw amqplib        the same bodies and AMQP properties, pre-encoded, on one confirm channel:
 *                      publish a window of BENCH_WINDOW (default 200 = the relay's batch), honour
 *                      `drain`, await the window's confirms, repeat; run before and after the relay
 *                      runs, and the baseline is their mean
 *
 * One unique durable exchange and queue (bound `#`) take every phase; the queue is purged between
 * phases and both are deleted at the end; the database is dropped. CPU seconds of this process,
 * PostgreSQL and RabbitMQ are printed per phase (from /proc), to show which one a phase waits on.
 * Bodies are stored deflated by fedwatch (src/publishing/body-codec.ts), as in the service.
 */
import { Logger } from '@nestjs/common';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { migrations } from '../migrations/index.js';
import { splitIntoMessages, type CloudRecord, type CloudStatus } from '../src/accounting/records/index.js';
import { packageVersion } from '../src/common/package-info.js';
import { loadConfig } from '../src/config/config.loader.js';
import type { AmqpConfig, AppConfig, MessageKind } from '../src/config/config.types.js';
import { migrateUp } from '../src/database/migration-runner.js';
import { toAmqpMessage, type AmqpMessage } from '../src/publishing/amqp/amqp-message.js';
import { AmqpDestination } from '../src/publishing/amqp/amqp.destination.js';
import {
  MessageDestination,
  type DestinationState,
  type OutgoingMessage,
  type PublishOutcome,
} from '../src/publishing/message-destination.port.js';
import { messageIdOf } from '../src/publishing/message-id.js';
import { OutboxRelay } from '../src/publishing/outbox-relay.service.js';
import { OutboxStatusRepository } from '../src/publishing/outbox-status.repository.js';
import { OutboxWriterService } from '../src/publishing/outbox-writer.service.js';
import { OutboxMetrics } from '../src/publishing/outbox.metrics.js';
import type { OutboxMessageInput } from '../src/publishing/outbox.port.js';
import { createTestDatabase } from '../test/support/postgres.js';
import { RABBITMQ_URL, RabbitAdmin, uniqueName } from '../test/support/rabbitmq.js';
import { cpuMeter, machineLine, round, sleep } from './bench-support.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1000);
const RECORDS_PER_MESSAGE = 100;
const TX_MESSAGES = Number(process.env.BENCH_TX_MESSAGES ?? 20);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 200);
const SITE = 'BENCH-PUBLISH';
const KIND = 'accounting.cloud' satisfies MessageKind;
const TARGET_RATIO = 0.8;

// The relay logs its start at `log` level; keep the output to figures (warnings still show).
Logger.overrideLogger(['warn', 'error']);

// ---------------------------------------------------------------------------------------------
// Realistic cloud records (seeded), rendered and split by the real APEL message code.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateMessages(count: number): OutboxMessageInput[] {
  const rnd = mulberry32(20261126);
  let serial = 0;
  // Deterministic hex of any length (a seeded counter through SHA-256: fast, unlike digit by digit).
  const hex = (n: number) => {
    let out = '';
    while (out.length < n) out += createHash('sha256').update(`${++serial}`).digest('hex');
    return out.slice(0, n);
  };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const vos = ['fedcloud.egi.eu', 'vo.access.egi.eu', 'biomed', 'eiscat.se', 'vo.notebooks.egi.eu'];
  // EGI Check-in subjects (64 hex characters @egi.eu) as GlobalUserName, as sites report them.
  const users = Array.from({ length: 200 }, () => ({ id: hex(32), dn: `${hex(64)}@egi.eu` }));
  const projects = Array.from({ length: 50 }, (_, i) => `vo-project-${String(i).padStart(2, '0')}`);
  const groups = Array.from({ length: 50 }, () => hex(32));
  const flavors = [
    { cpu: 1, mem: 2048, disk: 20 },
    { cpu: 2, mem: 4096, disk: 40 },
    { cpu: 4, mem: 8192, disk: 80 },
    { cpu: 8, mem: 16384, disk: 180 },
    { cpu: 16, mem: 65536, disk: 320 },
  ];
  const prefixes = ['worker', 'jupyter', 'train', 'db', 'web', 'test-vm', 'pipeline', 'k8s-node'];
  const statuses: CloudStatus[] = ['started', 'started', 'started', 'completed', 'stopped', 'suspended'];
  const end = Date.UTC(2026, 10, 26) / 1000;
  const records: CloudRecord[] = [];
  for (let i = 0; i < count * RECORDS_PER_MESSAGE; i++) {
    const f = pick(flavors);
    const user = pick(users);
    const status = pick(statuses);
    const start = end - Math.floor(rnd() * 200 * 86_400);
    const stop = status === 'completed' ? start + Math.floor(rnd() * (end - start)) : 0;
    const wall = (stop || end) - start;
    records.push({
      VMUUID: uuid(),
      SiteName: SITE,
      CloudComputeService: 'openstack.bench.example.org',
      CloudType: `fedwatch/${packageVersion} (OpenStack)`,
      MachineName: `${pick(projects)}-${pick(prefixes)}-${i}.cloud.bench.example.org`,
      LocalUserId: user.id,
      LocalGroupId: pick(groups),
      GlobalUserName: rnd() < 0.9 ? user.dn : null,
      FQAN: pick(vos),
      Status: status,
      StartTime: start,
      EndTime: stop,
      WallDuration: wall,
      CpuDuration: wall * f.cpu,
      CpuCount: f.cpu,
      PublicIPCount: rnd() < 0.25 ? 1 : 0,
      Memory: f.mem,
      Disk: f.disk,
      BenchmarkType: 'HEPscore23',
      Benchmark: 11.2,
      ImageId:
        rnd() < 0.7 ? `https://appdb.egi.eu/store/vo/image/${uuid()}:${Math.floor(rnd() * 9000)}/` : uuid(),
    });
  }
  return splitIntoMessages(KIND, records, { maxRecords: RECORDS_PER_MESSAGE, maxBytes: 990_000 }).map(
    (m) => ({
      kind: m.kind,
      body: m.body,
      contentType: m.contentType,
      recordCount: m.recordCount,
      site: SITE,
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The destination as the relay sees it, noting when confirms come back.

/** Delegates to the real AmqpDestination; resolves `all` once `expected` messages were confirmed. */
class TimedDestination extends MessageDestination {
  readonly name: string;
  confirmed = 0;
  failed = 0;
  batches = 0;
  lastConfirmAt = 0;
  private expected = Infinity;
  private resolveAll: () => void = () => {};
  all: Promise<void> = Promise.resolve();

  constructor(private readonly inner: AmqpDestination) {
    super();
    this.name = inner.name;
  }

  expect(count: number): void {
    this.confirmed = 0;
    this.failed = 0;
    this.batches = 0;
    this.expected = count;
    this.all = new Promise((resolve) => (this.resolveAll = resolve));
  }

  accepts(kind: MessageKind): boolean {
    return this.inner.accepts(kind);
  }

  async publish(batch: readonly OutgoingMessage[]): Promise<PublishOutcome[]> {
    const outcomes = await this.inner.publish(batch);
    const at = performance.now();
    this.batches++;
    for (const o of outcomes) {
      if (o.ok) this.confirmed++;
      else this.failed++;
    }
    this.lastConfirmAt = at;
    if (this.confirmed >= this.expected) this.resolveAll();
    return outcomes;
  }

  state(): DestinationState {
    return this.inner.state();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** `promise`, or give up after `ms` (the timer is cleared either way, so it never holds the process). */
async function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------

interface PhaseResult {
  phase: string;
  ms: number;
  messages: number;
  records: number;
  msgPerS: number;
  recPerS: number;
  inQueue: number;
  detail?: Record<string, unknown>;
}

function phase(name: string, ms: number, messages: number, records: number, inQueue: number, detail = {}) {
  const s = ms / 1000;
  return {
    phase: name,
    ms: round(ms, 0),
    messages,
    records,
    msgPerS: round(messages / s, 0),
    recPerS: round(records / s, 0),
    inQueue,
    detail,
  } satisfies PhaseResult;
}

function show(r: PhaseResult): void {
  console.log(
    `  ${r.phase.padEnd(34)} ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${String(r.msgPerS).padStart(6)} msg/s ` +
      `${String(r.recPerS).padStart(8)} records/s  (${r.messages} confirmed, ${r.inQueue} in the queue)` +
      (r.detail && Object.keys(r.detail).length ? `  ${JSON.stringify(r.detail)}` : ''),
  );
}

async function rawLoop(channel: ConfirmChannel, exchange: string, prepared: AmqpMessage[]): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < prepared.length; i += WINDOW) {
    const confirms: Promise<void>[] = [];
    for (const m of prepared.slice(i, i + WINDOW)) {
      let writable = true;
      confirms.push(
        new Promise<void>((resolve, reject) => {
          writable = channel.publish(exchange, m.routingKey, m.content, m.options, (err) =>
            err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
          );
        }),
      );
      if (!writable) await new Promise((resolve) => channel.once('drain', resolve));
    }
    await Promise.all(confirms);
  }
  return performance.now() - t0;
}

async function main() {
  const machine = machineLine();
  console.log(`fedwatch publishing benchmark: ${machine}`);
  const cwd = mkdtempSync(join(tmpdir(), 'fedwatch-bench-publish-'));
  // The configuration defaults, exactly as a site without overrides runs them.
  let config: Readonly<AppConfig>;
  try {
    config = loadConfig({ env: {}, file: null, cwd }).config;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  const outboxConfig = config.federation.outbox;

  const tGen = performance.now();
  const inputs = generateMessages(MESSAGES);
  const genMs = performance.now() - tGen;
  const records = inputs.reduce((s, m) => s + m.recordCount, 0);
  const bytes = inputs.reduce((s, m) => s + Buffer.byteLength(m.body), 0);
  console.log(
    `${inputs.length} messages × ${RECORDS_PER_MESSAGE} records (real APEL cloud message text from splitIntoMessages), ` +
      `mean body ${(bytes / inputs.length / 1000).toFixed(1)} kB, ${(bytes / 1e6).toFixed(1)} MB in all ` +
      `(generated in ${genMs.toFixed(0)} ms); outbox batch ${outboxConfig.batchSize}, lease ${outboxConfig.leaseSeconds} s, ` +
      `${TX_MESSAGES} messages per insert transaction, raw window ${WINDOW}`,
  );

  const exchange = uniqueName('bench.publish');
  const queue = `${exchange}.all`;
  const db = await createTestDatabase('fw_bench_publish');
  const admin = await RabbitAdmin.open();
  admin.track({ exchanges: [exchange], queues: [queue] });
  let dataSource: DataSource | null = null;
  let destination: AmqpDestination | null = null;
  const relays: OutboxRelay[] = [];
  let rawModel: ChannelModel | null = null;
  const results: PhaseResult[] = [];
  try {
    rawModel = await connect(RABBITMQ_URL);
    rawModel.on('error', () => undefined);
    dataSource = await new DataSource({
      type: 'postgres',
      url: db.url,
      poolSize: config.database.poolSize,
      applicationName: 'fedwatch-bench',
      migrations,
      migrationsTableName: 'typeorm_migrations',
      logging: false,
    }).initialize();
    await migrateUp(dataSource);
    const ds = dataSource;

    const amqp: AmqpConfig = {
      ...config.federation.amqp,
      url: RABBITMQ_URL,
      exchange,
      declareQueues: false,
      bindings: [{ queue, routingKey: '#' }],
    };
    destination = new AmqpDestination(amqp, {
      site: SITE,
      confirmTimeoutMs: outboxConfig.leaseSeconds * 400,
      connectTimeoutMs: 5_000,
    });
    await destination.start(); // declares the exchange, the queue and its binding
    if (destination.state().status !== 'connected')
      throw new Error(`AMQP: ${JSON.stringify(destination.state())}`);
    const timed = new TimedDestination(destination);
    const registry = new Registry();
    const metrics = new OutboxMetrics(registry, new OutboxStatusRepository(ds));
    const newRelay = () => {
      const relay = new OutboxRelay(
        ds,
        [timed],
        { federation: { outbox: outboxConfig }, shutdownGraceSeconds: config.shutdownGraceSeconds },
        metrics,
        { autoStart: false },
      );
      relays.push(relay);
      return relay;
    };
    const publishedInMetrics = async () => {
      const metric = registry.getSingleMetric('fedwatch_outbox_published_messages_total');
      return metric ? (await metric.get()).values.reduce((s, v) => s + v.value, 0) : 0;
    };

    const channel = await rawModel.createConfirmChannel();
    channel.on('error', () => undefined);
    const inQueue = async () => (await channel.checkQueue(queue)).messageCount;
    const purge = async () => void (await channel.purgeQueue(queue));
    const appId = `fedwatch/${packageVersion}`;
    const createdAt = new Date();
    const prepared = inputs.map((m) =>
      toAmqpMessage(
        { ...m, messageId: messageIdOf(m.body), createdAt },
        { routingKey: m.kind, appId, site: SITE },
      ),
    );
    const rawPhase = async (name: string) => {
      await purge();
      const cpu = cpuMeter();
      const ms = await rawLoop(channel, exchange, prepared);
      const r = phase(name, ms, prepared.length, records, await inQueue(), { cpuS: cpu() });
      results.push(r);
      show(r);
      return r;
    };

    console.log('results (messages/s and records/s from the first write to the last broker confirm):');
    const raw1 = await rawPhase('raw amqplib (before)');

    // Relay, pipelined with the inserts: the clock starts at the first insert.
    await purge();
    const relay = newRelay();
    relay.start();
    const writer = new OutboxWriterService([timed], relay);
    timed.expect(inputs.length);
    const before = await publishedInMetrics();
    const cpu = cpuMeter();
    const t0 = performance.now();
    for (let i = 0; i < inputs.length; i += TX_MESSAGES) {
      await ds.transaction((manager) => writer.enqueue(manager, inputs.slice(i, i + TX_MESSAGES)));
    }
    const tInserted = performance.now();
    await within(timed.all, 120_000);
    const tConfirmed = timed.lastConfirmAt;
    const pipelinedCpu = cpu();
    while ((await publishedInMetrics()) - before < inputs.length && performance.now() - t0 < 150_000)
      await sleep(2);
    const tRecorded = performance.now();
    await relay.stop(30_000);
    const pipelined = phase(
      'relay, pipelined with inserts',
      tConfirmed - t0,
      timed.confirmed,
      records,
      await inQueue(),
      {
        insertsDoneMs: round(tInserted - t0, 0),
        allMarkedPublishedMs: round(tRecorded - t0, 0),
        batches: timed.batches,
        failed: timed.failed,
        cpuS: pipelinedCpu,
      },
    );
    results.push(pipelined);
    show(pipelined);

    // Relay alone: the same 1,000 already in the outbox, then the relay starts.
    await purge();
    await ds.query('TRUNCATE outbox_delivery, outbox_message RESTART IDENTITY');
    const idle = { wake() {} };
    const loader = new OutboxWriterService([timed], idle);
    const loadCpu = cpuMeter();
    const tLoad = performance.now();
    for (let i = 0; i < inputs.length; i += TX_MESSAGES) {
      await ds.transaction((manager) => loader.enqueue(manager, inputs.slice(i, i + TX_MESSAGES)));
    }
    const loadMs = performance.now() - tLoad;
    const loadCpuS = loadCpu();
    const backlogRelay = newRelay();
    timed.expect(inputs.length);
    const before2 = await publishedInMetrics();
    const relayCpu = cpuMeter();
    const t1 = performance.now();
    backlogRelay.start();
    await within(timed.all, 120_000);
    const t1Confirmed = timed.lastConfirmAt;
    const relayCpuS = relayCpu();
    while ((await publishedInMetrics()) - before2 < inputs.length && performance.now() - t1 < 150_000)
      await sleep(2);
    const t1Recorded = performance.now();
    await backlogRelay.stop(30_000);
    const backlog = phase(
      'relay alone, 1,000 waiting',
      t1Confirmed - t1,
      timed.confirmed,
      records,
      await inQueue(),
      {
        allMarkedPublishedMs: round(t1Recorded - t1, 0),
        batches: timed.batches,
        failed: timed.failed,
        cpuS: relayCpuS,
        outboxInsertAloneMs: round(loadMs, 0),
        outboxInsertAloneCpuS: loadCpuS,
      },
    );
    results.push(backlog);
    show(backlog);

    const raw2 = await rawPhase('raw amqplib (after)');
    await purge();

    const rawMsgPerS = (raw1.msgPerS + raw2.msgPerS) / 2;
    const ratio = round(pipelined.msgPerS / rawMsgPerS, 2);
    const ratioBacklog = round(backlog.msgPerS / rawMsgPerS, 2);
    console.log(
      `raw baseline (mean of before/after): ${rawMsgPerS.toFixed(0)} msg/s, ${(rawMsgPerS * RECORDS_PER_MESSAGE).toFixed(0)} records/s`,
    );
    console.log(
      `relay / raw: ${ratio} pipelined with inserts (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}), ` +
        `${ratioBacklog} relay alone`,
    );
    console.log(
      JSON.stringify({
        benchmark: 'publish',
        machineAtStart: machine,
        messages: inputs.length,
        recordsPerMessage: RECORDS_PER_MESSAGE,
        meanBodyBytes: Math.round(bytes / inputs.length),
        txMessages: TX_MESSAGES,
        bodyStorage: 'deflate level 1 in fedwatch, bytea STORAGE EXTERNAL',
        rawWindow: WINDOW,
        outbox: outboxConfig,
        phases: Object.fromEntries(results.map((r) => [r.phase, { ...r, phase: undefined }])),
        raw: { msgPerS: round(rawMsgPerS, 0), recPerS: round(rawMsgPerS * RECORDS_PER_MESSAGE, 0) },
        relay: { msgPerS: pipelined.msgPerS, recPerS: pipelined.recPerS },
        relayAlone: { msgPerS: backlog.msgPerS, recPerS: backlog.recPerS },
        ratio,
        ratioRelayAlone: ratioBacklog,
        target: { ratio: TARGET_RATIO, met: ratio >= TARGET_RATIO },
      }),
    );
  } finally {
    for (const relay of relays) await relay.stop(5_000).catch(() => undefined);
    await destination?.close().catch(() => undefined);
    await rawModel?.close().catch(() => undefined);
    await admin.close().catch(() => undefined); // deletes the queue and the exchange
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db.drop();
  }
}

await main();

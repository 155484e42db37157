/**
 * A broker outage through the built service: AMQP_URL points at a TCP proxy that the test cuts
 * while RabbitMQ keeps running. Messages queued meanwhile wait in the outbox (status shows them
 * pending, none is dropped), /readyz stays 200 with the broker degraded, and once the proxy is
 * restored every message is delivered exactly once and shows as published.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ADMIN_TOKEN,
  compareWithOutbox,
  eventually,
  getJson,
  PublishingBed,
} from '../support/publishing-bed.js';
import { RABBITMQ_URL, sleep } from '../support/rabbitmq.js';
import { runCli, type ServiceProcess } from '../support/service-process.js';
import { TcpProxy } from '../support/tcp-proxy.js';

interface Ready {
  status: string;
  details: Record<string, { status: string; reachable?: boolean; error?: string; note?: string }>;
}
interface OutboxStatus {
  rows: { kind: string; destination: string; pending: number; published: number; failing: number }[];
  destinations: { name: string; status: string; lastFailureReason: string | null }[];
}

const BEFORE = 20;
const DURING = 150;

describe('publishing through a broker outage', () => {
  let bed: PublishingBed;
  let proxy: TcpProxy;
  let service: ServiceProcess;
  let cli: Record<string, string>;
  let outage = false;
  /** Every /readyz status code seen while the broker was away. */
  const duringOutage: number[] = [];
  const ready = async () => {
    const res = await getJson<Ready>(service, '/readyz');
    if (outage) duringOutage.push(res.status);
    return res;
  };
  const status = () => getJson<OutboxStatus>(service, '/api/v1/outbox').then((r) => r.body);
  const totals = (s: OutboxStatus) => ({
    pending: s.rows.reduce((n, r) => n + r.pending, 0),
    published: s.rows.reduce((n, r) => n + r.published, 0),
  });

  beforeAll(async () => {
    bed = await PublishingBed.open('outage');
    proxy = await TcpProxy.start();
    service = await bed.start({
      AMQP_URL: proxy.url(RABBITMQ_URL),
      // Short waits between attempts, so recovery after the outage is quick to observe.
      FEDWATCH_FEDERATION__OUTBOX__MAX_BACKOFF_SECONDS: '2',
      FEDWATCH_FEDERATION__OUTBOX__BATCH_SIZE: '50',
    });
    cli = { FEDWATCH_URL: service.baseUrl, FEDWATCH_TOKEN: ADMIN_TOKEN, FEDWATCH_CLI_DIR: service.dataDir };
  });

  afterAll(async () => {
    await bed?.close();
    await proxy?.close();
  });

  it('publishes through the proxy while it is up, and /readyz shows the broker up', async () => {
    await bed.enqueue(bed.messages(BEFORE));
    await bed.consumer.waitFor(BEFORE, 15_000, 0);
    expect(bed.consumer.messages).toHaveLength(BEFORE);
    expect(proxy.connections).toBeGreaterThan(0);
    const res = await eventually(ready, (r) => r.body.details.broker?.status === 'up');
    expect(res.status).toBe(200);
  });

  it('keeps messages queued during the outage pending, with /readyz 200 and the broker degraded', async () => {
    proxy.cut();
    outage = true;
    const kinds = ['accounting.cloud', 'accounting.storage', 'discovery.glue21'] as const;
    await bed.enqueue(kinds.flatMap((kind) => bed.messages(DURING / kinds.length, kind)));

    // The probe result is cached for a few seconds: wait for a fresh one.
    const degraded = await eventually(ready, (r) => r.body.details.broker?.status === 'degraded');
    // Ready (200) all the same: the outbox holds the messages until the broker is back.
    expect(degraded.status).toBe(200);
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.details.database.status).toBe('up');
    expect(degraded.body.details.broker).toMatchObject({
      reachable: false,
      error: expect.any(String),
      note: 'messages wait in the outbox',
    });

    // A while with the broker away, probed as a kubelet would: the relay keeps trying (and says
    // why it fails), nothing is lost or sent, and the service stays ready throughout.
    for (let i = 0; i < 10; i++) await Promise.all([ready(), sleep(200)]);
    const during = await status();
    expect(totals(during)).toEqual({ pending: DURING, published: BEFORE });
    expect(during.destinations).toEqual([
      expect.objectContaining({
        name: 'amqp',
        status: expect.stringMatching(/^(down|connecting)$/),
        lastFailureReason: 'unreachable',
      }),
    ]);
    expect(new Set(duringOutage)).toEqual(new Set([200]));
    expect(await bed.states()).toEqual({ pending: DURING, published: BEFORE });
    expect(bed.consumer.messages).toHaveLength(BEFORE);

    const table = await runCli(['outbox', 'status'], cli);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^accounting\\.cloud +amqp +${DURING / 3} +${BEFORE} `, 'm'));
    expect(table.stdout).toMatch(new RegExp(`^discovery\\.glue21 +amqp +${DURING / 3} +0 `, 'm'));
  });

  it('delivers every message exactly once after the broker is back, and the outbox shows them published', async () => {
    // No operator action: the destination reconnects and the relay retries by itself.
    proxy.restore();
    outage = false;
    const received = await bed.consumer.waitFor(BEFORE + DURING, 45_000, 1_000);
    const rows = await bed.outbox();
    expect(rows).toHaveLength(BEFORE + DURING);
    expect(compareWithOutbox(received, rows)).toEqual({
      unknown: [],
      missing: [],
      duplicates: 0,
      altered: [],
      notHashingToId: 0,
    });
    const after = await eventually(status, (s) => totals(s).pending === 0);
    expect(totals(after)).toEqual({ pending: 0, published: BEFORE + DURING });
    expect(after.destinations).toEqual([expect.objectContaining({ name: 'amqp', status: 'connected' })]);
    const res = await eventually(ready, (r) => r.body.details.broker?.status === 'up');
    expect(res.status).toBe(200);
  });
});

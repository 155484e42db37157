/**
 * The service on real PostgreSQL with a broker configured: readiness follows the database (503
 * while it is unavailable, 200 again when it is back) and reports, but is not failed by, a broker
 * outage.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import amqplib from 'amqplib';
import pg from 'pg';
import { migrations } from '../../migrations/index.js';
import { freePort } from '../support/free-port.js';
import { adminQuery, createTestDatabase } from '../support/postgres.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:5672';
const EXCHANGE = `e2e.postgres.${process.pid}`;
// Trust auth ignores the password, so it can be checked for in logs and responses.
const DB_PASSWORD = 'PgPw5ecret9x';

interface Indicator {
  status: string;
  [key: string]: unknown;
}
interface ReadyBody {
  status: string;
  details: Record<string, Indicator>;
}

async function readyz(service: ServiceProcess): Promise<{ status: number; body: ReadyBody }> {
  const res = await fetch(`${service.baseUrl}/readyz`);
  return { status: res.status, body: (await res.json()) as ReadyBody };
}

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    last = await probe();
  }
  return last;
}

describe('fedwatch serve on PostgreSQL', () => {
  let db: { url: string; name: string; drop(): Promise<void> };
  let withBroker: ServiceProcess;
  let brokerDown: ServiceProcess;

  beforeAll(async () => {
    const created = await createTestDatabase('fw_e2e_pg');
    db = { ...created, name: new URL(created.url).pathname.slice(1) };
    const url = created.url.replace('postgres@', `postgres:${DB_PASSWORD}@`);
    // Its own exchange and no per-kind queues: the shared broker keeps nothing of this test.
    const amqp = {
      FEDWATCH_FEDERATION__AMQP__EXCHANGE: EXCHANGE,
      FEDWATCH_FEDERATION__AMQP__DECLARE_QUEUES: 'false',
    };
    withBroker = await startServiceProcess({ env: { DATABASE_URL: url, AMQP_URL: RABBITMQ_URL, ...amqp } });
    brokerDown = await startServiceProcess({
      env: { DATABASE_URL: url, AMQP_URL: `amqp://guest:guest@127.0.0.1:${await freePort()}`, ...amqp },
    });
  });

  afterAll(async () => {
    const conn = await amqplib.connect(RABBITMQ_URL);
    await conn.createChannel().then((ch) => ch.deleteExchange(EXCHANGE));
    await conn.close();
    await adminQuery(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
    await withBroker?.stop('SIGKILL');
    await brokerDown?.stop('SIGKILL');
    await db?.drop();
  });

  it('starts with no sources configured, and says so', () => {
    expect(withBroker.output()).toMatch(/"level":"warn".*no sources configured/);
  });

  it('is ready with PostgreSQL and a reachable broker', async () => {
    const ready = await readyz(withBroker);
    expect(ready.status).toBe(200);
    expect(ready.body.details.database).toMatchObject({ status: 'up', mode: 'postgres' });
    expect(ready.body.details.broker).toMatchObject({ status: 'up', reachable: true });
  });

  it('stays ready when the broker is down, and says so', async () => {
    const ready = await readyz(brokerDown);
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.details.broker).toMatchObject({ status: 'degraded', reachable: false });
    expect(JSON.stringify(ready.body)).not.toContain('guest:guest');
  });

  it('both instances share one schema, migrated once', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT name FROM typeorm_migrations');
      expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => new m().name));
    } finally {
      await client.end();
    }
  });

  it('turns unready while the database is unavailable and ready again when it is back', async () => {
    await adminQuery(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS false`);
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [db.name]);
    const down = await until(
      () => readyz(withBroker),
      (r) => r.status === 503,
    );
    expect(down.status).toBe(503);
    expect(down.body.details.database.status).toBe('down');
    expect((await fetch(`${withBroker.baseUrl}/healthz`)).status).toBe(200);

    await adminQuery(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS true`);
    const up = await until(
      () => readyz(withBroker),
      (r) => r.status === 200,
    );
    expect(up.status).toBe(200);
  });

  it('exits 0 on SIGTERM and never logged the database password', async () => {
    expect(await withBroker.stop('SIGTERM')).toBe(0);
    expect(await brokerDown.stop('SIGTERM')).toBe(0);
    expect(withBroker.output()).toContain('"msg":"database open"');
    expect(withBroker.output() + brokerDown.output()).not.toContain(DB_PASSWORD);
  });
});

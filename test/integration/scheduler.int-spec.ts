/**
 * The single-runner rule on real PostgreSQL: two replicas (each a Nest context with its own
 * DataSource and its own advisory-lock connection) share one database in a fresh test database.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Global, Inject, Module, type OnModuleInit, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { Foundation1764000000000 } from '../../migrations/1764000000000-Foundation.js';
import { APP_CONFIG } from '../../src/config/config.token.js';
import { DatabaseConnection } from '../../src/database/database-connection.js';
import { MetricsService } from '../../src/observability/metrics.service.js';
import { JobRegistry } from '../../src/scheduler/job-registry.service.js';
import { JobRunner } from '../../src/scheduler/job-runner.service.js';
import type { JobContext, JobResult } from '../../src/scheduler/job.types.js';
import { seededRandom } from '../../src/scheduler/next-run.planner.js';
import { SchedulerModule } from '../../src/scheduler/scheduler.module.js';
import { adminQuery, createTestDatabase } from '../support/postgres.js';

type Handler = (ctx: JobContext, ds: DataSource, instance: string) => Promise<JobResult>;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const untilAborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

let db: { url: string; drop(): Promise<void> };
let inspector: DataSource;
const replicas: INestApplicationContext[] = [];
const dataSources: DataSource[] = [];

/** One fedwatch replica: what the app would provide, the scheduler module, and a module registering `jobId`. */
async function startReplica(
  instance: string,
  jobId: string,
  intervalMs: number,
  handler: Handler,
  autoStart = true,
) {
  const dataSource = new DataSource({ type: 'postgres', url: db.url, poolSize: 3 });
  dataSources.push(dataSource);
  class PgConnection extends DatabaseConnection {
    readonly mode = 'postgres' as const;
    clientConfig(): ClientConfig {
      return { connectionString: db.url, application_name: `it-${instance}` };
    }
  }
  @Global()
  @Module({
    providers: [
      { provide: APP_CONFIG, useValue: { schedules: {}, shutdownGraceSeconds: 5 } },
      { provide: DatabaseConnection, useValue: new PgConnection() },
      MetricsService,
      // What TypeOrmModule.forRootAsync provides in the app (its token is this class); closed in afterAll.
      { provide: DataSource, useFactory: () => dataSource.initialize() },
    ],
    exports: [APP_CONFIG, DatabaseConnection, MetricsService, DataSource],
  })
  class TestCoreModule {}
  @Module({})
  class TestJobsModule implements OnModuleInit {
    constructor(
      @Inject(JobRegistry) private readonly jobs: JobRegistry,
      @Inject(DataSource) private readonly ds: DataSource,
    ) {}
    onModuleInit(): void {
      const timeoutMs = 30_000;
      this.jobs.register({
        id: jobId,
        description: 'it',
        defaultSchedule: { intervalMs, timeoutMs },
        handler: (ctx) => handler(ctx, this.ds, instance),
      });
    }
  }
  @Module({
    imports: [
      TestCoreModule,
      SchedulerModule.forRoot({
        options: { instanceId: instance, random: seededRandom(instance.length), autoStart },
      }),
      TestJobsModule,
    ],
  })
  class ReplicaModule {}
  const app = await NestFactory.createApplicationContext(ReplicaModule, { logger: ['error', 'warn'] });
  replicas.push(app);
  return app;
}

async function metric(
  app: INestApplicationContext,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const values = (await app.get(MetricsService).registry.getSingleMetric(name)!.get()).values;
  return values
    .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((n, v) => n + v.value, 0);
}

beforeAll(async () => {
  db = await createTestDatabase('fedwatch_it_scheduler');
  inspector = new DataSource({ type: 'postgres', url: db.url, migrations: [Foundation1764000000000] });
  await inspector.initialize();
  await inspector.runMigrations();
  await inspector.query(`CREATE TABLE executions (id serial PRIMARY KEY, instance text NOT NULL,
    started_at timestamptz NOT NULL, finished_at timestamptz)`);
});

afterAll(async () => {
  await Promise.allSettled(replicas.map((app) => app.close()));
  await Promise.allSettled(
    [...dataSources, inspector].filter((ds) => ds?.isInitialized).map((ds) => ds.destroy()),
  );
  await db?.drop();
});

describe('scheduler on PostgreSQL', () => {
  it('runs a job on one replica at a time; the other records skips; job_state follows', async () => {
    const recordRun: Handler = async (ctx, ds, instance) => {
      // clock_timestamp(): microseconds of the server's one clock, for both replicas.
      const [{ id }] = await ds.query(
        `INSERT INTO executions (instance, started_at) VALUES ($1, clock_timestamp()) RETURNING id`,
        [instance],
      );
      await Promise.race([sleep(120), untilAborted(ctx.signal)]);
      await ds.query(`UPDATE executions SET finished_at = clock_timestamp() WHERE id = $1`, [id]);
      return { status: 'succeeded' };
    };
    const a = await startReplica('replica-a', 'it.exclusive', 50, recordRun);
    const b = await startReplica('replica-b', 'it.exclusive', 50, recordRun);
    await sleep(4_000);
    await Promise.all([a.close(), b.close()]);

    const overlaps = await inspector.query(`SELECT count(*)::int AS n FROM executions x JOIN executions y
      ON x.id < y.id AND x.started_at < y.finished_at AND y.started_at < x.finished_at`);
    expect(overlaps[0].n).toBe(0);
    const runs: { instance: string; n: number; unfinished: number }[] = await inspector.query(
      `SELECT instance, count(*)::int AS n, count(*) FILTER (WHERE finished_at IS NULL)::int AS unfinished
       FROM executions GROUP BY instance ORDER BY instance`,
    );
    expect(runs.map((r) => r.instance)).toEqual(['replica-a', 'replica-b']);
    expect(runs.every((r) => r.unfinished === 0)).toBe(true);
    const total = runs.reduce((n, r) => n + r.n, 0);
    expect(total).toBeGreaterThanOrEqual(8);

    const skipped = await Promise.all(
      [a, b].map((app) => metric(app, 'fedwatch_job_runs_total', { status: 'skipped' })),
    );
    expect(skipped[0]! + skipped[1]!).toBeGreaterThan(0);
    const failures = await Promise.all([a, b].map((app) => metric(app, 'fedwatch_job_failures_total', {})));
    expect(failures).toEqual([0, 0]);

    const [state] = await inspector.query(`SELECT * FROM job_state WHERE job_id = 'it.exclusive'`);
    expect(state).toMatchObject({ last_status: 'succeeded', runs_total: String(total), failures_total: '0' });
    expect(['replica-a', 'replica-b']).toContain(state.last_instance);
    expect(state.last_success_at).toBeInstanceOf(Date);
  });

  it('releases the lock when the holder connection is killed; the holder aborts, reconnects, and rejoins', async () => {
    let holding = true;
    const holdOnC: Handler = async (ctx, _ds, instance) => {
      if (instance === 'replica-c' && holding) {
        await untilAborted(ctx.signal);
        holding = false;
      }
      return { status: 'succeeded' };
    };
    const c = await startReplica('replica-c', 'it.takeover', 60_000, holdOnC, false);
    const d = await startReplica('replica-d', 'it.takeover', 60_000, holdOnC, false);
    const held = c.get(JobRunner).runNow('it.takeover');
    await sleep(300);
    expect(await d.get(JobRunner).runNow('it.takeover')).toMatchObject({
      status: 'skipped',
      reason: 'running on another replica',
    });

    const holders = await inspector.query(`SELECT l.pid FROM pg_locks l JOIN pg_stat_activity s USING (pid)
      WHERE l.locktype = 'advisory' AND l.granted AND s.datname = current_database()`);
    expect(holders).toHaveLength(1);
    await adminQuery('SELECT pg_terminate_backend($1)', [holders[0].pid]);

    expect(await held).toMatchObject({ status: 'failed', reason: expect.stringMatching(/job lock lost/) });
    expect(await d.get(JobRunner).runNow('it.takeover')).toMatchObject({
      status: 'succeeded',
      instance: 'replica-d',
    });
    const [state] = await inspector.query(`SELECT * FROM job_state WHERE job_id = 'it.takeover'`);
    expect(state).toMatchObject({ last_status: 'succeeded', last_instance: 'replica-d', runs_total: '1' });

    // replica-c reconnects with backoff; until then its attempts fail fast instead of hanging.
    let again = await c.get(JobRunner).runNow('it.takeover');
    for (let i = 0; i < 50 && again.status === 'failed'; i++) {
      await sleep(100);
      again = await c.get(JobRunner).runNow('it.takeover');
    }
    expect(again.status).toBe('succeeded');
  });
});

/**
 * The migrations and the runner, on real PostgreSQL (a fresh database for this file) and on the
 * embedded database (a fresh data directory): up, status, idempotence, down of every migration and
 * up again to the same schema. The advisory lock is tested on real PostgreSQL only: on PGlite all
 * connections are one backend session, so advisory locks exclude nothing there.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { OutboxBodyDeflate1764250000000 } from '../../migrations/1764250000000-OutboxBodyDeflate.js';
import { inflateBody, type StoredBody } from '../../src/publishing/body-codec.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { migrateDown, migrateUp, status } from '../../src/database/migration-runner.js';
import { openDatabase, type OpenDatabase } from '../../src/database/open-database.js';
import { createTestDatabase } from '../support/postgres.js';

/** Names in the order TypeORM applies them (the runner reports these). */
const names = migrations.map((M) => new M().name ?? M.name);
const newest = names.at(-1)!;

/** Tables each migration creates, so the test can tell that its down really dropped them. */
const createdBy: Record<string, string[]> = {
  Foundation1764000000000: ['job_state'],
  Outbox1764100000000: ['outbox_message', 'outbox_delivery'],
  Accounting1764200000000: ['accounting_record', 'accounting_watermark', 'accounting_extraction'],
  Discovery1764310000000: ['discovery_document'],
};

/** The same key as in migration-runner.ts ("fedwatch" in ASCII); only used to hold the lock here. */
const MIGRATION_LOCK_KEY = '7306916048463357043';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function tableExists(ds: DataSource, table: string): Promise<boolean> {
  const rows = (await ds.query(`SELECT to_regclass($1) AS t`, [`public.${table}`])) as { t: string | null }[];
  return rows[0].t !== null;
}

/** Everything the migrations own in `public`: columns, constraints and indexes, as sortable lines. */
async function schemaOf(ds: DataSource): Promise<string[]> {
  const columns = (await ds.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default
       FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'`,
  )) as Record<string, string | null>[];
  const constraints = (await ds.query(
    `SELECT c.conrelid::regclass::text AS tbl, c.conname, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> 'typeorm_migrations'`,
  )) as Record<string, string>[];
  const indexes = (await ds.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> 'typeorm_migrations'`,
  )) as Record<string, string>[];
  return [
    ...columns.map(
      (c) =>
        `column ${c.table_name}.${c.column_name} ${c.data_type} null=${c.is_nullable} default=${c.column_default}`,
    ),
    ...constraints.map((c) => `constraint ${c.tbl}.${c.conname} ${c.def}`),
    ...indexes.map((i) => `index ${i.tablename}.${i.indexname} ${i.indexdef}`),
  ].sort();
}

async function revertAll(ds: DataSource): Promise<string[]> {
  const reverted: string[] = [];
  for (let name = await migrateDown(ds); name !== null; name = await migrateDown(ds)) {
    reverted.push(name);
    if (reverted.length > names.length)
      throw new Error(`migrateDown keeps reverting: ${reverted.join(', ')}`);
  }
  return reverted;
}

/** The migration lifecycle against whatever `current()` returns; tests run in order and build on each other. */
function lifecycleTests(current: () => OpenDatabase): void {
  let fullSchema: string[];

  it('migrateUp applies every migration and creates job_state with its columns', async () => {
    const ds = current().dataSource;
    expect(await migrateUp(ds)).toEqual(names);

    const columns = (await ds.query(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'job_state' ORDER BY ordinal_position`,
    )) as { column_name: string; data_type: string; is_nullable: string }[];
    expect(columns.map((c) => [c.column_name, c.data_type, c.is_nullable])).toEqual([
      ['job_id', 'text', 'NO'],
      ['last_started_at', 'timestamp with time zone', 'YES'],
      ['last_finished_at', 'timestamp with time zone', 'YES'],
      ['last_status', 'text', 'YES'],
      ['last_reason', 'text', 'YES'],
      ['last_duration_ms', 'integer', 'YES'],
      ['last_success_at', 'timestamp with time zone', 'YES'],
      ['last_instance', 'text', 'YES'],
      ['runs_total', 'bigint', 'NO'],
      ['failures_total', 'bigint', 'NO'],
    ]);

    // The table works as the scheduler expects: defaults, primary key and the status check.
    await ds.query(`INSERT INTO job_state (job_id, last_status) VALUES ('probe', 'succeeded')`);
    const [row] = (await ds.query(
      `SELECT runs_total, failures_total FROM job_state WHERE job_id = 'probe'`,
    )) as {
      runs_total: string;
      failures_total: string;
    }[];
    expect(row).toEqual({ runs_total: '0', failures_total: '0' });
    await expect(ds.query(`INSERT INTO job_state (job_id) VALUES ('probe')`)).rejects.toThrow(
      /duplicate key/,
    );
    await expect(
      ds.query(`INSERT INTO job_state (job_id, last_status) VALUES ('other', 'bogus')`),
    ).rejects.toThrow(/check constraint/);
    await ds.query(`DELETE FROM job_state`);

    fullSchema = await schemaOf(ds);
  });

  it('status shows every migration applied', async () => {
    expect(await status(current().dataSource)).toEqual(names.map((name) => ({ name, applied: true })));
  });

  it('a second migrateUp applies nothing', async () => {
    const ds = current().dataSource;
    expect(await migrateUp(ds)).toEqual([]);
    const rows = (await ds.query(`SELECT name FROM typeorm_migrations ORDER BY id`)) as { name: string }[];
    expect(rows.map((r) => r.name)).toEqual(names);
  });

  it('migrateDown reverts the newest migration only', async () => {
    const ds = current().dataSource;
    expect(await migrateDown(ds)).toBe(newest);
    for (const table of createdBy[newest] ?? []) expect(await tableExists(ds, table)).toBe(false);
    expect(await status(ds)).toEqual(names.map((name) => ({ name, applied: name !== newest })));
    expect(await schemaOf(ds)).not.toEqual(fullSchema);
  });

  it('migrateUp re-applies the reverted migration', async () => {
    const ds = current().dataSource;
    expect(await migrateUp(ds)).toEqual([newest]);
    expect(await tableExists(ds, 'job_state')).toBe(true);
    expect(await status(ds)).toEqual(names.map((name) => ({ name, applied: true })));
    expect(await schemaOf(ds)).toEqual(fullSchema);
  });

  it('every migration has a working down: all revert, newest first, and up restores the same schema', async () => {
    const ds = current().dataSource;
    expect(await revertAll(ds)).toEqual([...names].reverse());
    expect(await status(ds)).toEqual(names.map((name) => ({ name, applied: false })));
    expect(await schemaOf(ds)).toEqual([]);
    expect(await tableExists(ds, 'job_state')).toBe(false);
    expect(await migrateDown(ds)).toBeNull();

    expect(await migrateUp(ds)).toEqual(names);
    expect(await schemaOf(ds)).toEqual(fullSchema);
  });
}

describe('migrations on real PostgreSQL', () => {
  let testDb: { url: string; drop(): Promise<void> };
  let db: OpenDatabase;
  const others: OpenDatabase[] = [];
  const open = async (poolSize = 5): Promise<OpenDatabase> => {
    const opened = await openDatabase({
      database: { url: testDb.url, poolSize, connectTimeoutSeconds: 3 },
      dataDir: join(tmpdir(), 'fedwatch-unused-data-dir'),
      command: 'migrations.int-spec',
    });
    others.push(opened);
    return opened;
  };

  beforeAll(async () => {
    testDb = await createTestDatabase('fedwatch_migrations');
    db = await open();
  });

  afterAll(async () => {
    for (const o of others) await o.close();
    await testDb?.drop();
  });

  it('runs against a postgres data source', () => {
    expect(db.mode).toBe('postgres');
  });

  lifecycleTests(() => db);

  it('two concurrent migrateUp on separate data sources both succeed and apply each migration once', async () => {
    await revertAll(db.dataSource);
    const [a, b] = [await open(), await open()];

    // Hold the migration lock so that both runs provably wait for it, then let them race.
    const holder = new pg.Client({ connectionString: testDb.url });
    await holder.connect();
    let ups: Promise<string[][]> | undefined;
    try {
      await holder.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
      ups = Promise.all([migrateUp(a.dataSource), migrateUp(b.dataSource)]);
      const deadline = Date.now() + 15_000;
      let waiting = 0;
      while (Date.now() < deadline) {
        const res = await holder.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()`,
        );
        waiting = res.rows[0].n;
        if (waiting >= 2) break;
        await sleep(25);
      }
      expect(waiting).toBe(2);
    } finally {
      await holder.query(`SELECT pg_advisory_unlock_all()`);
      await holder.end();
    }

    const results = await ups!;
    expect([...results].sort((x, y) => y.length - x.length)).toEqual([names, []]);
    const rows = (await db.dataSource.query(
      `SELECT name, count(*)::int AS n FROM typeorm_migrations GROUP BY name ORDER BY name`,
    )) as { name: string; n: number }[];
    expect(rows).toEqual([...names].sort().map((name) => ({ name, n: 1 })));
    expect(await status(b.dataSource)).toEqual(names.map((name) => ({ name, applied: true })));
  });

  it('OutboxBodyDeflate: down inflates deflated bodies back into text, up keeps text rows readable', async () => {
    await migrateUp(db.dataSource);
    const body = 'APEL-cloud-message: v0.4\nVMUUID: análisis-ñ\n%%\n';
    const id = createHash('sha256').update(body).digest('hex');
    const step = new OutboxBodyDeflate1764250000000();
    const runner = db.dataSource.createQueryRunner();
    try {
      await runner.query(
        `INSERT INTO outbox_message (message_id, kind, site, body_deflated, content_type, record_count)
         VALUES ($1, 'accounting.cloud', 'S', $2, 'text/plain', 1)`,
        [id, deflateRawSync(Buffer.from(body, 'utf8'))],
      );
      await step.down(runner);
      const [down] = (await runner.query(`SELECT body FROM outbox_message WHERE message_id = $1`, [id])) as {
        body: string;
      }[];
      expect(down!.body).toBe(body);
      await step.up(runner);
      const [up] = (await runner.query(
        `SELECT body, body_deflated FROM outbox_message WHERE message_id = $1`,
        [id],
      )) as StoredBody[];
      expect(up!.body_deflated).toBeNull();
      expect(inflateBody(up!)).toBe(body);
    } finally {
      await runner.query(`DELETE FROM outbox_message WHERE message_id = $1`, [id]);
      await runner.release();
    }
  });

  it('migrates up and down with a pool of one connection (poolSize 1 is a valid setting)', async () => {
    const single = await open(1);
    expect(await revertAll(single.dataSource)).toEqual([...names].reverse());
    expect(await status(single.dataSource)).toEqual(names.map((name) => ({ name, applied: false })));
    expect(await migrateUp(single.dataSource)).toEqual(names);
    expect(await status(single.dataSource)).toEqual(names.map((name) => ({ name, applied: true })));
  });
});

describe('migrations on the embedded database', () => {
  let dataDir: string;
  let db: OpenDatabase | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'fedwatch-migrations-'));
    db = await openDatabase({
      database: { url: null, poolSize: 5, connectTimeoutSeconds: 10 },
      dataDir,
      command: 'migrations.int-spec',
    });
  });

  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs against the embedded data source', () => {
    expect(db!.mode).toBe('embedded');
  });

  lifecycleTests(() => db!);
});

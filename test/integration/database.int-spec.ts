/**
 * openDatabase: the embedded database (PGlite behind pglite-socket, one data directory shared by
 * the whole file, reopened in place) and the failure modes against real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { ErrorCode, FedwatchError } from '../../src/common/errors/index.js';
import type { DatabaseConfig } from '../../src/config/config.types.js';
import { describeUrl, openDatabase, type OpenDatabase } from '../../src/database/open-database.js';
import { freePort } from '../support/free-port.js';
import { POSTGRES_ADMIN_URL } from '../support/postgres.js';

const embeddedConfig: DatabaseConfig = { url: null, poolSize: 5, connectTimeoutSeconds: 10 };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The rejection of `p` (failing the test if it resolves; whatever it opened is closed again). */
async function rejectionOf(p: Promise<OpenDatabase>): Promise<unknown> {
  let opened: OpenDatabase;
  try {
    opened = await p;
  } catch (err) {
    return err;
  }
  await opened.close();
  throw new Error('expected openDatabase to fail, but it opened');
}

/** The pid of a process that has exited (and so, barring pid reuse within moments, does not exist). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  const pid = child.pid!;
  await new Promise((res) => child.once('exit', res));
  return pid;
}

describe('the embedded database', () => {
  let dataDir: string;
  let db: OpenDatabase | undefined;
  const lockFile = (): string => join(dataDir, 'fedwatch.lock');
  const open = (): Promise<OpenDatabase> =>
    openDatabase({ database: embeddedConfig, dataDir, command: 'database.int-spec' });
  const ds = () => db!.dataSource;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'fedwatch-db-'));
    db = await open();
    await ds().query(`CREATE TABLE note (id serial PRIMARY KEY, label text NOT NULL UNIQUE)`);
  });

  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves PGlite on a loopback port that a plain pg client can use', async () => {
    expect(db!.mode).toBe('embedded');
    expect(db!.description).toContain(resolve(dataDir));
    const config = db!.clientConfig();
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBeGreaterThan(0);
    const client = new pg.Client(config);
    await client.connect();
    try {
      const res = await client.query<{ n: number }>(`SELECT 41 + 1 AS n`);
      expect(res.rows[0].n).toBe(42);
    } finally {
      await client.end();
    }
  });

  it('writes a lock file naming this process', () => {
    const owner = JSON.parse(readFileSync(lockFile(), 'utf8')) as {
      pid: number;
      host: string;
      command: string;
    };
    expect(owner).toMatchObject({ pid: process.pid, host: hostname(), command: 'database.int-spec' });
  });

  it('refuses a second openDatabase on the same data directory while the first is open', async () => {
    const err = await rejectionOf(open());
    expect(err).toBeInstanceOf(FedwatchError);
    const e = err as FedwatchError;
    expect(e.code).toBe(ErrorCode.DATA_DIR_LOCKED);
    expect(e.message).toContain(resolve(dataDir));
    expect(e.message).toContain(String(process.pid));
    expect(e.details).toMatchObject({ dataDir: resolve(dataDir), pid: process.pid });

    // The refusal leaves the first one's lock and database alone.
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(await ds().query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });

  it('serialises transactions on its one connection: one commits, the other rolls back', async () => {
    // Both orders: the committing transaction first, then the rolling-back one first.
    for (const [commitLabel, rollbackLabel, committerFirst] of [
      ['a-committed', 'a-rolled-back', true],
      ['b-committed', 'b-rolled-back', false],
    ] as const) {
      const commit = () =>
        ds().transaction(async (m) => {
          await m.query(`INSERT INTO note (label) VALUES ($1)`, [commitLabel]);
          await sleep(30);
        });
      const rollback = () =>
        ds()
          .transaction(async (m) => {
            await m.query(`INSERT INTO note (label) VALUES ($1)`, [rollbackLabel]);
            await sleep(30);
            throw new Error('roll back');
          })
          .catch((err: Error) => expect(err.message).toBe('roll back'));
      await Promise.all(committerFirst ? [commit(), rollback()] : [rollback(), commit()]);
    }
    const rows = (await ds().query(`SELECT label FROM note ORDER BY label`)) as { label: string }[];
    expect(rows.map((r) => r.label)).toEqual(['a-committed', 'b-committed']);
  });

  it('never shows a reader the uncommitted rows of an open transaction', async () => {
    let read: Promise<unknown> | undefined;
    await ds()
      .transaction(async (m) => {
        await m.query(`INSERT INTO note (label) VALUES ('uncommitted')`);
        read = ds().query(`SELECT count(*)::int AS n FROM note WHERE label = 'uncommitted'`);
        await sleep(50);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await read).toEqual([{ n: 0 }]);
  });

  it('keeps concurrent parameterised queries of different shapes apart', async () => {
    // PGlite is one backend session: through several socket connections, one query's Parse/Bind
    // used to overwrite another's unnamed statement ("bind message supplies 3 parameters…").
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2
          ? ds().query(`SELECT $1::int + $2::int AS v`, [i, 1])
          : ds().query(`SELECT $1::int + $2::int + $3::int + $4::int + $5::int AS v`, [i, 1, 1, 1, 1]),
      ),
    );
    expect(results.map((r) => (r as { v: number }[])[0].v)).toEqual(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? i + 1 : i + 4)),
    );
  });

  it('supports jsonb and INSERT ... ON CONFLICT', async () => {
    await ds().query(
      `CREATE TABLE kv (k text PRIMARY KEY, v jsonb NOT NULL, writes integer NOT NULL DEFAULT 1)`,
    );
    const upsert = `INSERT INTO kv (k, v) VALUES ($1, $2::jsonb)
      ON CONFLICT (k) DO UPDATE SET v = kv.v || EXCLUDED.v, writes = kv.writes + 1
      RETURNING k, v, writes`;
    expect(await ds().query(upsert, ['site', JSON.stringify({ name: 'CESNET-MCC', tags: ['a'] })])).toEqual([
      { k: 'site', v: { name: 'CESNET-MCC', tags: ['a'] }, writes: 1 },
    ]);
    expect(await ds().query(upsert, ['site', JSON.stringify({ gocdb: '1234G0' })])).toEqual([
      { k: 'site', v: { name: 'CESNET-MCC', tags: ['a'], gocdb: '1234G0' }, writes: 2 },
    ]);
    expect(
      await ds().query(`INSERT INTO kv (k, v) VALUES ('site', '{}') ON CONFLICT (k) DO NOTHING RETURNING k`),
    ).toEqual([]);
    expect(
      await ds().query(
        `SELECT v->>'name' AS name, v->'tags'->>0 AS tag, v @> '{"gocdb": "1234G0"}' AS has FROM kv WHERE k = 'site'`,
      ),
    ).toEqual([{ name: 'CESNET-MCC', tag: 'a', has: true }]);
  });

  it('keeps its data across close and reopen of the data directory, and removes the lock on close', async () => {
    await db!.close();
    db = undefined;
    expect(existsSync(lockFile())).toBe(false);

    db = await open();
    const rows = (await ds().query(`SELECT label FROM note ORDER BY label`)) as { label: string }[];
    expect(rows.map((r) => r.label)).toEqual(['a-committed', 'b-committed']);
    expect(await ds().query(`SELECT writes FROM kv WHERE k = 'site'`)).toEqual([{ writes: 2 }]);
  });

  it('takes over a stale lock file left by a process that no longer exists', async () => {
    await db!.close();
    db = undefined;
    const pid = await deadPid();
    writeFileSync(
      lockFile(),
      JSON.stringify({ pid, host: hostname(), startedAt: new Date().toISOString(), command: 'serve' }) + '\n',
    );

    db = await open();
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(await ds().query(`SELECT count(*)::int AS n FROM note`)).toEqual([{ n: 2 }]);
  });
});

describe('openDatabase on real PostgreSQL', () => {
  const unusedDataDir = join(tmpdir(), `fedwatch-never-created-${process.pid}`);

  it('opens a reachable server and describes it without the password', async () => {
    const url = POSTGRES_ADMIN_URL.replace('postgres@', 'postgres:S3cretPw@'); // trust auth ignores it
    const db = await openDatabase({
      database: { url, poolSize: 2, connectTimeoutSeconds: 5 },
      dataDir: unusedDataDir,
      command: 'database.int-spec',
    });
    try {
      expect(db.mode).toBe('postgres');
      expect(db.description).toBe('PostgreSQL at postgres://postgres@127.0.0.1:5432/test');
      expect(await db.dataSource.query(`SELECT current_database() AS d`)).toEqual([{ d: 'test' }]);
      expect(existsSync(unusedDataDir)).toBe(false);
    } finally {
      await db.close();
    }
  });

  it('fails fast with DATABASE_UNAVAILABLE naming host:port, never the password', async () => {
    const port = await freePort();
    const started = Date.now();
    const err = await rejectionOf(
      openDatabase({
        database: {
          url: `postgres://u:S3cretPw@127.0.0.1:${port}/x`,
          poolSize: 2,
          connectTimeoutSeconds: 10,
        },
        dataDir: unusedDataDir,
        command: 'database.int-spec',
      }),
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(err).toBeInstanceOf(FedwatchError);
    const e = err as FedwatchError;
    expect(e.code).toBe(ErrorCode.DATABASE_UNAVAILABLE);
    expect(e.message).toContain(`127.0.0.1:${port}`);
    expect(e.message).not.toContain('S3cretPw');
    expect(JSON.stringify(e)).not.toContain('S3cretPw');
    expect(JSON.stringify(e)).toContain(`127.0.0.1:${port}`);
    expect(existsSync(unusedDataDir)).toBe(false);
  });

  it('describeUrl hides passwords, in the authority and in the query string', () => {
    expect(describeUrl('postgres://u:S3cretPw@db.example.org:6543/fedwatch')).toBe(
      'PostgreSQL at postgres://u@db.example.org:6543/fedwatch',
    );
    expect(describeUrl('postgresql://fed%40watch:p%40ss%3Aw0rd@db:5432/x?sslmode=require')).toBe(
      'PostgreSQL at postgresql://fed%40watch@db:5432/x?sslmode=require',
    );
    expect(describeUrl('postgres://u@db/x?sslmode=require&password=S3cretPw')).toBe(
      'PostgreSQL at postgres://u@db/x?sslmode=require',
    );
    expect(describeUrl('postgres://u@db/x?password=S3cretPw')).toBe('PostgreSQL at postgres://u@db/x');
    expect(describeUrl('postgres://u:S3cretPw@db:notaport/x')).toBe('PostgreSQL (unparseable URL)');
    expect(describeUrl('S3cretPw')).toBe('PostgreSQL (unparseable URL)');
  });
});

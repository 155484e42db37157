import { MigrationExecutor, type DataSource, type QueryRunner } from 'typeorm';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';

/** Fixed advisory-lock key for migrations: "fedwatch" in ASCII, so it never meets a job's key. */
const MIGRATION_LOCK_KEY = '7306916048463357043';

export interface MigrationStatus {
  name: string;
  applied: boolean;
}

/**
 * Runs pending migrations under a session advisory lock, so replicas starting together migrate
 * once; the others wait and then find nothing to do. Each migration runs in its own transaction.
 */
export async function migrateUp(dataSource: DataSource): Promise<string[]> {
  return withMigrationLock(dataSource, async (runner) => {
    const done = await executor(dataSource, runner).executePendingMigrations();
    return done.map((m) => m.name);
  });
}

/** Reverts the newest applied migration; returns its name, or null when none was applied. */
export async function migrateDown(dataSource: DataSource): Promise<string | null> {
  return withMigrationLock(dataSource, async (runner) => {
    const before = await status(dataSource, runner);
    const last = before.filter((m) => m.applied).at(-1);
    if (!last) return null;
    await executor(dataSource, runner).undoLastMigration();
    return last.name;
  });
}

/**
 * Migrations run on the connection that holds the advisory lock: a second pooled connection would
 * never come with `poolSize: 1` (a valid setting), and migrateUp would fail on the pool's timeout.
 */
function executor(dataSource: DataSource, runner: QueryRunner): MigrationExecutor {
  const exec = new MigrationExecutor(dataSource, runner);
  exec.transaction = 'each';
  return exec;
}

/** `runner`: query on that connection (the one holding the migration lock) instead of the pool. */
export async function status(dataSource: DataSource, runner?: QueryRunner): Promise<MigrationStatus[]> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const exists = (await dataSource.query(`SELECT to_regclass($1) AS t`, [table], runner)) as {
    t: string | null;
  }[];
  const applied = new Set<string>();
  if (exists[0]?.t) {
    const rows = (await dataSource.query(`SELECT name FROM "${table}"`, [], runner)) as { name: string }[];
    for (const r of rows) applied.add(r.name);
  }
  return dataSource.migrations.map((m) => {
    const name = m.name ?? m.constructor.name;
    return { name, applied: applied.has(name) };
  });
}

async function withMigrationLock<T>(
  dataSource: DataSource,
  work: (runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      return await work(runner);
    } catch (err) {
      throw new FedwatchError(
        ErrorCode.MIGRATION_FAILED,
        `migration failed: ${(err as Error).message}`,
        {},
        {
          cause: err,
        },
      );
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  } finally {
    await runner.release();
  }
}

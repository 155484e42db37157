import type { Command } from 'commander';
import { migrateDown, migrateUp, status } from '../../database/migration-runner.js';
import { openDatabase, type OpenDatabase } from '../../database/open-database.js';
import { render, type OutputFormat } from '../output/render.js';
import { failLocal, loadLocalContext } from './local-context.js';

interface DbOptions {
  config?: string;
}

/**
 * Schema commands run locally against the configured database. On the embedded database they are
 * refused while the service runs (it owns the data directory); stop it first.
 */
export function registerDb(program: Command): void {
  const db = program
    .command('db')
    .description('database schema migrations (local; stop the service first when embedded)');
  db.command('migrate')
    .description('apply pending migrations')
    .option('-c, --config <file>', 'configuration file')
    .action((opts: DbOptions) =>
      withDatabase(opts, async (database) => {
        const applied = await migrateUp(database.dataSource);
        process.stdout.write(
          applied.length ? applied.map((m) => `applied ${m}\n`).join('') : 'schema is up to date\n',
        );
      }),
    );
  db.command('revert')
    .description('revert the newest applied migration')
    .option('-c, --config <file>', 'configuration file')
    .action((opts: DbOptions) =>
      withDatabase(opts, async (database) => {
        const reverted = await migrateDown(database.dataSource);
        process.stdout.write(reverted ? `reverted ${reverted}\n` : 'no migration to revert\n');
      }),
    );
  db.command('status')
    .description('list migrations and whether each is applied')
    .option('-c, --config <file>', 'configuration file')
    .action((opts: DbOptions, command: Command) =>
      withDatabase(opts, async (database) => {
        const rows = await status(database.dataSource);
        const output = command.optsWithGlobals<{ output: OutputFormat }>().output;
        process.stdout.write(
          render(output, rows, [
            { header: 'NAME', value: (r) => r.name },
            { header: 'APPLIED', value: (r) => (r.applied ? 'yes' : 'no') },
          ]),
        );
      }),
    );
}

async function withDatabase(opts: DbOptions, work: (db: OpenDatabase) => Promise<void>): Promise<void> {
  const { loaded } = loadLocalContext(opts.config);
  const { config } = loaded;
  let database: OpenDatabase | null = null;
  try {
    database = await openDatabase({
      database: config.database,
      dataDir: config.dataDir,
      command: 'fedwatch db',
    });
    await work(database);
  } catch (err) {
    await database?.close().catch(() => undefined);
    // A one-shot command: the clear line on stderr is the report; a JSON log line would repeat it.
    failLocal(null, err);
  }
  await database.close();
}

import type { ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import type { DatabaseConfig } from '../config/config.types.js';
import { DatabaseConnection } from './database-connection.js';
import { EmbeddedDatabase } from './embedded-database.js';
import { entities } from './entities.js';

/** An open database: the TypeORM data source plus, in embedded mode, the server behind it. */
export class OpenDatabase extends DatabaseConnection {
  constructor(
    readonly mode: 'embedded' | 'postgres',
    readonly dataSource: DataSource,
    private readonly client: ClientConfig,
    private readonly embedded: EmbeddedDatabase | null,
    /** Where it is, for logs: never includes the password. */
    readonly description: string,
  ) {
    super();
  }

  clientConfig(): ClientConfig {
    return { ...this.client };
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }
}

export interface OpenDatabaseOptions {
  database: DatabaseConfig;
  dataDir: string;
  /** Who opens it, recorded in the data directory's lock file. */
  command: string;
  /** Name of the connection in pg_stat_activity. */
  applicationName?: string;
}

/**
 * Opens PostgreSQL when a URL is configured, else the embedded database in the data directory.
 * Fails with DATABASE_UNAVAILABLE naming the endpoint (never the password).
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<OpenDatabase> {
  const applicationName = opts.applicationName ?? 'fedwatch';
  const connectionTimeoutMillis = opts.database.connectTimeoutSeconds * 1000;
  let embedded: EmbeddedDatabase | null = null;
  let client: ClientConfig;
  let description: string;
  if (opts.database.url) {
    client = {
      connectionString: opts.database.url,
      application_name: applicationName,
      connectionTimeoutMillis,
    };
    description = describeUrl(opts.database.url);
  } else {
    embedded = await EmbeddedDatabase.start(opts.dataDir, opts.command);
    client = {
      host: embedded.host,
      port: embedded.port,
      user: 'postgres',
      database: 'postgres',
      connectionTimeoutMillis,
    };
    description = `embedded database in ${embedded.directory}`;
  }
  const dataSource = new DataSource({
    type: 'postgres',
    ...(client.connectionString
      ? { url: client.connectionString }
      : { host: client.host, port: client.port, username: client.user, database: client.database }),
    applicationName,
    connectTimeoutMS: connectionTimeoutMillis,
    // PGlite is ONE backend session behind the socket, and pglite-socket interleaves protocol
    // messages of different connections: two connections' Parse/Bind pairs overwrite each other's
    // unnamed statement ("bind message supplies 3 parameters, but prepared statement requires 5").
    // One pooled connection serialises them; embedded mode is single-process anyway.
    poolSize: embedded ? 1 : opts.database.poolSize,
    entities,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
  });
  try {
    await dataSource.initialize();
  } catch (err) {
    await embedded?.stop();
    throw new FedwatchError(
      ErrorCode.DATABASE_UNAVAILABLE,
      `cannot connect to ${description}: ${(err as Error).message}`,
      { database: description },
      { cause: err },
    );
  }
  return new OpenDatabase(embedded ? 'embedded' : 'postgres', dataSource, client, embedded, description);
}

/**
 * `postgres://user:***@host:5432/db` → `postgres://user@host:5432/db`. `pg` also takes the password
 * from the query string (`?password=…`), so such parameters are dropped as well.
 */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    for (const key of [...u.searchParams.keys()]) {
      if (/pass/i.test(key)) u.searchParams.delete(key);
    }
    return `PostgreSQL at ${u.toString()}`;
  } catch {
    return 'PostgreSQL (unparseable URL)';
  }
}

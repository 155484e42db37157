import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataDirLock } from './data-dir-lock.js';

/**
 * PGlite's own start parameters (its `defaultStartParams`, repeated because passing any replaces
 * them all) plus a smaller shared_buffers: PostgreSQL's 128 MB default is the largest part of the
 * embedded database's memory, and one single-user session for a small site does not need it.
 */
const START_PARAMS = [
  '--single',
  '-F',
  '-O',
  '-j',
  ...['-c', 'search_path=public', '-c', 'exit_on_error=false', '-c', 'log_checkpoints=false'],
  ...[
    '-c',
    'max_worker_processes=0',
    '-c',
    'max_parallel_workers=0',
    '-c',
    'max_parallel_workers_per_gather=0',
  ],
  ...['-c', 'io_method=sync', '-c', 'max_parallel_maintenance_workers=0'],
  ...['-c', 'shared_buffers=16MB'],
];

/**
 * PGlite (PostgreSQL compiled to WASM) in the data directory, served on a loopback socket so the
 * ordinary `pg` driver talks to it exactly as to a real server: one driver, one pool, one SQL.
 */
export class EmbeddedDatabase {
  private constructor(
    private readonly lock: DataDirLock,
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly host: string,
    readonly port: number,
    readonly directory: string,
  ) {}

  static async start(dataDir: string, command: string): Promise<EmbeddedDatabase> {
    const lock = DataDirLock.acquire(dataDir, command);
    try {
      const directory = join(resolve(dataDir), 'pgdata');
      mkdirSync(directory, { recursive: true });
      if (!existsSync(join(directory, 'PG_VERSION'))) {
        // initdb grows PGlite's WASM memory to ~800 MB, and WASM memory never shrinks: initialise
        // in a throwaway instance and serve from a fresh one (~300 MB instead), at ~1.5 s once.
        await (await PGlite.create(directory, { startParams: START_PARAMS })).close();
      }
      const db = await PGlite.create(directory, { startParams: START_PARAMS });
      // pglite-socket serialises queries anyway; the limit only bounds idle pooled connections.
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 });
      await server.start();
      const [host, port] = server.getServerConn().split(':');
      return new EmbeddedDatabase(lock, db, server, host, Number(port), directory);
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  async stop(): Promise<void> {
    try {
      await this.server.stop();
      await this.db.close();
    } finally {
      this.lock.release();
    }
  }
}

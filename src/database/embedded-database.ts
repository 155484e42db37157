import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataDirLock } from './data-dir-lock.js';

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
      const db = await PGlite.create(directory);
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

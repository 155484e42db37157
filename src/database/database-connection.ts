import type { ClientConfig } from 'pg';

/**
 * How to reach the database this process uses, whichever it is. The embedded database is served
 * over a loopback socket so both modes share the `pg` driver, the pool and the SQL.
 */
export abstract class DatabaseConnection {
  abstract readonly mode: 'embedded' | 'postgres';
  /** Options for a new, dedicated `pg.Client` (e.g. for advisory locks that must not share a pool). */
  abstract clientConfig(): ClientConfig;
}

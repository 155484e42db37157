import { DatabaseConnection } from '../database/database-connection.js';
import { InProcessJobLock } from './in-process.job-lock.js';
import { JobLock } from './job-lock.port.js';
import { PgAdvisoryJobLock } from './pg-advisory.job-lock.js';

/** Advisory locks exclude replicas on PostgreSQL; embedded (PGlite) is one process, one session. */
export function createJobLock(db: DatabaseConnection): JobLock {
  return db.mode === 'postgres' ? new PgAdvisoryJobLock(db.clientConfig()) : new InProcessJobLock();
}

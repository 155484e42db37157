import { createHash } from 'node:crypto';

/** Namespaces our keys in the database-wide advisory lock space shared with other applications. */
const NAMESPACE = 'fedwatch:job:';

/**
 * The 64-bit advisory lock key of a job, as a decimal string for a `$1::bigint` parameter. Derived
 * in JS from SHA-256 rather than with `hashtext()`: hashtext is 32-bit (more collisions) and an
 * internal function whose output is not promised to stay the same, while every replica — whatever
 * its version — must compute the same key for the same job.
 */
export function advisoryLockKey(jobId: string): string {
  const digest = createHash('sha256')
    .update(NAMESPACE + jobId, 'utf8')
    .digest();
  return digest.readBigInt64BE(0).toString();
}

import { JobLock, type JobLockHandle } from './job-lock.port.js';

/**
 * For the embedded database: PGlite serves every connection from one backend session, so advisory
 * locks would not exclude anything there; and embedded mode is single-replica by construction (one
 * process owns the data dir), so excluding within the process is enough.
 */
export class InProcessJobLock extends JobLock {
  private readonly held = new Set<string>();
  private closed = false;

  async tryAcquire(jobId: string): Promise<JobLockHandle | null> {
    if (this.closed || this.held.has(jobId)) return null;
    this.held.add(jobId);
    let released = false;
    return {
      jobId,
      lost: new AbortController().signal,
      release: async () => {
        if (released) return;
        released = true;
        this.held.delete(jobId);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.held.clear();
  }
}

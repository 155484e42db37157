import { JobLock, type JobLockHandle } from '../../src/scheduler/job-lock.port.js';

/**
 * In-memory JobLock for unit tests: `heldElsewhere` plays another replica holding a job,
 * `failWith` a broken lock connection, `loseLock` a connection dying while a job runs.
 */
export class FakeJobLock extends JobLock {
  readonly heldElsewhere = new Set<string>();
  failWith: Error | null = null;
  closed = false;
  acquired = 0;
  released = 0;
  private readonly held = new Map<string, AbortController>();

  async tryAcquire(jobId: string): Promise<JobLockHandle | null> {
    if (this.failWith) throw this.failWith;
    if (this.closed) throw new Error('lock closed');
    if (this.held.has(jobId) || this.heldElsewhere.has(jobId)) return null;
    const lost = new AbortController();
    this.held.set(jobId, lost);
    this.acquired++;
    return {
      jobId,
      lost: lost.signal,
      release: async () => {
        if (this.held.get(jobId) !== lost) return;
        this.held.delete(jobId);
        this.released++;
      },
    };
  }

  isHeld(jobId: string): boolean {
    return this.held.has(jobId);
  }

  loseLock(jobId: string): void {
    this.held.get(jobId)?.abort(new Error('job lock lost: connection terminated'));
    this.held.delete(jobId);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.held.clear();
  }
}

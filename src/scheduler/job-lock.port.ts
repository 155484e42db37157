/** Proof that this instance may run a job now; release it when the run is over. */
export interface JobLockHandle {
  readonly jobId: string;
  /**
   * Aborted when the lock is lost before release (e.g. its database connection died, so another
   * replica may already hold it); the runner aborts the running handler then.
   */
  readonly lost: AbortSignal;
  /** Idempotent; a no-op once the lock is lost. */
  release(): Promise<void>;
}

/**
 * "At most one running instance of a job across all replicas". Not re-entrant: a second
 * `tryAcquire` of a held job returns null, also within one process.
 */
export abstract class JobLock {
  /** The handle, or null when another holder (replica or in-process run) has the job. */
  abstract tryAcquire(jobId: string): Promise<JobLockHandle | null>;
  /** Releases every held lock and frees the resources; no acquire afterwards. */
  abstract close(): Promise<void>;
}

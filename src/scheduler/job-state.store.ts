import type { JobRunOutcome, JobRunStatus } from './job.types.js';

/** A `job_state` row: the last run of a job by whichever replica ran it. */
export interface JobStateRow {
  jobId: string;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastStatus: JobRunStatus | 'running' | null;
  lastReason: string | null;
  lastDurationMs: number | null;
  lastSuccessAt: Date | null;
  lastInstance: string | null;
  runsTotal: number;
  failuresTotal: number;
}

/**
 * Where the shared last-run state lives (port; `JobStateRepository` is the SQL adapter). Only runs
 * that held the job lock are written: a replica that was skipped because another one runs the job
 * must not overwrite that replica's `running` or its result.
 */
export abstract class JobStateStore {
  abstract markStarted(jobId: string, startedAt: Date, instance: string): Promise<void>;
  /** Upserts the run and increments runs_total, and failures_total for failed/timeout. */
  abstract recordFinished(outcome: JobRunOutcome): Promise<void>;
  abstract findAll(): Promise<JobStateRow[]>;
}

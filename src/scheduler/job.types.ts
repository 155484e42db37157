/** What a module registers with the `JobRegistry` (in its `onModuleInit`). */
export interface JobDefinition {
  /** Stable id, e.g. `accounting.openstack`: used in config (`schedules.<id>`), metrics, locks, job_state. */
  id: string;
  description: string;
  /** Exactly one of `intervalMs` / `cron`. Config `schedules[id]` overrides these. */
  defaultSchedule: { intervalMs?: number; cron?: string; timeoutMs: number };
  handler: (ctx: JobContext) => Promise<JobResult>;
  /**
   * Also run a few seconds after start instead of one period later: for jobs whose output readers
   * expect right away (the discovery document), not for heavy ones a restart should not trigger.
   */
  runAtStart?: boolean;
}

export interface JobContext {
  /** Aborted on timeout, on shutdown and when the job lock is lost; stop work promptly when it is. */
  signal: AbortSignal;
  jobId: string;
  /** Debug-level progress notes, tagged with the job id. */
  progress?: (message: string, details?: Record<string, unknown>) => void;
}

/**
 * A handler reports how it went instead of throwing: `skipped` is for "nothing to do" (e.g. no sources
 * configured) and is not a failure. A handler that throws anyway is recorded as `failed`.
 */
export interface JobResult {
  status: 'succeeded' | 'skipped' | 'failed';
  reason?: string;
  details?: Record<string, unknown>;
}

export type JobRunStatus = 'succeeded' | 'skipped' | 'failed' | 'timeout';

/** How one run (scheduled or on demand) ended, as seen by this instance. */
export interface JobRunOutcome {
  jobId: string;
  status: JobRunStatus;
  reason?: string;
  details?: Record<string, unknown>;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  /** The instance that decided the outcome (`host:pid` unless configured). */
  instance: string;
}

export type ScheduleTrigger = { kind: 'interval'; intervalMs: number } | { kind: 'cron'; cron: string };

/** A job's schedule after applying config `schedules[id]` over the job's default. */
export interface EffectiveSchedule {
  trigger: ScheduleTrigger;
  timeoutMs: number;
  enabled: boolean;
  source: 'config' | 'default';
}

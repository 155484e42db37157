/**
 * Optional tuning of the scheduler, provided under `SCHEDULER_OPTIONS` (see `SchedulerModule.forRoot`).
 * Everything has a production default; tests use it to make runs deterministic and fast.
 */
export interface SchedulerOptions {
  /** Written to `job_state.last_instance` and outcomes; default `<hostname>:<pid>`. */
  instanceId?: string;
  /** [0, 1) source for jitter; default Math.random. Seed it (see `seededRandom`) in tests. */
  random?: () => number;
  /** How long a handler that ignores its abort signal keeps its lock and slot; default 10 s. */
  abandonGraceMs?: number;
  /** Start the timers on application bootstrap; default true. CLI one-shot commands pass false. */
  autoStart?: boolean;
}

export const SCHEDULER_OPTIONS = Symbol('SCHEDULER_OPTIONS');

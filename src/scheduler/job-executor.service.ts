import { hostname } from 'node:os';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Clock } from './clock.port.js';
import type { JobDefinition, JobRunOutcome } from './job.types.js';
import { invokeHandler, type InvocationResult } from './job.invocation.js';
import { JobLock } from './job-lock.port.js';
import { JobMetrics } from './job.metrics.js';
import { JobStateStore } from './job-state.store.js';
import { SCHEDULER_OPTIONS, type SchedulerOptions } from './scheduler.options.js';

export const SKIPPED_ELSEWHERE = 'running on another replica';

/** One started run. */
export interface JobRun {
  /** Settles (never rejects) once the outcome is decided, counted and persisted. */
  outcome: Promise<JobRunOutcome>;
  /** Settles (never rejects) once the job may run again here: handler done or abandoned, lock released. */
  done: Promise<void>;
}

/** Runs a job once: lock, invoke with timeout, metrics, job_state. Scheduling is the JobRunner's. */
@Injectable()
export class JobExecutor {
  readonly instance: string;
  private readonly log = new Logger('JobRunner');
  private readonly abandonGraceMs: number;

  constructor(
    private readonly lock: JobLock,
    private readonly store: JobStateStore,
    private readonly metrics: JobMetrics,
    private readonly clock: Clock,
    @Optional() @Inject(SCHEDULER_OPTIONS) options: SchedulerOptions | null = null,
  ) {
    this.instance = options?.instanceId ?? `${hostname()}:${process.pid}`;
    this.abandonGraceMs = options?.abandonGraceMs ?? 10_000;
  }

  /** Starts a run now; `stop` aborts it (shutdown). */
  execute(def: JobDefinition, timeoutMs: number, stop: AbortSignal): JobRun {
    let report!: (outcome: JobRunOutcome) => void;
    const outcome = new Promise<JobRunOutcome>((resolve) => (report = resolve));
    const startedMs = this.clock.now();
    const done = this.run(def, timeoutMs, stop, startedMs, report).catch((err: unknown) => {
      // Only a bug gets here; still answer the caller rather than leave it waiting forever.
      this.log.error(`job ${def.id}: runner error: ${(err as Error).stack ?? String(err)}`);
      report(this.finish(def.id, startedMs, { status: 'failed', reason: `runner error: ${String(err)}` }));
    });
    return { outcome, done };
  }

  /** An outcome decided without running (already running here): counted, not persisted. */
  skip(def: JobDefinition, reason: string): JobRunOutcome {
    return this.finish(def.id, this.clock.now(), { status: 'skipped', reason });
  }

  private async run(
    def: JobDefinition,
    timeoutMs: number,
    stop: AbortSignal,
    startedMs: number,
    report: (outcome: JobRunOutcome) => void,
  ): Promise<void> {
    const handle = await this.lock.tryAcquire(def.id).catch((err: Error) => err);
    if (handle instanceof Error) {
      return report(
        this.finish(def.id, startedMs, { status: 'failed', reason: `job lock: ${handle.message}` }),
      );
    }
    // Another replica runs it: expected with several replicas, so not a failure and not persisted.
    if (!handle)
      return report(this.finish(def.id, startedMs, { status: 'skipped', reason: SKIPPED_ELSEWHERE }));
    this.metrics.setRunning(def.id, true);
    try {
      await this.persist(def.id, () => this.store.markStarted(def.id, new Date(startedMs), this.instance));
      const progress = (message: string, details?: Record<string, unknown>): void =>
        this.log.debug(`job ${def.id}: ${message}${details ? ' ' + JSON.stringify(details) : ''}`);
      const invocation = invokeHandler(def, { timeoutMs, abortOn: [stop, handle.lost], progress });
      const outcome = this.finish(def.id, startedMs, await invocation.result);
      // After a lost lock another replica may own the row already; leave it to that one.
      if (!handle.lost.aborted) await this.persist(def.id, () => this.store.recordFinished(outcome));
      report(outcome);
      await this.settleOrAbandon(def.id, invocation.settled);
    } finally {
      this.metrics.setRunning(def.id, false);
      await handle
        .release()
        .catch((err: Error) => this.log.warn(`job ${def.id}: unlock failed: ${err.message}`));
    }
  }

  private finish(jobId: string, startedMs: number, result: InvocationResult): JobRunOutcome {
    const finishedMs = this.clock.now();
    const outcome: JobRunOutcome = {
      jobId,
      ...result,
      startedAt: new Date(startedMs),
      finishedAt: new Date(finishedMs),
      durationMs: finishedMs - startedMs,
      instance: this.instance,
    };
    this.metrics.record(outcome);
    const text = `job ${jobId}: ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''} in ${outcome.durationMs} ms`;
    if (outcome.status === 'failed' || outcome.status === 'timeout') this.log.warn(text);
    else if (outcome.reason === SKIPPED_ELSEWHERE) this.log.debug(text);
    else this.log.log(text);
    return outcome;
  }

  /** job_state is for people and other replicas; failing to write it must not fail the job. */
  private async persist(jobId: string, write: () => Promise<void>): Promise<void> {
    await write().catch((err: Error) =>
      this.log.warn(`job ${jobId}: could not record job state: ${err.message}`),
    );
  }

  /** Keeps the lock while a handler winds down after an abort, but not forever. */
  private async settleOrAbandon(jobId: string, settled: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const abandoned = new Promise<'abandoned'>((resolve) => {
      timer = setTimeout(() => resolve('abandoned'), this.abandonGraceMs);
    });
    const first = await Promise.race([settled, abandoned]);
    clearTimeout(timer);
    if (first === 'abandoned') {
      this.log.warn(
        `job ${jobId}: handler ignored its abort signal for ${this.abandonGraceMs} ms; abandoned`,
      );
    }
  }
}

import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { APP_CONFIG } from '../config/config.token.js';
import type { AppConfig } from '../config/config.types.js';
import { Clock } from './clock.port.js';
import type { JobDefinition, JobRunOutcome } from './job.types.js';
import { JobExecutor, type JobRun } from './job-executor.service.js';
import { JobLock } from './job-lock.port.js';
import { JobMetrics } from './job.metrics.js';
import { JobRegistry } from './job-registry.service.js';
import { planNextRun } from './next-run.planner.js';

/** The spread of `runAtStart` jobs' first runs. */
const START_SPREAD_MS = 5_000;
import { SCHEDULER_OPTIONS, type SchedulerOptions } from './scheduler.options.js';

/** setTimeout's limit; a later run (rare cron) is reached in several hops. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** After aborting at shutdown, how long to wait for the aborted runs' outcomes to be recorded. */
const RECORD_AFTER_ABORT_MS = 5_000;

/**
 * One timer loop per enabled job: wait until the planned time, run (unless already running here),
 * plan the next run from the end of this one. Each job runs at most once at a time per process
 * (`inFlight`) and across replicas (the JobLock, taken by the JobExecutor).
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('JobRunner');
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  private readonly inFlight = new Map<string, JobRun>();
  private readonly shutdownSignal = new AbortController();
  private readonly random: () => number;
  private phase: 'idle' | 'started' | 'stopping' = 'idle';
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly registry: JobRegistry,
    private readonly executor: JobExecutor,
    private readonly lock: JobLock,
    private readonly metrics: JobMetrics,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'shutdownGraceSeconds'>,
    @Optional() @Inject(SCHEDULER_OPTIONS) private readonly options: SchedulerOptions | null = null,
  ) {
    this.random = options?.random ?? Math.random;
  }

  onApplicationBootstrap(): void {
    if (this.options?.autoStart !== false) this.start();
  }

  // "before": the DataSource closes in onApplicationShutdown, and aborted runs still record their outcome.
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop(this.config.shutdownGraceSeconds * 1000);
  }

  /** Arms every enabled job and seals the registry. Idempotent; no restart after stop. */
  start(): void {
    if (this.phase !== 'idle') return;
    this.phase = 'started';
    this.registry.seal();
    for (const id of this.registry.unknownScheduleIds())
      this.log.warn(`schedules.${id} matches no job; ignored`);
    const jobs = this.registry.list();
    jobs.forEach((def) => this.metrics.declare(def.id));
    const enabled = jobs.filter((def) => this.registry.schedule(def.id).enabled);
    enabled.forEach((def) => (def.runAtStart ? this.armAtStart(def.id) : this.arm(def.id)));
    this.log.log(`scheduler started: ${enabled.length} of ${jobs.length} jobs enabled`);
  }

  /** When this instance will next try the job; null while it runs, when disabled, or before start. */
  nextRunAt(jobId: string): Date | null {
    const armed = this.timers.get(jobId);
    return armed ? new Date(armed.at) : null;
  }

  /** Runs the job now (disabled jobs too). Throws NOT_FOUND, SHUTTING_DOWN; otherwise never rejects. */
  async runNow(jobId: string): Promise<JobRunOutcome> {
    const def = this.registry.get(jobId);
    if (this.phase === 'stopping') throw new FedwatchError(ErrorCode.SHUTTING_DOWN, 'scheduler is stopping');
    if (this.inFlight.has(jobId)) return this.executor.skip(def, 'already running on this instance');
    return this.launch(def).outcome;
  }

  /** No new runs; waits up to `graceMs` for running ones, then aborts them; closes the lock. */
  stop(graceMs: number): Promise<void> {
    this.stopping ??= this.shutdown(graceMs);
    return this.stopping;
  }

  private async shutdown(graceMs: number): Promise<void> {
    this.phase = 'stopping';
    this.timers.forEach(({ timer }) => clearTimeout(timer));
    this.timers.clear();
    const runs = [...this.inFlight.values()];
    const names = [...this.inFlight.keys()].join(', ');
    if (runs.length > 0) {
      this.log.log(`waiting up to ${graceMs} ms for running jobs: ${names}`);
      if (!(await settlesWithin(Promise.all(runs.map((r) => r.done)), graceMs))) {
        this.log.warn(`aborting jobs still running after ${graceMs} ms: ${names}`);
        this.shutdownSignal.abort(new FedwatchError(ErrorCode.SHUTTING_DOWN, 'fedwatch is shutting down'));
        await settlesWithin(Promise.all(runs.map((r) => r.outcome)), RECORD_AFTER_ABORT_MS);
      }
    }
    // Closing ends the lock session, which releases any lock an abandoned handler still holds.
    await this.lock.close().catch((err: Error) => this.log.warn(`closing the job lock: ${err.message}`));
    this.log.log('scheduler stopped');
  }

  private arm(jobId: string): void {
    if (this.phase !== 'started') return;
    const now = this.clock.now();
    const at = planNextRun(this.registry.schedule(jobId).trigger, now, this.random);
    if (at === null)
      return this.log.warn(`job ${jobId}: its cron expression has no future time; not scheduled`);
    this.armAt(jobId, at, at - now);
  }

  /** Up to START_SPREAD_MS after start, so replicas that start together do not all race for the lock. */
  private armAtStart(jobId: string): void {
    const delay = Math.floor(this.random() * START_SPREAD_MS);
    this.armAt(jobId, this.clock.now() + delay, delay);
  }

  private armAt(jobId: string, at: number, delayMs: number): void {
    const hop = Math.min(Math.max(0, delayMs), MAX_TIMER_MS);
    const timer = setTimeout(
      () => (hop < delayMs ? this.armAt(jobId, at, delayMs - hop) : void this.fire(jobId)),
      hop,
    );
    this.timers.set(jobId, { timer, at });
  }

  private async fire(jobId: string): Promise<void> {
    this.timers.delete(jobId);
    // An on-demand run in progress stands in for this one.
    const run = this.inFlight.get(jobId) ?? this.launch(this.registry.get(jobId));
    await run.done;
    this.arm(jobId);
  }

  private launch(def: JobDefinition): JobRun {
    const run = this.executor.execute(
      def,
      this.registry.schedule(def.id).timeoutMs,
      this.shutdownSignal.signal,
    );
    this.inFlight.set(def.id, run);
    void run.done.then(() => {
      if (this.inFlight.get(def.id) === run) this.inFlight.delete(def.id);
    });
    return run;
  }
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return settled;
}

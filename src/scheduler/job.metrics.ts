import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { JobRunOutcome } from './job.types.js';

/** Jobs take from milliseconds (nothing to do) to tens of minutes (a full accounting pass). */
const DURATION_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

/** The scheduler's Prometheus metrics, created once on the process registry. */
export class JobMetrics {
  private readonly duration: Histogram<'job' | 'status'>;
  private readonly lastSuccess: Gauge<'job'>;
  private readonly runs: Counter<'job' | 'status'>;
  private readonly failures: Counter<'job'>;
  private readonly running: Gauge<'job'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.duration = new Histogram({
      name: 'fedwatch_job_duration_seconds',
      help: 'Duration of job runs on this instance.',
      labelNames: ['job', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.lastSuccess = new Gauge({
      name: 'fedwatch_job_last_success_timestamp_seconds',
      help: 'End of the last successful run of the job on this instance (Unix time).',
      labelNames: ['job'],
      registers,
    });
    this.runs = new Counter({
      name: 'fedwatch_job_runs_total',
      help: 'Job runs on this instance by outcome; skipped includes "running on another replica".',
      labelNames: ['job', 'status'],
      registers,
    });
    this.failures = new Counter({
      name: 'fedwatch_job_failures_total',
      help: 'Job runs on this instance that failed or timed out.',
      labelNames: ['job'],
      registers,
    });
    this.running = new Gauge({
      name: 'fedwatch_job_running',
      help: '1 while the job runs on this instance.',
      labelNames: ['job'],
      registers,
    });
  }

  /** Zeroes so a job shows up in Prometheus before its first run (absent series break alerts). */
  declare(jobId: string): void {
    this.failures.inc({ job: jobId }, 0);
    this.running.set({ job: jobId }, 0);
  }

  setRunning(jobId: string, running: boolean): void {
    this.running.set({ job: jobId }, running ? 1 : 0);
  }

  record(outcome: JobRunOutcome): void {
    const job = outcome.jobId;
    this.runs.inc({ job, status: outcome.status });
    this.duration.observe({ job, status: outcome.status }, outcome.durationMs / 1000);
    if (outcome.status === 'failed' || outcome.status === 'timeout') this.failures.inc({ job });
    if (outcome.status === 'succeeded') this.lastSuccess.set({ job }, outcome.finishedAt.getTime() / 1000);
  }
}

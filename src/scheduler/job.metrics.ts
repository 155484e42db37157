import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { JobRunOutcome } from './job.types.js';

/** Jobs take from milliseconds (nothing to do) to tens of minutes (a full accounting pass). */
const DURATION_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

/**
 * The scheduler's Prometheus metrics, created once on the process registry. The job is labelled
 * `job_id`, not `job`: Prometheus sets `job` on every scraped series itself, and a target's own
 * `job` label would be renamed `exported_job` by a standard scrape.
 */
export class JobMetrics {
  private readonly duration: Histogram<'job_id' | 'status'>;
  private readonly lastSuccess: Gauge<'job_id'>;
  private readonly runs: Counter<'job_id' | 'status'>;
  private readonly failures: Counter<'job_id'>;
  private readonly running: Gauge<'job_id'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.duration = new Histogram({
      name: 'fedwatch_job_duration_seconds',
      help: 'Duration of job runs on this instance.',
      labelNames: ['job_id', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.lastSuccess = new Gauge({
      name: 'fedwatch_job_last_success_timestamp_seconds',
      help: 'End of the last successful run of the job on this instance (Unix time).',
      labelNames: ['job_id'],
      registers,
    });
    this.runs = new Counter({
      name: 'fedwatch_job_runs_total',
      help: 'Job runs on this instance by outcome; skipped includes "running on another replica".',
      labelNames: ['job_id', 'status'],
      registers,
    });
    this.failures = new Counter({
      name: 'fedwatch_job_failures_total',
      help: 'Job runs on this instance that failed or timed out.',
      labelNames: ['job_id'],
      registers,
    });
    this.running = new Gauge({
      name: 'fedwatch_job_running',
      help: '1 while the job runs on this instance.',
      labelNames: ['job_id'],
      registers,
    });
  }

  /** Zeroes so a job shows up in Prometheus before its first run (absent series break alerts). */
  declare(jobId: string): void {
    this.failures.inc({ job_id: jobId }, 0);
    this.running.set({ job_id: jobId }, 0);
  }

  setRunning(jobId: string, running: boolean): void {
    this.running.set({ job_id: jobId }, running ? 1 : 0);
  }

  record(outcome: JobRunOutcome): void {
    const job = outcome.jobId;
    this.runs.inc({ job_id: job, status: outcome.status });
    this.duration.observe({ job_id: job, status: outcome.status }, outcome.durationMs / 1000);
    if (outcome.status === 'failed' || outcome.status === 'timeout') this.failures.inc({ job_id: job });
    if (outcome.status === 'succeeded')
      this.lastSuccess.set({ job_id: job }, outcome.finishedAt.getTime() / 1000);
  }
}

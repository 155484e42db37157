import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { JobRunOutcome } from './job.types.js';
import { JobStateStore, type JobStateRow } from './job-state.store.js';

const MARK_STARTED = `
  INSERT INTO job_state (job_id, last_started_at, last_status, last_instance)
  VALUES ($1, $2, 'running', $3)
  ON CONFLICT (job_id) DO UPDATE SET
    last_started_at = EXCLUDED.last_started_at, last_status = 'running', last_instance = EXCLUDED.last_instance,
    last_finished_at = NULL, last_reason = NULL, last_duration_ms = NULL`;

const RECORD_FINISHED = `
  INSERT INTO job_state (job_id, last_started_at, last_finished_at, last_status, last_reason,
                         last_duration_ms, last_success_at, last_instance, runs_total, failures_total)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9)
  ON CONFLICT (job_id) DO UPDATE SET
    last_started_at = EXCLUDED.last_started_at, last_finished_at = EXCLUDED.last_finished_at,
    last_status = EXCLUDED.last_status, last_reason = EXCLUDED.last_reason,
    last_duration_ms = EXCLUDED.last_duration_ms,
    last_success_at = COALESCE(EXCLUDED.last_success_at, job_state.last_success_at),
    last_instance = EXCLUDED.last_instance,
    runs_total = job_state.runs_total + 1,
    failures_total = job_state.failures_total + EXCLUDED.failures_total`;

interface Row {
  job_id: string;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_status: JobStateRow['lastStatus'];
  last_reason: string | null;
  last_duration_ms: number | null;
  last_success_at: Date | null;
  last_instance: string | null;
  runs_total: string;
  failures_total: string;
}

/** `job_state` through the app's TypeORM DataSource, in plain SQL (one upsert per transition). */
@Injectable()
export class JobStateRepository extends JobStateStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async markStarted(jobId: string, startedAt: Date, instance: string): Promise<void> {
    await this.dataSource.query(MARK_STARTED, [jobId, startedAt, instance]);
  }

  async recordFinished(o: JobRunOutcome): Promise<void> {
    const failed = o.status === 'failed' || o.status === 'timeout' ? 1 : 0;
    const successAt = o.status === 'succeeded' ? o.finishedAt : null;
    await this.dataSource.query(RECORD_FINISHED, [
      o.jobId,
      o.startedAt,
      o.finishedAt,
      o.status,
      o.reason ?? null,
      Math.round(o.durationMs),
      successAt,
      o.instance,
      failed,
    ]);
  }

  async findAll(): Promise<JobStateRow[]> {
    const rows: Row[] = await this.dataSource.query('SELECT * FROM job_state ORDER BY job_id');
    return rows.map((r) => ({
      jobId: r.job_id,
      lastStartedAt: r.last_started_at,
      lastFinishedAt: r.last_finished_at,
      lastStatus: r.last_status,
      lastReason: r.last_reason,
      lastDurationMs: r.last_duration_ms,
      lastSuccessAt: r.last_success_at,
      lastInstance: r.last_instance,
      // bigint arrives as a string from pg; these counters stay far below 2^53.
      runsTotal: Number(r.runs_total),
      failuresTotal: Number(r.failures_total),
    }));
  }
}

import type { EffectiveSchedule, JobDefinition } from './job.types.js';
import type { JobStateRow } from './job-state.store.js';
import { describeSchedule } from './schedule.resolver.js';

/** A job as listed by the API and CLI: its definition here plus its shared last-run state. */
export interface JobView {
  id: string;
  description: string;
  /** e.g. "every 15m", "cron 0 3 * * *". */
  schedule: string;
  timeoutMs: number;
  enabled: boolean;
  /** When this instance will next try it (another replica may run it first). */
  nextRunAt: Date | null;
  lastStatus: JobStateRow['lastStatus'];
  lastReason: string | null;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastDurationMs: number | null;
  lastSuccessAt: Date | null;
  lastInstance: string | null;
  runsTotal: number;
  failuresTotal: number;
}

export function toJobView(
  def: JobDefinition,
  schedule: EffectiveSchedule,
  nextRunAt: Date | null,
  row: JobStateRow | undefined,
): JobView {
  return {
    id: def.id,
    description: def.description,
    schedule: describeSchedule(schedule),
    timeoutMs: schedule.timeoutMs,
    enabled: schedule.enabled,
    nextRunAt,
    lastStatus: row?.lastStatus ?? null,
    lastReason: row?.lastReason ?? null,
    lastStartedAt: row?.lastStartedAt ?? null,
    lastFinishedAt: row?.lastFinishedAt ?? null,
    lastDurationMs: row?.lastDurationMs ?? null,
    lastSuccessAt: row?.lastSuccessAt ?? null,
    lastInstance: row?.lastInstance ?? null,
    runsTotal: row?.runsTotal ?? 0,
    failuresTotal: row?.failuresTotal ?? 0,
  };
}

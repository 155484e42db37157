import { Cron } from 'croner';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import type { ScheduleConfig } from '../config/config.types.js';
import type { EffectiveSchedule, JobDefinition, ScheduleTrigger } from './job.types.js';

/**
 * The effective schedule of a job: config `schedules[id]` wins over the job's default, field by field
 * for `timeoutMs`, as a whole for the trigger (an entry with `cron` replaces a default interval).
 * Throws CONFIG_INVALID so a bad entry stops the start instead of silently never running.
 */
export function resolveSchedule(def: JobDefinition, entry: ScheduleConfig | undefined): EffectiveSchedule {
  const where = entry ? `schedules.${def.id}` : `job ${def.id} default schedule`;
  const fromEntry = entry && (entry.intervalMs != null || entry.cron != null);
  const trigger = fromEntry
    ? triggerOf(entry.intervalMs ?? undefined, entry.cron ?? undefined, where)
    : triggerOf(def.defaultSchedule.intervalMs, def.defaultSchedule.cron, `job ${def.id} default schedule`);
  const timeoutMs = entry?.timeoutMs ?? def.defaultSchedule.timeoutMs;
  if (!isPositive(timeoutMs)) throw invalid(where, `timeoutMs must be a positive number, got ${timeoutMs}`);
  return { trigger, timeoutMs, enabled: entry?.enabled ?? true, source: entry ? 'config' : 'default' };
}

/** "every 15m", "cron 0 3 * * *" — for listings and logs. */
export function describeSchedule(schedule: EffectiveSchedule): string {
  const t = schedule.trigger;
  return t.kind === 'cron' ? `cron ${t.cron}` : `every ${formatDuration(t.intervalMs)}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000 || ms % 1000 !== 0) return `${ms}ms`;
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  let rest = ms / 1000;
  let text = '';
  for (const [unit, size] of units) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}

function triggerOf(intervalMs: number | undefined, cron: string | undefined, where: string): ScheduleTrigger {
  if (intervalMs != null && cron != null) throw invalid(where, 'set either intervalMs or cron, not both');
  if (cron != null) {
    try {
      // Parsing only: a Cron without a callback schedules nothing.
      new Cron(cron, { paused: true });
    } catch (err) {
      throw invalid(where, `invalid cron expression "${cron}": ${(err as Error).message}`);
    }
    return { kind: 'cron', cron };
  }
  if (intervalMs == null) throw invalid(where, 'set intervalMs or cron');
  if (!isPositive(intervalMs))
    throw invalid(where, `intervalMs must be a positive number, got ${intervalMs}`);
  return { kind: 'interval', intervalMs };
}

function isPositive(n: number): boolean {
  return Number.isFinite(n) && n > 0;
}

function invalid(where: string, message: string): FedwatchError {
  return new FedwatchError(ErrorCode.CONFIG_INVALID, `${where}: ${message}`, { path: where });
}

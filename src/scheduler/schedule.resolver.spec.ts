import { describe, expect, it } from '@jest/globals';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import type { ScheduleConfig } from '../config/config.types.js';
import type { JobDefinition } from './job.types.js';
import { describeSchedule, formatDuration, resolveSchedule } from './schedule.resolver.js';

const job = (defaultSchedule: JobDefinition['defaultSchedule']): JobDefinition => ({
  id: 'demo',
  description: 'demo',
  defaultSchedule,
  handler: async () => ({ status: 'succeeded' }),
});
const entry = (partial: Partial<ScheduleConfig>): ScheduleConfig => ({
  intervalMs: null,
  cron: null,
  timeoutMs: null,
  enabled: true,
  ...partial,
});
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return FedwatchError.is(err) ? err.code : 'not a FedwatchError';
  }
  return undefined;
};

describe('resolveSchedule', () => {
  const def = job({ intervalMs: 60_000, timeoutMs: 5_000 });

  it('uses the job default without a config entry', () => {
    expect(resolveSchedule(def, undefined)).toEqual({
      trigger: { kind: 'interval', intervalMs: 60_000 },
      timeoutMs: 5_000,
      enabled: true,
      source: 'default',
    });
  });

  it('lets a config cron replace a default interval, and the timeout override the default', () => {
    expect(resolveSchedule(def, entry({ cron: '0 3 * * *', timeoutMs: 9_000 }))).toEqual({
      trigger: { kind: 'cron', cron: '0 3 * * *' },
      timeoutMs: 9_000,
      enabled: true,
      source: 'config',
    });
  });

  it('keeps the default trigger and timeout when the entry only disables the job', () => {
    const s = resolveSchedule(def, entry({ enabled: false }));
    expect(s).toMatchObject({
      trigger: { kind: 'interval', intervalMs: 60_000 },
      timeoutMs: 5_000,
      enabled: false,
    });
  });

  it('rejects both, neither, invalid cron, and non-positive numbers as CONFIG_INVALID', () => {
    expect(codeOf(() => resolveSchedule(def, entry({ intervalMs: 1, cron: '* * * * *' })))).toBe(
      ErrorCode.CONFIG_INVALID,
    );
    expect(codeOf(() => resolveSchedule(job({ timeoutMs: 1 }), undefined))).toBe(ErrorCode.CONFIG_INVALID);
    expect(codeOf(() => resolveSchedule(def, entry({ cron: 'every tuesday' })))).toBe(
      ErrorCode.CONFIG_INVALID,
    );
    expect(codeOf(() => resolveSchedule(def, entry({ intervalMs: 0 })))).toBe(ErrorCode.CONFIG_INVALID);
    expect(codeOf(() => resolveSchedule(job({ intervalMs: 5, timeoutMs: -1 }), undefined))).toBe(
      ErrorCode.CONFIG_INVALID,
    );
  });
});

describe('describeSchedule', () => {
  it('renders intervals as durations and cron as is', () => {
    const base = { timeoutMs: 1, enabled: true, source: 'default' } as const;
    expect(describeSchedule({ ...base, trigger: { kind: 'interval', intervalMs: 5_400_000 } })).toBe(
      'every 1h30m',
    );
    expect(describeSchedule({ ...base, trigger: { kind: 'cron', cron: '0 3 * * *' } })).toBe(
      'cron 0 3 * * *',
    );
    expect(formatDuration(1_500)).toBe('1500ms');
    expect(formatDuration(86_400_000 + 1_000)).toBe('1d1s');
  });
});

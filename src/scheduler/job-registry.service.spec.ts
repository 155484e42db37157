import { describe, expect, it } from '@jest/globals';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import type { ScheduleConfig } from '../config/config.types.js';
import type { JobDefinition } from './job.types.js';
import { JobRegistry } from './job-registry.service.js';

const job = (id: string, intervalMs = 1_000): JobDefinition => ({
  id,
  description: `${id} job`,
  defaultSchedule: { intervalMs, timeoutMs: 500 },
  handler: async () => ({ status: 'succeeded' }),
});
const registryWith = (schedules: Record<string, ScheduleConfig> = {}): JobRegistry =>
  new JobRegistry({ schedules });
const errorOf = (fn: () => unknown): FedwatchError => {
  try {
    fn();
  } catch (err) {
    if (FedwatchError.is(err)) return err;
  }
  throw new Error('expected a FedwatchError');
};

describe('JobRegistry', () => {
  it('lists registered jobs sorted by id and resolves their schedules', () => {
    const registry = registryWith({
      beta: { intervalMs: null, cron: '0 * * * *', timeoutMs: null, enabled: false },
    });
    registry.register(job('beta'));
    registry.register(job('alpha'));
    expect(registry.list().map((d) => d.id)).toEqual(['alpha', 'beta']);
    expect(registry.schedule('alpha')).toMatchObject({
      trigger: { kind: 'interval', intervalMs: 1_000 },
      enabled: true,
    });
    expect(registry.schedule('beta')).toMatchObject({
      trigger: { kind: 'cron', cron: '0 * * * *' },
      enabled: false,
    });
    expect(registry.get('alpha').description).toBe('alpha job');
  });

  it('refuses a duplicate id, an odd id, and registration after seal', () => {
    const registry = registryWith();
    registry.register(job('alpha'));
    expect(errorOf(() => registry.register(job('alpha'))).message).toMatch(/registered twice/);
    expect(errorOf(() => registry.register(job('has space'))).message).toMatch(/must match/);
    registry.seal();
    expect(errorOf(() => registry.register(job('gamma'))).message).toMatch(/after the scheduler started/);
  });

  it('rejects an invalid configured schedule at registration', () => {
    const registry = registryWith({
      alpha: { intervalMs: null, cron: 'nope', timeoutMs: null, enabled: true },
    });
    expect(errorOf(() => registry.register(job('alpha'))).code).toBe(ErrorCode.CONFIG_INVALID);
  });

  it('throws NOT_FOUND for unknown jobs and reports schedules that match no job', () => {
    const registry = registryWith({ typo: { intervalMs: 5, cron: null, timeoutMs: null, enabled: true } });
    registry.register(job('alpha'));
    expect(errorOf(() => registry.get('nope')).code).toBe(ErrorCode.NOT_FOUND);
    expect(registry.has('alpha')).toBe(true);
    expect(registry.unknownScheduleIds()).toEqual(['typo']);
  });
});

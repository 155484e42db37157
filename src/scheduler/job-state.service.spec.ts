import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { FakeJobLock } from '../../test/fakes/fake-job-lock.js';
import { SystemClock } from './clock.port.js';
import type { JobDefinition } from './job.types.js';
import { JobExecutor } from './job-executor.service.js';
import { JobMetrics } from './job.metrics.js';
import { JobRegistry } from './job-registry.service.js';
import { JobRunner } from './job-runner.service.js';
import { JobStateService } from './job-state.service.js';
import { JobStateStore, type JobStateRow } from './job-state.store.js';

class FixedJobStateStore extends JobStateStore {
  constructor(private readonly rows: JobStateRow[]) {
    super();
  }
  async markStarted(): Promise<void> {}
  async recordFinished(): Promise<void> {}
  async findAll(): Promise<JobStateRow[]> {
    return this.rows;
  }
}

const job = (id: string): JobDefinition => ({
  id,
  description: `the ${id} job`,
  defaultSchedule: { intervalMs: 900_000, timeoutMs: 60_000 },
  handler: async () => ({ status: 'succeeded' }),
});

describe('JobStateService', () => {
  it('merges registered jobs with their persisted last run, ignoring rows of unknown jobs', async () => {
    const at = new Date('2026-01-15T10:00:00Z');
    const row: JobStateRow = {
      jobId: 'alpha',
      lastStartedAt: at,
      lastFinishedAt: at,
      lastStatus: 'failed',
      lastReason: 'boom',
      lastDurationMs: 12,
      lastSuccessAt: null,
      lastInstance: 'replica-2',
      runsTotal: 4,
      failuresTotal: 1,
    };
    const store = new FixedJobStateStore([row, { ...row, jobId: 'retired' }]);
    const registry = new JobRegistry({ schedules: {} });
    registry.register(job('beta'));
    registry.register(job('alpha'));
    const lock = new FakeJobLock();
    const metrics = new JobMetrics(new Registry());
    const executor = new JobExecutor(lock, store, metrics, new SystemClock());
    const runner = new JobRunner(registry, executor, lock, metrics, new SystemClock(), {
      shutdownGraceSeconds: 1,
    });
    const views = await new JobStateService(registry, runner, store).list();
    expect(views.map((v) => v.id)).toEqual(['alpha', 'beta']);
    expect(views[0]).toMatchObject({
      description: 'the alpha job',
      schedule: 'every 15m',
      enabled: true,
      nextRunAt: null,
      lastStatus: 'failed',
      lastReason: 'boom',
      runsTotal: 4,
      failuresTotal: 1,
    });
    expect(views[1]).toMatchObject({ lastStatus: null, runsTotal: 0, failuresTotal: 0 });
  });
});

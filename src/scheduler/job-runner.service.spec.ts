import { beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { FakeJobLock } from '../../test/fakes/fake-job-lock.js';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import type { ScheduleConfig } from '../config/config.types.js';
import { SystemClock } from './clock.port.js';
import type { JobContext, JobDefinition, JobResult, JobRunOutcome } from './job.types.js';
import { JobExecutor } from './job-executor.service.js';
import { JobMetrics } from './job.metrics.js';
import { JobRegistry } from './job-registry.service.js';
import { JobRunner } from './job-runner.service.js';
import { JobStateStore, type JobStateRow } from './job-state.store.js';
import { seededRandom } from './next-run.planner.js';

class NullJobStateStore extends JobStateStore {
  async markStarted(): Promise<void> {}
  async recordFinished(): Promise<void> {}
  async findAll(): Promise<JobStateRow[]> {
    return [];
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const job = (
  id: string,
  intervalMs: number,
  handler: (ctx: JobContext) => Promise<JobResult>,
): JobDefinition => ({
  id,
  description: id,
  defaultSchedule: { intervalMs, timeoutMs: 5_000 },
  handler,
});

function setup(jobs: JobDefinition[], schedules: Record<string, ScheduleConfig> = {}) {
  const lock = new FakeJobLock();
  const registry = new JobRegistry({ schedules });
  jobs.forEach((def) => registry.register(def));
  const metrics = new JobMetrics(new Registry());
  const clock = new SystemClock();
  const options = { instanceId: 'replica-1', random: seededRandom(1), abandonGraceMs: 100 };
  const executor = new JobExecutor(lock, new NullJobStateStore(), metrics, clock, options);
  const runner = new JobRunner(
    registry,
    executor,
    lock,
    metrics,
    clock,
    { shutdownGraceSeconds: 1 },
    options,
  );
  return { lock, runner };
}

/** A handler that sleeps `ms` (or until aborted) and tracks how many of its runs overlap. */
function sleeper(ms: number) {
  const stats = { runs: 0, active: 0, maxActive: 0, aborted: 0 };
  const handler = async (ctx: JobContext): Promise<JobResult> => {
    stats.runs++;
    stats.maxActive = Math.max(stats.maxActive, ++stats.active);
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      ctx.signal.addEventListener('abort', () => (stats.aborted++, clearTimeout(timer), resolve(undefined)));
    });
    stats.active--;
    return { status: 'succeeded' };
  };
  return { stats, handler };
}

describe('JobRunner', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('runs enabled jobs repeatedly, never overlapping a job with itself', async () => {
    const slow = sleeper(40);
    const off = sleeper(1);
    const disabled: ScheduleConfig = { intervalMs: null, cron: null, timeoutMs: null, enabled: false };
    const { runner } = setup([job('slow', 10, slow.handler), job('off', 10, off.handler)], { off: disabled });
    runner.start();
    expect(runner.nextRunAt('slow')).toBeInstanceOf(Date);
    expect(runner.nextRunAt('off')).toBeNull();
    const onDemand: JobRunOutcome[] = [];
    for (let i = 0; i < 6; i++) {
      await sleep(35);
      onDemand.push(await runner.runNow('slow'));
    }
    await runner.stop(1_000);
    expect(slow.stats.runs).toBeGreaterThanOrEqual(4);
    expect(slow.stats.maxActive).toBe(1);
    expect(onDemand.some((o) => o.reason === 'already running on this instance')).toBe(true);
    expect(off.stats.runs).toBe(0);
  });

  it('runs a runAtStart job within seconds of start, the others one period later', async () => {
    const early = sleeper(1);
    const late = sleeper(1);
    const { runner } = setup([
      { ...job('early', 3_600_000, early.handler), runAtStart: true },
      job('late', 3_600_000, late.handler),
    ]);
    const startedAt = Date.now();
    runner.start();
    expect(runner.nextRunAt('early')!.getTime()).toBeLessThanOrEqual(startedAt + 5_000);
    expect(runner.nextRunAt('late')!.getTime()).toBeGreaterThanOrEqual(startedAt + 3_600_000);
    while (early.stats.runs === 0 || runner.nextRunAt('early') === null) await sleep(20);
    // Then it keeps its interval like any other job.
    expect(runner.nextRunAt('early')!.getTime()).toBeGreaterThanOrEqual(startedAt + 3_600_000);
    expect(late.stats.runs).toBe(0);
    await runner.stop(1_000);
  });

  it('stop() waits for running jobs within the grace, then starts nothing new', async () => {
    const slow = sleeper(100);
    const { lock, runner } = setup([job('slow', 10, slow.handler)]);
    runner.start();
    while (slow.stats.active === 0) await sleep(5);
    await runner.stop(1_000);
    expect(slow.stats).toMatchObject({ runs: 1, active: 0, aborted: 0 });
    expect(lock.closed).toBe(true);
    expect(runner.nextRunAt('slow')).toBeNull();
    await sleep(50);
    expect(slow.stats.runs).toBe(1);
    await expect(runner.runNow('slow')).rejects.toMatchObject({ code: ErrorCode.SHUTTING_DOWN });
  });

  it('stop() aborts jobs still running after the grace', async () => {
    const stuck = sleeper(60_000);
    const { runner } = setup([job('stuck', 60_000, stuck.handler)]);
    const outcome = runner.runNow('stuck');
    await sleep(10);
    const started = performance.now();
    await runner.stop(50);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await outcome).toMatchObject({ status: 'failed', reason: 'aborted: fedwatch is shutting down' });
    expect(stuck.stats.aborted).toBe(1);
  });

  it('rejects runNow of an unknown job with NOT_FOUND', async () => {
    const { runner } = setup([]);
    const err = await runner.runNow('nope').catch((e: unknown) => e);
    expect(FedwatchError.is(err, ErrorCode.NOT_FOUND)).toBe(true);
  });
});

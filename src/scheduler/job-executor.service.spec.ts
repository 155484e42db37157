import { beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { FakeJobLock } from '../../test/fakes/fake-job-lock.js';
import { Clock } from './clock.port.js';
import type { JobContext, JobDefinition, JobResult, JobRunOutcome } from './job.types.js';
import { JobExecutor, SKIPPED_ELSEWHERE } from './job-executor.service.js';
import { JobMetrics } from './job.metrics.js';
import { JobStateStore, type JobStateRow } from './job-state.store.js';

class MemoryJobStateStore extends JobStateStore {
  readonly started: string[] = [];
  readonly finished: JobRunOutcome[] = [];
  async markStarted(jobId: string): Promise<void> {
    this.started.push(jobId);
  }
  async recordFinished(outcome: JobRunOutcome): Promise<void> {
    this.finished.push(outcome);
  }
  async findAll(): Promise<JobStateRow[]> {
    return [];
  }
}

/** Every reading is 5 ms after the previous one, so durations are exact. */
class SteppingClock extends Clock {
  private t = Date.parse('2026-01-15T10:00:00Z');
  now(): number {
    return (this.t += 5);
  }
}

const job = (handler: (ctx: JobContext) => Promise<JobResult>): JobDefinition => ({
  id: 'demo',
  description: 'demo',
  defaultSchedule: { intervalMs: 1_000, timeoutMs: 1_000 },
  handler,
});

function setup() {
  const lock = new FakeJobLock();
  const store = new MemoryJobStateStore();
  const registry = new Registry();
  const executor = new JobExecutor(lock, store, new JobMetrics(registry), new SteppingClock(), {
    instanceId: 'replica-1',
    abandonGraceMs: 100,
  });
  const metric = async (name: string, labels: Record<string, string>): Promise<number> => {
    const values = (await registry.getSingleMetric(name)!.get()).values;
    const hit = values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
    return hit?.value ?? 0;
  };
  return { lock, store, executor, metric };
}

const never = new AbortController().signal;

describe('JobExecutor', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('runs under the lock, persists start and outcome, counts a success', async () => {
    const { lock, store, executor, metric } = setup();
    const run = executor.execute(
      job(async () => ({ status: 'succeeded', details: { n: 3 } })),
      1_000,
      never,
    );
    const outcome = await run.outcome;
    expect(outcome).toMatchObject({
      jobId: 'demo',
      status: 'succeeded',
      details: { n: 3 },
      instance: 'replica-1',
    });
    expect(outcome.durationMs).toBe(5);
    await run.done;
    expect(store.started).toEqual(['demo']);
    expect(store.finished).toEqual([outcome]);
    expect(lock.released).toBe(1);
    expect(await metric('fedwatch_job_runs_total', { job_id: 'demo', status: 'succeeded' })).toBe(1);
    expect(await metric('fedwatch_job_last_success_timestamp_seconds', { job_id: 'demo' })).toBeGreaterThan(
      0,
    );
  });

  it('records "running on another replica" as skipped: not a failure, not persisted', async () => {
    const { lock, store, executor, metric } = setup();
    lock.heldElsewhere.add('demo');
    let called = false;
    const outcome = await executor.execute(
      job(async () => ((called = true), { status: 'succeeded' })),
      1_000,
      never,
    ).outcome;
    expect(outcome).toMatchObject({ status: 'skipped', reason: SKIPPED_ELSEWHERE });
    expect(called).toBe(false);
    expect(store.started).toEqual([]);
    expect(store.finished).toEqual([]);
    expect(await metric('fedwatch_job_runs_total', { job_id: 'demo', status: 'skipped' })).toBe(1);
    expect(await metric('fedwatch_job_failures_total', { job_id: 'demo' })).toBe(0);
  });

  it('records a throwing handler as failed with the error message', async () => {
    const { store, executor, metric } = setup();
    const outcome = await executor.execute(
      job(async () => Promise.reject(new Error('boom'))),
      1_000,
      never,
    ).outcome;
    expect(outcome).toMatchObject({ status: 'failed', reason: 'boom' });
    expect(store.finished.map((o) => o.status)).toEqual(['failed']);
    expect(await metric('fedwatch_job_failures_total', { job_id: 'demo' })).toBe(1);
  });

  it('records a timeout without waiting for a handler that ignores the signal, then abandons it', async () => {
    const { lock, store, executor, metric } = setup();
    const run = executor.execute(
      job(() => new Promise<JobResult>(() => undefined)),
      30,
      never,
    );
    expect(await run.outcome).toMatchObject({ status: 'timeout', reason: 'timed out after 30 ms' });
    expect(store.finished.map((o) => o.status)).toEqual(['timeout']);
    expect(await metric('fedwatch_job_failures_total', { job_id: 'demo' })).toBe(1);
    expect(lock.isHeld('demo')).toBe(true); // still held during the abandon grace
    await run.done;
    expect(lock.isHeld('demo')).toBe(false);
  });

  it('fails without running when the lock is unavailable', async () => {
    const { lock, store, executor } = setup();
    lock.failWith = new Error('connection refused');
    const outcome = await executor.execute(
      job(async () => ({ status: 'succeeded' })),
      1_000,
      never,
    ).outcome;
    expect(outcome).toMatchObject({ status: 'failed', reason: 'job lock: connection refused' });
    expect(store.started).toEqual([]);
  });

  it('aborts the handler when the lock is lost and leaves job_state to the new holder', async () => {
    const { lock, store, executor } = setup();
    const run = executor.execute(
      job(
        (ctx) =>
          new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))),
      ),
      5_000,
      never,
    );
    while (!lock.isHeld('demo')) await new Promise((resolve) => setTimeout(resolve, 1));
    lock.loseLock('demo');
    expect(await run.outcome).toMatchObject({
      status: 'failed',
      reason: 'aborted: job lock lost: connection terminated',
    });
    expect(store.started).toEqual(['demo']);
    expect(store.finished).toEqual([]);
  });
});

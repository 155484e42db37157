import { describe, expect, it } from '@jest/globals';
import type { JobContext, JobDefinition, JobResult } from './job.types.js';
import { invokeHandler } from './job.invocation.js';

const job = (handler: (ctx: JobContext) => Promise<JobResult>): JobDefinition => ({
  id: 'demo',
  description: 'demo',
  defaultSchedule: { intervalMs: 1_000, timeoutMs: 1_000 },
  handler,
});
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('invokeHandler', () => {
  it('passes the handler result through', async () => {
    const inv = invokeHandler(
      job(async () => ({ status: 'skipped', reason: 'no sources', details: { n: 0 } })),
      {
        timeoutMs: 1_000,
        abortOn: [],
      },
    );
    expect(await inv.result).toEqual({ status: 'skipped', reason: 'no sources', details: { n: 0 } });
  });

  it('records a handler that throws (also synchronously) as failed with its message', async () => {
    const rejects = invokeHandler(
      job(async () => Promise.reject(new Error('boom'))),
      { timeoutMs: 1_000, abortOn: [] },
    );
    expect(await rejects.result).toEqual({ status: 'failed', reason: 'boom' });
    const throws = invokeHandler(
      job(() => {
        throw new Error('sync boom');
      }),
      { timeoutMs: 1_000, abortOn: [] },
    );
    expect(await throws.result).toEqual({ status: 'failed', reason: 'sync boom' });
  });

  it('records an invalid return value as failed', async () => {
    const inv = invokeHandler(
      job(async () => ({ status: 'ok' }) as unknown as JobResult),
      {
        timeoutMs: 1_000,
        abortOn: [],
      },
    );
    expect((await inv.result).status).toBe('failed');
  });

  it('times out at the deadline and aborts the signal, even when the handler ignores it', async () => {
    let signal: AbortSignal | undefined;
    let release!: () => void;
    const inv = invokeHandler(
      job(async (ctx) => {
        signal = ctx.signal;
        await new Promise<void>((resolve) => (release = resolve)); // ignores the signal
        return { status: 'succeeded' };
      }),
      { timeoutMs: 50, abortOn: [] },
    );
    const started = performance.now();
    expect(await inv.result).toEqual({ status: 'timeout', reason: 'timed out after 50 ms' });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(signal?.aborted).toBe(true);
    let settled = false;
    void inv.settled.then(() => (settled = true));
    await sleep(10);
    expect(settled).toBe(false);
    release();
    await inv.settled;
  });

  it('aborts on an external signal with its reason', async () => {
    const stop = new AbortController();
    const inv = invokeHandler(
      job(
        (ctx) =>
          new Promise((_, reject) =>
            ctx.signal.addEventListener('abort', () => reject(new Error('aborted by signal'))),
          ),
      ),
      { timeoutMs: 5_000, abortOn: [stop.signal] },
    );
    stop.abort(new Error('shutting down'));
    expect(await inv.result).toEqual({ status: 'failed', reason: 'aborted: shutting down' });
  });
});

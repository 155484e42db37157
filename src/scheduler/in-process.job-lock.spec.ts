import { describe, expect, it } from '@jest/globals';
import { InProcessJobLock } from './in-process.job-lock.js';

describe('InProcessJobLock', () => {
  it('excludes a second holder of the same job until release', async () => {
    const lock = new InProcessJobLock();
    const first = await lock.tryAcquire('a');
    expect(first).not.toBeNull();
    expect(await lock.tryAcquire('a')).toBeNull();
    expect(await lock.tryAcquire('b')).not.toBeNull();
    await first!.release();
    await first!.release(); // idempotent: must not release someone else's later acquisition
    const again = await lock.tryAcquire('a');
    expect(again).not.toBeNull();
    await first!.release();
    expect(await lock.tryAcquire('a')).toBeNull();
  });

  it('grants nothing after close', async () => {
    const lock = new InProcessJobLock();
    await lock.close();
    expect(await lock.tryAcquire('a')).toBeNull();
  });
});

import { describe, expect, it } from '@jest/globals';
import { Wakeup } from './wakeup.js';

const elapsed = async (p: Promise<void>): Promise<number> => {
  const start = Date.now();
  await p;
  return Date.now() - start;
};

describe('Wakeup', () => {
  it('ends a wait after its time when nobody wakes it', async () => {
    expect(await elapsed(new Wakeup().wait(50))).toBeGreaterThanOrEqual(40);
  });

  it('ends a wait at once on wake()', async () => {
    const w = new Wakeup();
    const waiting = w.wait(10_000);
    w.wake();
    expect(await elapsed(waiting)).toBeLessThan(1000);
  });

  it('remembers one wake that came while nobody waited', async () => {
    const w = new Wakeup();
    w.wake();
    w.wake();
    expect(await elapsed(w.wait(10_000))).toBeLessThan(1000);
    expect(await elapsed(w.wait(50))).toBeGreaterThanOrEqual(40);
  });
});

import { describe, expect, it } from '@jest/globals';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

describe('ConcurrencyLimiter', () => {
  it('admits at most `limit` holders per key, FIFO, and keys are independent', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const order: string[] = [];
    const a1 = await limiter.acquire('a');
    const a2 = await limiter.acquire('a');
    const b1 = await limiter.acquire('b');
    const a3 = limiter.acquire('a').then((release) => (order.push('a3'), release));
    const a4 = limiter.acquire('a').then((release) => (order.push('a4'), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    a1();
    a1(); // releasing twice is harmless
    (await a3)();
    a2();
    (await a4)();
    b1();
    expect(order).toEqual(['a3', 'a4']);
  });

  it('rejects a limit below 1', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(RangeError);
  });
});

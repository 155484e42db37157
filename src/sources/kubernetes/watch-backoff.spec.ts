import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_WATCH_BACKOFF, watchRetryDelayMs, watchTimeoutSeconds } from './watch-backoff.js';

describe('watchRetryDelayMs', () => {
  it('doubles from the base up to the cap, with half of each step random', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(watchRetryDelayMs(policy, 1, () => 0)).toBe(50);
    expect(watchRetryDelayMs(policy, 1, () => 1)).toBe(100);
    expect(watchRetryDelayMs(policy, 3, () => 1)).toBe(400);
    expect(watchRetryDelayMs(policy, 10, () => 1)).toBe(1000);
    expect(watchRetryDelayMs(policy, 10_000, () => 0.5)).toBe(750);
  });

  it('stays within [step/2, step] for any attempt and random value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ noNaN: false }), (attempt, r) => {
        const d = watchRetryDelayMs(DEFAULT_WATCH_BACKOFF, attempt, () => r);
        expect(d).toBeGreaterThanOrEqual(DEFAULT_WATCH_BACKOFF.baseDelayMs / 2);
        expect(d).toBeLessThanOrEqual(DEFAULT_WATCH_BACKOFF.maxDelayMs);
      }),
    );
  });
});

describe('watchTimeoutSeconds', () => {
  it('spreads over [min, 2·min)', () => {
    expect(watchTimeoutSeconds(300, () => 0)).toBe(300);
    expect(watchTimeoutSeconds(300, () => 0.9999)).toBe(599);
  });
});

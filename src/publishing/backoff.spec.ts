import { describe, expect, it } from '@jest/globals';
import { backoffSeconds } from './backoff.js';

describe('backoffSeconds', () => {
  it('doubles with each failure: 2 s after the first, 4 s after the second', () => {
    expect(backoffSeconds(1, 900, () => 0)).toBe(2);
    expect(backoffSeconds(2, 900, () => 0)).toBe(4);
    expect(backoffSeconds(5, 900, () => 0)).toBe(32);
  });

  it('never exceeds the ceiling, jitter included', () => {
    expect(backoffSeconds(20, 900, () => 0)).toBe(900);
    expect(backoffSeconds(1000, 900, () => 0)).toBe(900);
    expect(backoffSeconds(20, 900, () => 0.999)).toBeLessThanOrEqual(900);
  });

  it('jitter shortens by at most 20 %, so a later failure always waits longer (below the ceiling)', () => {
    for (let attempts = 1; attempts < 9; attempts++) {
      const longestNow = backoffSeconds(attempts, 900, () => 0);
      const shortestNext = backoffSeconds(attempts + 1, 900, () => 1);
      expect(shortestNext).toBeGreaterThan(longestNow);
      expect(backoffSeconds(attempts, 900, () => 1)).toBeCloseTo(0.8 * longestNow);
    }
  });

  it('treats odd random values and attempt counts safely', () => {
    expect(backoffSeconds(0, 900, () => 0)).toBe(1);
    expect(backoffSeconds(-3, 900, () => 0)).toBe(1);
    expect(backoffSeconds(1, 900, () => Number.NaN)).toBe(2);
    expect(backoffSeconds(1, 900, () => 7)).toBeCloseTo(1.6);
  });
});

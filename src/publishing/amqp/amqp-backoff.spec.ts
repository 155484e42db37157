import { describe, expect, it } from '@jest/globals';
import { reconnectDelayMs } from './amqp-backoff.js';

const policy = { initialDelayMs: 1_000, maxDelayMs: 60_000 };

describe('reconnectDelayMs', () => {
  it('doubles per attempt between half and all of the base delay', () => {
    expect(reconnectDelayMs(1, policy, () => 0)).toBe(500);
    expect(reconnectDelayMs(1, policy, () => 1)).toBe(1_000);
    expect(reconnectDelayMs(2, policy, () => 0)).toBe(1_000);
    expect(reconnectDelayMs(4, policy, () => 1)).toBe(8_000);
  });

  it('never exceeds the maximum, even after very many attempts', () => {
    for (const attempt of [7, 8, 50, 10_000]) {
      expect(reconnectDelayMs(attempt, policy, () => 0.999)).toBeLessThanOrEqual(60_000);
      expect(reconnectDelayMs(attempt, policy, () => 0)).toBe(30_000);
    }
  });

  it('spreads replicas that retry together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => reconnectDelayMs(3, policy)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

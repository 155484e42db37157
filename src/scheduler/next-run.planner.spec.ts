import { describe, expect, it } from '@jest/globals';
import { jitterMs, MAX_JITTER_MS, planNextRun, seededRandom } from './next-run.planner.js';

const NOW = Date.parse('2026-01-15T10:00:00Z');

describe('planNextRun', () => {
  it('runs an interval after the interval plus at most 10% jitter', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 1_000; i++) {
      const at = planNextRun({ kind: 'interval', intervalMs: 60_000 }, NOW, random)!;
      expect(at - NOW).toBeGreaterThanOrEqual(60_000);
      expect(at - NOW).toBeLessThan(66_000);
    }
  });

  it('caps jitter at 30 s for long intervals, including the extreme random values', () => {
    const day = 86_400_000;
    expect(planNextRun({ kind: 'interval', intervalMs: day }, NOW, () => 0)).toBe(NOW + day);
    const late = planNextRun({ kind: 'interval', intervalMs: day }, NOW, () => 0.999_999)!;
    expect(late - NOW - day).toBeLessThan(MAX_JITTER_MS);
    expect(late - NOW - day).toBeGreaterThan(MAX_JITTER_MS - 10);
  });

  it('never runs a cron job before its time, and jitters by at most 10% of its period', () => {
    const tenMinutes = { kind: 'cron', cron: '*/10 * * * *' } as const; // period 10 min → jitter < 60 s → capped 30 s
    const base = Date.parse('2026-01-15T10:10:00Z');
    const random = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const at = planNextRun(tenMinutes, NOW + 1, random)!;
      expect(at).toBeGreaterThanOrEqual(base);
      expect(at - base).toBeLessThan(MAX_JITTER_MS);
    }
    const everySecond = { kind: 'cron', cron: '* * * * * *' } as const; // period 1 s → jitter < 100 ms
    expect(planNextRun(everySecond, NOW, () => 0.999)! - (NOW + 1000)).toBeLessThan(100);
  });

  it('returns null for a cron expression without a future time', () => {
    expect(planNextRun({ kind: 'cron', cron: '0 0 30 2 *' }, NOW, () => 0)).toBeNull();
  });
});

describe('jitterMs / seededRandom', () => {
  it('is reproducible for a seed and stays in [0, 1)', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const values = Array.from({ length: 100 }, () => a());
    expect(values).toEqual(Array.from({ length: 100 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(90);
    expect(jitterMs(1_000, () => 0.5)).toBe(50);
  });
});

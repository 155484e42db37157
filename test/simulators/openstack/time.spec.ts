import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { microsZ, naiveMicros, parseIso, parseNovaUsageTime, secondsZ } from './time.js';

describe('OpenStack time formats', () => {
  it('format like toISOString, in each service format', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(secondsZ(ms)).toBe(`${iso.slice(0, 19)}Z`);
        expect(naiveMicros(ms)).toBe(`${iso.slice(0, 23)}000`);
        expect(microsZ(ms)).toBe(`${iso.slice(0, 23)}000Z`);
        expect(parseIso(naiveMicros(ms))).toBe(ms);
        expect(parseIso(secondsZ(ms))).toBe(Math.floor(ms / 1000) * 1000);
      }),
    );
  });

  it('parse zones and reject what Nova rejects in usage windows', () => {
    expect(parseIso('2026-11-26T12:00:00+01:00')).toBe(Date.UTC(2026, 10, 26, 11));
    expect(parseIso('2026-11-26')).toBe(Date.UTC(2026, 10, 26));
    expect(parseIso('yesterday')).toBeNull();
    expect(parseNovaUsageTime('2026-11-26T00:00:00')).toBe(Date.UTC(2026, 10, 26));
    expect(parseNovaUsageTime('2026-11-26 00:00:00.5')).toBe(Date.UTC(2026, 10, 26, 0, 0, 0, 500));
    expect(parseNovaUsageTime('2026-11-26T00:00:00Z')).toBeNull();
  });
});

import { describe, expect, it } from '@jest/globals';
import {
  isoUtcSeconds,
  parseUtcMicros,
  utcMonthBounds,
  utcMonthOf,
  wholeSecondsBetween,
} from './utc-time.js';

// Run under TZ=Pacific/Chatham (UTC+13:45) by the unit script: local-time parsing would be off by hours.
describe('UTC time parsing (openstack.md: naive times are UTC)', () => {
  it('reads Nova created (Z), naive OS-SRV-USG/usage/Cinder times and explicit offsets as UTC', () => {
    const expected = Date.UTC(2026, 10, 26, 14, 14, 0) * 1000;
    expect(parseUtcMicros('2026-11-26T14:14:00Z')).toBe(expected);
    expect(parseUtcMicros('2026-11-26T14:14:00.000000')).toBe(expected);
    expect(parseUtcMicros('2026-11-26 14:14:00')).toBe(expected);
    expect(parseUtcMicros('2026-11-26T14:14:00.000000Z')).toBe(expected);
    expect(parseUtcMicros('2026-11-27T03:59:00+13:45')).toBe(expected);
    expect(parseUtcMicros('2026-11-26T12:14:00-0200')).toBe(expected);
    expect(parseUtcMicros('2026-11-26T14:14:00.123456')).toBe(expected + 123456);
    expect(parseUtcMicros('2026-11-26T14:14:00.5')).toBe(expected + 500000);
  });

  it('rejects what is not a time', () => {
    for (const bad of [
      '',
      'yesterday',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00',
      '2026-11-26',
      '0099-01-01T00:00:00',
    ]) {
      expect(parseUtcMicros(bad)).toBeNull();
    }
    expect(parseUtcMicros(null)).toBeNull();
    expect(parseUtcMicros(1793491200)).toBeNull();
  });

  it('formats, truncates and finds months in UTC', () => {
    expect(isoUtcSeconds(1793494800)).toBe('2026-11-01T01:00:00+00:00');
    expect(wholeSecondsBetween(0, 2_999_999)).toBe(2);
    // 1793491199 = 2026-10-31T23:59:59Z, October in UTC (already November in Chatham).
    expect(utcMonthOf(1793491199)).toEqual({ month: 10, year: 2026 });
    expect(utcMonthBounds(Date.UTC(2026, 11, 31, 23) * 1000)).toEqual({
      start: Date.UTC(2026, 11, 1) * 1000,
      next: Date.UTC(2027, 0, 1) * 1000,
    });
  });
});

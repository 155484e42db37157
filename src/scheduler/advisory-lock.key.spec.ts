import { describe, expect, it } from '@jest/globals';
import { advisoryLockKey } from './advisory-lock.key.js';

describe('advisoryLockKey', () => {
  it('is a stable signed 64-bit integer per job id', () => {
    const key = advisoryLockKey('accounting.openstack');
    expect(advisoryLockKey('accounting.openstack')).toBe(key);
    // Pinned: replicas of different versions must agree, so the derivation must never change.
    expect(advisoryLockKey('demo')).toBe('-7138958299975440299');
    const n = BigInt(key);
    expect(n >= -(2n ** 63n) && n < 2n ** 63n).toBe(true);
  });

  it('differs between job ids', () => {
    const keys = new Set(Array.from({ length: 1_000 }, (_, i) => advisoryLockKey(`job-${i}`)));
    expect(keys.size).toBe(1_000);
  });
});

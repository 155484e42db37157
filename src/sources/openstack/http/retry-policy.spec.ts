import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  DEFAULT_RETRY_POLICY,
  isPermanentNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
} from './retry-policy.js';

describe('retry policy', () => {
  it('retries 5xx and 429 only', () => {
    expect([500, 502, 503, 504, 429].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 406, 409, 413].some(isRetryableStatus)).toBe(false);
  });

  it('treats TLS verification failures as permanent, socket errors as transient', () => {
    expect(isPermanentNetworkError('SELF_SIGNED_CERT_IN_CHAIN')).toBe(true);
    expect(isPermanentNetworkError('ECONNRESET')).toBe(false);
    expect(isPermanentNetworkError(undefined)).toBe(false);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('honours Retry-After up to the cap', () => {
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, () => 0.5, 2_000)).toBe(2_000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, () => 0.5, 3_600_000)).toBe(
      DEFAULT_RETRY_POLICY.maxRetryAfterMs,
    );
  });

  it('backs off exponentially with equal jitter, never above maxDelayMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, r) => {
          const step = Math.min(
            DEFAULT_RETRY_POLICY.maxDelayMs,
            DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1),
          );
          const delay = retryDelayMs(DEFAULT_RETRY_POLICY, attempt, () => r);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(step / 2));
          expect(delay).toBeLessThanOrEqual(step);
        },
      ),
    );
  });
});

import { describe, expect, it } from '@jest/globals';
import type { ApiConfig } from '../../config/config.types.js';
import { ErrorCode, FedwatchError } from '../errors/index.js';
import { TokenAuthenticator, type Principal } from './token-authenticator.js';

const READ_TOKEN = 'read-secret-0123456789';
const ADMIN_TOKEN = 'admin-secret-abcdefghijklmnop';

function withTokens(auth: ApiConfig['auth'] = 'tokens'): TokenAuthenticator {
  return new TokenAuthenticator({
    auth,
    tokens: [
      { name: 'dashboard', role: 'read', token: READ_TOKEN },
      { name: 'operator', role: 'admin', token: ADMIN_TOKEN },
    ],
  });
}

/** Runs fn and returns the FedwatchError it throws (fails the test if it throws nothing else). */
function thrown(fn: () => unknown): FedwatchError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FedwatchError);
    return err as FedwatchError;
  }
  throw new Error('expected a FedwatchError, nothing was thrown');
}

describe('TokenAuthenticator', () => {
  describe('open mode', () => {
    it('is open without tokens and treats any caller as admin', () => {
      const auth = new TokenAuthenticator({ auth: 'tokens', tokens: [] });
      expect(auth.open).toBe(true);
      expect(auth.authenticate(undefined)).toEqual({ name: 'anonymous', role: 'admin' });
      expect(auth.authenticate('Bearer whatever')).toEqual({ name: 'anonymous', role: 'admin' });
    });

    it('is open with `auth: none` even when tokens are configured', () => {
      const auth = withTokens('none');
      expect(auth.open).toBe(true);
      expect(auth.authenticate(undefined)).toEqual({ name: 'anonymous', role: 'admin' });
      expect(auth.authenticate('Bearer not-a-configured-token').role).toBe('admin');
    });

    it('is not open when tokens are configured and auth is `tokens`', () => {
      expect(withTokens().open).toBe(false);
    });
  });

  describe('authenticate', () => {
    const auth = withTokens();

    it('returns the name and role of the matching token', () => {
      expect(auth.authenticate(`Bearer ${READ_TOKEN}`)).toEqual({ name: 'dashboard', role: 'read' });
      expect(auth.authenticate(`Bearer ${ADMIN_TOKEN}`)).toEqual({ name: 'operator', role: 'admin' });
    });

    it('accepts the scheme in any case', () => {
      expect(auth.authenticate(`bearer ${READ_TOKEN}`).name).toBe('dashboard');
      expect(auth.authenticate(`BEARER ${ADMIN_TOKEN}`).name).toBe('operator');
      expect(auth.authenticate(`BeArEr ${READ_TOKEN}`).name).toBe('dashboard');
    });

    it('ignores surrounding whitespace and extra spaces after the scheme', () => {
      expect(auth.authenticate(`  Bearer ${READ_TOKEN}  `).name).toBe('dashboard');
      expect(auth.authenticate(`Bearer \t  ${ADMIN_TOKEN}\n`).name).toBe('operator');
    });

    it.each([
      ['a missing header', undefined],
      ['an empty header', ''],
      ['only whitespace', '   '],
      ['the scheme without a token', 'Bearer'],
      ['the scheme and blanks', 'Bearer    '],
      ['another scheme', `Basic ${READ_TOKEN}`],
      ['a bare token', READ_TOKEN],
      ['the scheme glued to the token', `Bearer${READ_TOKEN}`],
    ])('rejects %s as UNAUTHENTICATED', (_label, header) => {
      const err = thrown(() => auth.authenticate(header));
      expect(err.code).toBe(ErrorCode.UNAUTHENTICATED);
    });

    it('rejects an unknown token as UNAUTHENTICATED', () => {
      const err = thrown(() => auth.authenticate('Bearer not-a-configured-token'));
      expect(err.code).toBe(ErrorCode.UNAUTHENTICATED);
      expect(err.message).toBe('invalid token');
    });

    it('rejects a token that only differs by case or is a prefix of a real one', () => {
      expect(thrown(() => auth.authenticate(`Bearer ${READ_TOKEN.toUpperCase()}`)).code).toBe(
        ErrorCode.UNAUTHENTICATED,
      );
      expect(thrown(() => auth.authenticate(`Bearer ${READ_TOKEN.slice(0, -1)}`)).code).toBe(
        ErrorCode.UNAUTHENTICATED,
      );
    });

    it('compares tokens of any length without throwing a RangeError (digests, not raw bytes)', () => {
      for (const given of ['x', 'a'.repeat(5), `${READ_TOKEN}-longer`, 'z'.repeat(10_000)]) {
        const err = thrown(() => auth.authenticate(`Bearer ${given}`));
        expect(err.code).toBe(ErrorCode.UNAUTHENTICATED);
      }
    });
  });

  describe('authorize', () => {
    const auth = withTokens();
    const reader: Principal = auth.authenticate(`Bearer ${READ_TOKEN}`);
    const admin: Principal = auth.authenticate(`Bearer ${ADMIN_TOKEN}`);

    it('lets a read principal do read things and an admin do everything', () => {
      expect(() => auth.authorize(reader, 'read')).not.toThrow();
      expect(() => auth.authorize(admin, 'read')).not.toThrow();
      expect(() => auth.authorize(admin, 'admin')).not.toThrow();
    });

    it('refuses a read principal on an admin action with FORBIDDEN, naming but not leaking the token', () => {
      const err = thrown(() => auth.authorize(reader, 'admin'));
      expect(err.code).toBe(ErrorCode.FORBIDDEN);
      expect(err.message).toContain('dashboard');
      for (const secret of [READ_TOKEN, ADMIN_TOKEN]) {
        expect(err.message).not.toContain(secret);
        expect(JSON.stringify(err)).not.toContain(secret);
      }
    });
  });
});

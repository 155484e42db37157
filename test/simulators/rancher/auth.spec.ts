import { describe, expect, it } from '@jest/globals';
import { presentedToken } from './auth.js';

const token = 'token-abcde:s3cr3t?>?';

describe('presented API key (§3.1)', () => {
  it('reads Bearer with any case of the prefix', () => {
    expect(presentedToken({ authorization: `Bearer ${token}` })).toEqual({ scheme: 'bearer', token });
    expect(presentedToken({ authorization: `bEaReR ${token}` }).token).toBe(token);
  });

  it('decodes Basic with the URL-safe alphabet only', () => {
    const std = Buffer.from(token).toString('base64');
    const safe = Buffer.from(token).toString('base64url');
    expect(std).toMatch(/[+/]/); // the point of this token: both alphabets differ
    expect(presentedToken({ authorization: `Basic ${safe}` })).toEqual({ scheme: 'basic', token });
    expect(presentedToken({ authorization: `Basic ${std}` })).toEqual({ scheme: 'basic', token: null });
  });

  it('falls back to the R_SESS cookie only without an Authorization header', () => {
    expect(presentedToken({ cookie: `a=b; R_SESS=${encodeURIComponent(token)}` })).toEqual({
      scheme: 'cookie',
      token,
    });
    expect(presentedToken({ authorization: 'Digest x', cookie: `R_SESS=${token}` })).toEqual({
      scheme: 'none',
      token: null,
    });
    expect(presentedToken({})).toEqual({ scheme: 'none', token: null });
  });
});

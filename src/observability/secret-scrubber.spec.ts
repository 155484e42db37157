import { describe, expect, it } from '@jest/globals';
import { SecretScrubber } from './secret-scrubber.js';

describe('SecretScrubber', () => {
  it('masks every occurrence of every secret', () => {
    const scrubber = new SecretScrubber(['hunter22', 's3cr3t-token']);
    expect(scrubber.scrub('a hunter22 b hunter22 c s3cr3t-token hunter22hunter22')).toBe(
      'a *** b *** c *** ******',
    );
  });

  it('leaves text without secrets untouched', () => {
    const scrubber = new SecretScrubber(['hunter22']);
    expect(scrubber.scrub('nothing to see here')).toBe('nothing to see here');
    expect(new SecretScrubber().scrub('no secrets at all')).toBe('no secrets at all');
  });

  it('masks a secret containing another one as a whole, whatever order they were added in', () => {
    for (const order of [
      ['abcd', 'abcdefgh-long'],
      ['abcdefgh-long', 'abcd'],
    ]) {
      const scrubber = new SecretScrubber(order);
      expect(scrubber.scrub('x=abcdefgh-long y=abcd')).toBe('x=*** y=***');
    }
  });

  it('keeps longest-first order across several add() calls', () => {
    const scrubber = new SecretScrubber(['pass']);
    scrubber.add(['password-123']);
    expect(scrubber.scrub('password-123 / pass')).toBe('*** / ***');
  });

  it('masks the JSON-escaped form of a secret with a quote or a backslash in it', () => {
    const quoted = 'pa"ss"word';
    const backslashed = 'C:\\keys\\prod';
    const scrubber = new SecretScrubber([quoted, backslashed]);
    const line = JSON.stringify({ msg: `login with ${quoted}`, path: backslashed });
    // Sanity: the raw secrets do not occur in the line, only their escaped forms.
    expect(line).not.toContain(quoted);
    expect(line).not.toContain(backslashed);
    const out = scrubber.scrub(line);
    expect(out).toBe('{"msg":"login with ***","path":"***"}');
    expect(JSON.parse(out)).toEqual({ msg: 'login with ***', path: '***' });
  });

  it('masks the raw and the escaped form in the same text', () => {
    const secret = 'tab\there';
    const scrubber = new SecretScrubber([secret]);
    expect(scrubber.scrub(`raw ${secret} escaped ${JSON.stringify(secret)}`)).toBe('raw *** escaped "***"');
  });

  it('ignores values shorter than 4 characters and empty ones', () => {
    const scrubber = new SecretScrubber(['', 'a', 'ab', 'abc']);
    expect(scrubber.scrub('a cab abc bab')).toBe('a cab abc bab');
    scrubber.add(['abcd']);
    expect(scrubber.scrub('abc abcd abcde')).toBe('abc *** ***e');
  });

  it('accepts any iterable and de-duplicates', () => {
    const scrubber = new SecretScrubber(new Set(['token-1234']));
    scrubber.add(['token-1234', 'token-1234']);
    expect(scrubber.scrub('token-1234 token-1234')).toBe('*** ***');
  });
});

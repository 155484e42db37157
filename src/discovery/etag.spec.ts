import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { etagOf, ifNoneMatchHits } from './etag.js';

describe('etagOf / ifNoneMatchHits', () => {
  const etag = etagOf('{"Share": []}');

  it('is the quoted SHA-256 of the UTF-8 body: a strong validator', () => {
    expect(etag).toBe(`"${createHash('sha256').update('{"Share": []}').digest('hex')}"`);
    expect(etagOf('{"Name": "ä"}')).not.toBe(etagOf('{"Name": "a"}'));
  });

  it('matches the tag in a list, weakly, or *', () => {
    expect(ifNoneMatchHits(etag, etag)).toBe(true);
    expect(ifNoneMatchHits(`"other", ${etag}`, etag)).toBe(true);
    expect(ifNoneMatchHits(`W/${etag}`, etag)).toBe(true);
    expect(ifNoneMatchHits('*', etag)).toBe(true);
    expect(ifNoneMatchHits('"other"', etag)).toBe(false);
    expect(ifNoneMatchHits(etag.slice(1, -1), etag)).toBe(false);
    expect(ifNoneMatchHits(undefined, etag)).toBe(false);
    expect(ifNoneMatchHits('', etag)).toBe(false);
  });
});

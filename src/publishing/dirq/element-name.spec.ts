import { describe, expect, it } from '@jest/globals';
import { BUCKET_NAME, ELEMENT_NAME, bucketName, elementName } from './element-name.js';

// 0x6924a1f3 = 1764008435 s; rounded down to the minute: 1764008400 = 0x6924a1d0.
const t = (seconds: number, ms = 0): Date => new Date(seconds * 1000 + ms);

describe('bucketName', () => {
  it('is the Unix time rounded down to the minute, as 8 hex digits', () => {
    expect(bucketName(t(0x6924a1f3, 999))).toBe('6924a1d0');
    expect(bucketName(t(1764008400))).toBe('6924a1d0');
    expect(bucketName(t(1764008399, 999))).toBe('6924a194');
    expect(bucketName(t(60))).toBe('0000003c');
    expect(bucketName(new Date())).toMatch(BUCKET_NAME);
  });
});

describe('elementName', () => {
  const us = (seconds: number, micros: number): number => seconds * 1_000_000 + micros;

  it('is %08x%05x%01x of seconds, microseconds and the writer digit', () => {
    const name = elementName(us(0x6924a1f3, 123456), 7);
    expect(name).toBe('6924a1f3' + '1e240' + '7');
    expect(name).toMatch(ELEMENT_NAME);
  });

  it('keeps 14 digits at the extremes of one second', () => {
    expect(elementName(us(1, 0), 0)).toBe('00000001000000');
    expect(elementName(us(1, 999_999), 15)).toBe('00000001f423ff');
  });

  it('sorts in time order, as SSM sends them', () => {
    const a = elementName(us(0x6924a1f3, 999_999), 15);
    const b = elementName(us(0x6924a1f4, 0), 0);
    expect([b, a].sort()).toEqual([a, b]);
  });
});

import { describe, expect, it } from '@jest/globals';
import {
  contentOf,
  decodeObjectIdentifier,
  decodeTime,
  objectIdentifier,
  octetString,
  readChildren,
  readTlv,
  sequence,
  setOf,
  smallInteger,
  time,
} from './der.codec.js';

const hex = (buf: Buffer): string => buf.toString('hex');

describe('DER writer', () => {
  it('encodes object identifiers as in the RFCs', () => {
    expect(hex(objectIdentifier('2.16.840.1.101.3.4.2.1'))).toBe('0609608648016503040201'); // sha256
    expect(hex(objectIdentifier('1.2.840.113549.1.7.2'))).toBe('06092a864886f70d010702'); // signedData
    expect(hex(objectIdentifier('0.9.2342.19200300.100.1.25'))).toBe('060a0992268993f22c640119'); // DC
  });

  it('uses short lengths up to 127 and long form above', () => {
    expect(hex(octetString(Buffer.alloc(127))).slice(0, 4)).toBe('047f');
    expect(hex(octetString(Buffer.alloc(128))).slice(0, 6)).toBe('048180');
    expect(hex(octetString(Buffer.alloc(256))).slice(0, 8)).toBe('04820100');
    expect(octetString(Buffer.alloc(70_000)).subarray(0, 5)).toEqual(
      Buffer.from([0x04, 0x83, 0x01, 0x11, 0x70]),
    );
  });

  it('orders SET OF elements by their encodings', () => {
    const long = sequence(smallInteger(1), smallInteger(2));
    const short = sequence(smallInteger(9));
    expect(setOf(long, short)).toEqual(Buffer.concat([Buffer.from([0x31, 13]), short, long]));
  });

  it('writes UTCTime for 1950–2049 and GeneralizedTime otherwise, in whole seconds', () => {
    expect(time(new Date('2026-11-01T10:00:59.999Z')).toString('latin1', 2)).toBe('261101100059Z');
    expect(time(new Date('2026-11-01T10:00:00Z'))[0]).toBe(0x17);
    expect(time(new Date('2050-01-01T00:00:00Z'))).toEqual(Buffer.from('\x18\x0f20500101000000Z', 'latin1'));
    expect(time(new Date('1949-12-31T23:59:59Z'))[0]).toBe(0x18);
  });

  it('refuses integers it was not written for', () => {
    expect(() => smallInteger(128)).toThrow(RangeError);
    expect(() => smallInteger(-1)).toThrow(RangeError);
  });
});

describe('DER reader', () => {
  it('reads back what the writer wrote', () => {
    const der = sequence(objectIdentifier('1.2.840.113549.1.9.4'), octetString(Buffer.alloc(300, 7)));
    const root = readTlv(der, 0);
    expect(root).toMatchObject({ tag: 0x30, start: 0, end: der.length });
    const [oid, octets] = readChildren(der, root);
    expect(decodeObjectIdentifier(contentOf(der, oid))).toBe('1.2.840.113549.1.9.4');
    expect(contentOf(der, octets)).toEqual(Buffer.alloc(300, 7));
  });

  it('reads both time types, UTCTime years below 50 as 20YY', () => {
    const read = (der: Buffer): Date => decodeTime(der, readTlv(der, 0));
    expect(read(time(new Date('2026-11-01T10:00:59Z')))).toEqual(new Date('2026-11-01T10:00:59Z'));
    expect(read(Buffer.from('\x17\x0d500101000000Z', 'latin1'))).toEqual(new Date('1950-01-01T00:00:00Z'));
    expect(read(Buffer.from('\x17\x0d491231235959Z', 'latin1'))).toEqual(new Date('2049-12-31T23:59:59Z'));
    expect(read(time(new Date('2100-02-03T04:05:06Z')))).toEqual(new Date('2100-02-03T04:05:06Z'));
  });

  it('refuses truncated, indefinite-length and malformed input', () => {
    expect(() => readTlv(Buffer.from([0x30, 0x05, 0x01]), 0)).toThrow(/truncated/);
    expect(() => readTlv(Buffer.from([0x30, 0x80, 0x00, 0x00]), 0)).toThrow(/indefinite/);
    expect(() =>
      decodeTime(
        Buffer.from('\x17\x0b2611011000Z', 'latin1'),
        readTlv(Buffer.from('\x17\x0b2611011000Z', 'latin1'), 0),
      ),
    ).toThrow(/unsupported time/);
  });
});

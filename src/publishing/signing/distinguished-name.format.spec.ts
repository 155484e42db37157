import { describe, expect, it } from '@jest/globals';
import { objectIdentifier, sequence, tlv } from './der.codec.js';
import { formatSlashDn } from './distinguished-name.format.js';

const PRINTABLE = 0x13;
const UTF8 = 0x0c;
const IA5 = 0x16;

type Attribute = [oid: string, tag: number, value: string];
/** A Name from RDNs, each a list of attributes (kept in the given order, as a certificate has them). */
const name = (...rdns: Attribute[][]): Buffer =>
  sequence(
    ...rdns.map((rdn) =>
      tlv(
        0x31,
        ...rdn.map(([oid, tag, value]) =>
          sequence(objectIdentifier(oid), tlv(tag, Buffer.from(value, 'utf8'))),
        ),
      ),
    ),
  );

const DC: [string, number] = ['0.9.2342.19200300.100.1.25', IA5];
const C: [string, number] = ['2.5.4.6', PRINTABLE];
const O: [string, number] = ['2.5.4.10', UTF8];
const CN: [string, number] = ['2.5.4.3', UTF8];

describe('formatSlashDn', () => {
  it('writes a grid host DN in the legacy slash form, in certificate order', () => {
    const dn = name(
      [[...DC, 'org']],
      [[...DC, 'terena']],
      [[...C, 'CZ']],
      [[...O, 'CESNET']],
      [[...CN, 'cloud.example.cz']],
    );
    expect(formatSlashDn(dn)).toBe('/DC=org/DC=terena/C=CZ/O=CESNET/CN=cloud.example.cz');
  });

  it('escapes non-ASCII bytes as \\xHH, and / and + with a backslash', () => {
    const dn = name([[...O, 'Ústav/Lab+1']], [[...CN, 'tab\there']]);
    expect(formatSlashDn(dn)).toBe('/O=\\xC3\\x9Astav\\/Lab\\+1/CN=tab\\x09here');
  });

  it('joins the attributes of a multi-valued RDN with +', () => {
    const dn = name(
      [[...C, 'CZ']],
      [
        [...CN, 'a'],
        ['0.9.2342.19200300.100.1.1', UTF8, 'b'],
      ],
    );
    expect(formatSlashDn(dn)).toBe('/C=CZ/CN=a+UID=b');
  });

  it('names emailAddress and serialNumber as OpenSSL does, unknown types by OID', () => {
    const dn = name(
      [['1.2.840.113549.1.9.1', IA5, 'ops@example.org']],
      [['2.5.4.5', PRINTABLE, '12']],
      [['1.2.3.4', UTF8, 'x']],
    );
    expect(formatSlashDn(dn)).toBe('/emailAddress=ops@example.org/serialNumber=12/1.2.3.4=x');
  });

  it('is empty for an empty Name', () => {
    expect(formatSlashDn(sequence())).toBe('');
  });
});

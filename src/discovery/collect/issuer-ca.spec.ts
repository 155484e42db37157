import { describe, expect, it } from '@jest/globals';
import {
  contextTag,
  objectIdentifier,
  sequence,
  smallInteger,
  time,
  tlv,
} from '../../publishing/signing/der.codec.js';
import { issuerDnOf } from './issuer-ca.js';

const UTF8 = 0x0c;
const PRINTABLE = 0x13;
const IA5 = 0x16;
const OID: Record<string, [string, number]> = {
  C: ['2.5.4.6', PRINTABLE],
  O: ['2.5.4.10', UTF8],
  OU: ['2.5.4.11', UTF8],
  CN: ['2.5.4.3', UTF8],
  DC: ['0.9.2342.19200300.100.1.25', IA5],
};

/** A Name from RDNs given as `[type, value]` lists, in the given (certificate) order. */
const name = (...rdns: [string, string][][]): Buffer =>
  sequence(
    ...rdns.map((rdn) =>
      tlv(
        0x31,
        ...rdn.map(([type, value]) =>
          sequence(objectIdentifier(OID[type]![0]), tlv(OID[type]![1], Buffer.from(value, 'utf8'))),
        ),
      ),
    ),
  );

/** The DER of a (v3, unsigned) certificate with this issuer: all `issuerDnOf` reads. */
function certificate(issuer: Buffer): Buffer {
  const algorithm = sequence(objectIdentifier('1.2.840.10045.4.3.2'));
  const validity = sequence(time(new Date('2026-01-01T00:00:00Z')), time(new Date('2027-01-01T00:00:00Z')));
  const subject = name([['CN', 'keystone.example.org']]);
  const tbs = sequence(contextTag(0, smallInteger(2)), smallInteger(7), algorithm, issuer, validity, subject);
  return sequence(tbs, algorithm, tlv(0x03, Buffer.from([0])));
}

describe('issuerDnOf: the IssuerCA of an endpoint certificate', () => {
  it('writes the issuer in the slash form, in certificate order', () => {
    const issuer = name([['C', 'NL']], [['O', 'GEANT Vereniging']], [['CN', 'GEANT OV RSA CA 4']]);
    expect(issuerDnOf(certificate(issuer))).toBe('/C=NL/O=GEANT Vereniging/CN=GEANT OV RSA CA 4');
  });

  it('keeps repeated and multi-valued attributes where the certificate has them', () => {
    const issuer = name(
      [['DC', 'org']],
      [['DC', 'terena']],
      [['DC', 'tcs']],
      [['C', 'NL']],
      [
        ['O', 'GEANT'],
        ['OU', 'TCS'],
      ],
      [['CN', 'GEANT eScience SSL CA 4']],
    );
    expect(issuerDnOf(certificate(issuer))).toBe(
      '/DC=org/DC=terena/DC=tcs/C=NL/O=GEANT+OU=TCS/CN=GEANT eScience SSL CA 4',
    );
  });

  it('refuses what is not a certificate', () => {
    expect(() => issuerDnOf(sequence(smallInteger(1)))).toThrow();
  });
});

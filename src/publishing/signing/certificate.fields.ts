import { bytesOf, decodeTime, readChildren, readTlv } from './der.codec.js';

/** What signing needs from an X.509 certificate (RFC 5280 §4.1), read from its DER. */
export interface CertificateFields {
  /** The serialNumber INTEGER, tag and length included: reused as is in IssuerAndSerialNumber. */
  serialNumber: Buffer;
  /** The issuer Name, encoded exactly as in the certificate (signers are matched byte for byte). */
  issuer: Buffer;
  subject: Buffer;
  notBefore: Date;
  notAfter: Date;
}

export function readCertificateFields(der: Buffer): CertificateFields {
  const certificate = readTlv(der, 0);
  const [tbs] = readChildren(der, certificate);
  const fields = readChildren(der, tbs);
  // version is `[0] EXPLICIT` and absent from v1 certificates.
  const at = fields[0]?.tag === 0xa0 ? 1 : 0;
  const [serial, , issuer, validity, subject] = fields.slice(at, at + 5);
  if (!subject || serial.tag !== 0x02 || issuer.tag !== 0x30 || subject.tag !== 0x30) {
    throw new RangeError('not an X.509 certificate');
  }
  const [notBefore, notAfter] = readChildren(der, validity);
  return {
    serialNumber: bytesOf(der, serial),
    issuer: bytesOf(der, issuer),
    subject: bytesOf(der, subject),
    notBefore: decodeTime(der, notBefore),
    notAfter: decodeTime(der, notAfter),
  };
}

import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  contentOf,
  decodeObjectIdentifier,
  readChildren,
  readTlv,
  sequence,
  smallInteger,
  tlv,
} from './der.codec.js';
import { OID, buildSignedData, signedAttributes } from './signed-data.builder.js';

const digest = createHash('sha256').update('x').digest();
const when = new Date('2026-11-01T10:00:00Z');

/** The attribute types of a SET OF Attribute, in order. */
function attributeTypes(der: Buffer): string[] {
  return readChildren(der, readTlv(der, 0)).map((attr) => {
    const [type] = readChildren(der, attr);
    return decodeObjectIdentifier(contentOf(der, type));
  });
}

describe('signedAttributes', () => {
  it('holds contentType, signingTime and messageDigest in DER order, as openssl signs them', () => {
    const attrs = signedAttributes(digest, when);
    expect(attrs[0]).toBe(0x31);
    expect(attributeTypes(attrs)).toEqual([OID.contentType, OID.signingTime, OID.messageDigest]);
    expect(attrs.includes(digest)).toBe(true);
    expect(attrs.includes(Buffer.from('261101100000Z'))).toBe(true);
  });
});

describe('buildSignedData', () => {
  const certificate = sequence(smallInteger(0)); // stands in for the certificate DER
  const issuer = sequence(tlv(0x31));
  const serialNumber = tlv(0x02, Buffer.from([0x10, 0x00]));

  function parse(signatureKind: 'rsa' | 'ecdsa') {
    const attributes = signedAttributes(digest, when);
    const der = buildSignedData({
      certificate,
      issuer,
      serialNumber,
      attributes,
      signatureKind,
      signature: Buffer.from('sig'),
    });
    const [type, explicit] = readChildren(der, readTlv(der, 0));
    const [signedData] = readChildren(der, explicit);
    const [version, algorithms, encap, certs, signerInfos] = readChildren(der, signedData);
    const [signerInfo] = readChildren(der, signerInfos);
    return { der, type, version, algorithms, encap, certs, signerInfo, attributes };
  }

  it('is a detached SignedData v1 with the certificate and one SignerInfo', () => {
    const { der, type, version, encap, certs, signerInfo, attributes } = parse('rsa');
    expect(decodeObjectIdentifier(contentOf(der, type))).toBe(OID.signedData);
    expect(contentOf(der, version)).toEqual(Buffer.from([1]));
    // encapContentInfo names id-data and carries no content: the signature is detached.
    expect(readChildren(der, encap)).toHaveLength(1);
    expect(contentOf(der, certs)).toEqual(certificate);
    const [siVersion, sid, , signed, algorithm, signature] = readChildren(der, signerInfo);
    expect(contentOf(der, siVersion)).toEqual(Buffer.from([1]));
    expect(contentOf(der, sid)).toEqual(Buffer.concat([issuer, serialNumber]));
    // [0] IMPLICIT: the signed SET's content under a context tag.
    expect(signed.tag).toBe(0xa0);
    expect(contentOf(der, signed)).toEqual(contentOf(attributes, readTlv(attributes, 0)));
    const [algorithmOid] = readChildren(der, algorithm);
    expect(decodeObjectIdentifier(contentOf(der, algorithmOid))).toBe(OID.rsaEncryption);
    expect(contentOf(der, signature).toString()).toBe('sig');
  });

  it('names ecdsa-with-SHA256 without parameters for EC keys', () => {
    const { der, signerInfo } = parse('ecdsa');
    const algorithm = readChildren(der, signerInfo)[4];
    const parts = readChildren(der, algorithm);
    expect(parts).toHaveLength(1);
    expect(decodeObjectIdentifier(contentOf(der, parts[0]))).toBe(OID.ecdsaWithSha256);
  });
});

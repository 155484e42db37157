import {
  contextTag,
  nullValue,
  objectIdentifier,
  octetString,
  sequence,
  setOf,
  smallInteger,
  time,
} from './der.codec.js';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

export type SignatureKind = 'rsa' | 'ecdsa';

const attribute = (type: string, value: Buffer): Buffer => sequence(objectIdentifier(type), setOf(value));

/**
 * The signed attributes `openssl smime -sign` adds, minus smimeCapabilities (a list of ciphers the
 * signer would accept for replies; the APEL receiver ignores it): contentType, signingTime,
 * messageDigest. Returned as the DER `SET OF` — the exact bytes the signature covers (RFC 5652
 * §5.4); the SignerInfo carries the same content under `[0]`.
 */
export function signedAttributes(contentDigest: Buffer, signingTime: Date): Buffer {
  return setOf(
    attribute(OID.contentType, objectIdentifier(OID.data)),
    attribute(OID.signingTime, time(signingTime)),
    attribute(OID.messageDigest, octetString(contentDigest)),
  );
}

export interface SignerInput {
  /** The signer certificate, DER. */
  certificate: Buffer;
  /** The certificate's issuer Name and serialNumber INTEGER, DER, as they appear in it. */
  issuer: Buffer;
  serialNumber: Buffer;
  /** `signedAttributes(...)`, exactly as signed. */
  attributes: Buffer;
  signatureKind: SignatureKind;
  signature: Buffer;
}

/**
 * A detached PKCS#7 SignedData ContentInfo (RFC 2315 §9; versions 1, as OpenSSL's PKCS7 writes it)
 * with SHA-256 and the signer certificate, laid out as `openssl smime -sign` does.
 */
export function buildSignedData(input: SignerInput): Buffer {
  const sha256 = sequence(objectIdentifier(OID.sha256), nullValue());
  const signatureAlgorithm =
    input.signatureKind === 'rsa'
      ? sequence(objectIdentifier(OID.rsaEncryption), nullValue())
      : sequence(objectIdentifier(OID.ecdsaWithSha256));
  const signerInfo = sequence(
    smallInteger(1),
    sequence(input.issuer, input.serialNumber),
    sha256,
    // IMPLICIT [0] of the SET: same content, context tag instead of SET's.
    contextTag(0, input.attributes.subarray(headerLength(input.attributes))),
    signatureAlgorithm,
    octetString(input.signature),
  );
  const signedData = sequence(
    smallInteger(1),
    setOf(sha256),
    sequence(objectIdentifier(OID.data)),
    contextTag(0, input.certificate),
    setOf(signerInfo),
  );
  return sequence(objectIdentifier(OID.signedData), contextTag(0, signedData));
}

/** Bytes of tag and length in front of a DER element's content. */
function headerLength(der: Buffer): number {
  return der[1] & 0x80 ? 2 + (der[1] & 0x7f) : 2;
}

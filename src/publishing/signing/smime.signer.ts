import { createHash, randomBytes, sign } from 'node:crypto';
import { formatSlashDn } from './distinguished-name.format.js';
import { loadHostCredentials, type HostCredentials } from './host-credentials.loader.js';
import { canonicalSignedPart, multipartSigned } from './smime-mime.builder.js';
import { buildSignedData, signedAttributes } from './signed-data.builder.js';

export interface SmimeSignerOptions {
  /** The time the certificate is checked at. */
  now: Date;
  /** Seconds the certificate must still be valid after `now`; default 86400, SSM's check. */
  minValidSeconds?: number;
  /** Source of the signingTime attribute; default the wall clock. */
  clock?: () => Date;
  /** Source of the MIME boundary; default crypto.randomBytes. */
  randomBytes?: (size: number) => Buffer;
}

/**
 * Signs message bodies as the APEL SSM sender does (`openssl smime -sign -inkey key -signer cert
 * -text`, apel.md §10), in process: one SHA-256 and one private-key operation per message, no child
 * process. The result verifies with `openssl smime -verify` and the APEL receiver.
 */
export class SmimeSigner {
  /** The signer DN in the legacy slash form, as on the APEL server's allow-list (GOCDB Host DN). */
  readonly subjectDn: string;
  readonly notAfter: Date;

  private constructor(
    private readonly credentials: HostCredentials,
    private readonly clock: () => Date,
    private readonly random: (size: number) => Buffer,
  ) {
    this.subjectDn = formatSlashDn(credentials.fields.subject);
    this.notAfter = credentials.fields.notAfter;
  }

  /** @throws FedwatchError CONFIG_INVALID naming the file when a check of SSM's fails. */
  static fromFiles(certPath: string, keyPath: string, options: SmimeSignerOptions): SmimeSigner {
    const credentials = loadHostCredentials(certPath, keyPath, {
      now: options.now,
      minValidSeconds: options.minValidSeconds ?? 86_400,
    });
    return new SmimeSigner(
      credentials,
      options.clock ?? (() => new Date()),
      options.randomBytes ?? randomBytes,
    );
  }

  /** The detached `multipart/signed` document for `body`. */
  sign(body: string): string {
    const { certificate, fields, key, signatureKind } = this.credentials;
    const signedPart = canonicalSignedPart(body);
    const attributes = signedAttributes(createHash('sha256').update(signedPart).digest(), this.clock());
    const signature = sign('sha256', attributes, key);
    const pkcs7 = buildSignedData({
      certificate,
      issuer: fields.issuer,
      serialNumber: fields.serialNumber,
      attributes,
      signatureKind,
      signature,
    });
    const boundary = this.random(16).toString('hex').toUpperCase();
    return multipartSigned(signedPart, pkcs7, boundary).toString('utf8');
  }
}

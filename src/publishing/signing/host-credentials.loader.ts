import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { readCertificateFields, type CertificateFields } from './certificate.fields.js';
import type { SignatureKind } from './signed-data.builder.js';

export interface HostCredentials {
  certificate: Buffer;
  fields: CertificateFields;
  key: KeyObject;
  signatureKind: SignatureKind;
}

export interface CredentialChecks {
  now: Date;
  /** SSM refuses a certificate that expires within 24 h (`openssl x509 -checkend 86400`). */
  minValidSeconds: number;
}

const invalid = (message: string, file: string, cause?: unknown): FedwatchError =>
  new FedwatchError(ErrorCode.CONFIG_INVALID, message, { file }, { cause });

/**
 * Reads and checks the host certificate and key the way SSM does before it signs anything. Errors
 * name the file and the problem, never the key's content.
 */
export function loadHostCredentials(
  certPath: string,
  keyPath: string,
  checks: CredentialChecks,
): HostCredentials {
  const certPem = readText(certPath, 'host certificate');
  if (!certPem.includes('-----BEGIN CERTIFICATE-----')) {
    throw invalid(
      `host certificate ${certPath} is not a PEM certificate (no BEGIN CERTIFICATE block)`,
      certPath,
    );
  }
  let certificate: Buffer;
  let fields: CertificateFields;
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(certPem);
    certificate = x509.raw;
    fields = readCertificateFields(certificate);
  } catch (err) {
    throw invalid(`host certificate ${certPath} cannot be parsed as an X.509 certificate`, certPath, err);
  }

  const keyPem = readText(keyPath, 'host key');
  if (/-----BEGIN (ENCRYPTED PRIVATE KEY|[A-Z ]*PRIVATE KEY-----\r?\nProc-Type: 4,ENCRYPTED)/.test(keyPem)) {
    throw invalid(`host key ${keyPath} is encrypted; the host key must be unencrypted, as for SSM`, keyPath);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyPem, format: 'pem' });
  } catch (err) {
    throw invalid(`host key ${keyPath} is not a PEM private key`, keyPath, err);
  }
  const signatureKind = signatureKindOf(key);
  if (!signatureKind) {
    throw invalid(
      `host key ${keyPath} is a ${key.asymmetricKeyType} key; only RSA and EC keys can sign`,
      keyPath,
    );
  }
  if (!x509.checkPrivateKey(key)) {
    throw invalid(`host key ${keyPath} does not match host certificate ${certPath}`, keyPath);
  }
  checkValidity(certPath, fields, checks);
  return { certificate, fields, key, signatureKind };
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw invalid(`cannot read ${what} ${path} (${code})`, path, err);
  }
}

function signatureKindOf(key: KeyObject): SignatureKind | undefined {
  if (key.asymmetricKeyType === 'rsa') return 'rsa';
  if (key.asymmetricKeyType === 'ec') return 'ecdsa';
  return undefined;
}

function checkValidity(
  certPath: string,
  fields: CertificateFields,
  { now, minValidSeconds }: CredentialChecks,
): void {
  const { notBefore, notAfter } = fields;
  if (now < notBefore) {
    throw invalid(`host certificate ${certPath} is not valid before ${notBefore.toISOString()}`, certPath);
  }
  if (notAfter <= now)
    throw invalid(`host certificate ${certPath} expired on ${notAfter.toISOString()}`, certPath);
  if (notAfter.getTime() - now.getTime() < minValidSeconds * 1000) {
    throw invalid(
      `host certificate ${certPath} expires on ${notAfter.toISOString()}, within ${minValidSeconds} s; ` +
        'renew it (SSM refuses a certificate that expires within 24 h)',
      certPath,
    );
  }
}

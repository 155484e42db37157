/**
 * What SmimeSigner.fromFiles reads from the host certificate, checked against the real `openssl`
 * CLI, and the checks SSM makes before signing: each refusal is CONFIG_INVALID naming the file.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, FedwatchError } from '../../src/common/errors/index.js';
import { SmimeSigner } from '../../src/publishing/signing/index.js';
import { createTestPki, openssl, type TestPki } from '../support/pki.js';

let pki: TestPki;
let signer: SmimeSigner;

beforeAll(() => {
  pki = createTestPki();
  signer = SmimeSigner.fromFiles(pki.hostCert, pki.hostKey, { now: new Date() });
});

describe('SmimeSigner identity', () => {
  it('gives the subject DN as openssl x509 -subject -nameopt compat prints it', () => {
    const printed = openssl([
      'x509',
      '-in',
      pki.hostCert,
      '-noout',
      '-subject',
      '-nameopt',
      'compat',
    ]).toString();
    expect(`subject=${signer.subjectDn}\n`).toBe(printed);
    expect(signer.subjectDn).toBe(
      '/DC=org/DC=example/C=CZ/O=Example Site/OU=V\\xC3\\xBDpo\\xC4\\x8Dty/CN=fedwatch.example.org',
    );
  });

  it('matches openssl for multi-valued RDNs and / or + in values', () => {
    const [cert, key] = [join(pki.dir, 'odd-dn.pem'), join(pki.dir, 'odd-dn.key')];
    const subject = '/C=CZ/O=Lab\\/Group\\+1/CN=a+UID=b/serialNumber=12/emailAddress=ops@example.org';
    openssl(
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-multivalue-rdn',
        '-subj',
        subject,
      ]),
    );
    const printed = openssl(['x509', '-in', cert, '-noout', '-subject', '-nameopt', 'compat']).toString();
    const odd = SmimeSigner.fromFiles(cert, key, { now: new Date() });
    expect(`subject=${odd.subjectDn}\n`).toBe(printed);
    expect(odd.subjectDn).toBe(
      '/C=CZ/O=Lab\\/Group\\+1/CN=a+UID=b/serialNumber=12/emailAddress=ops@example.org',
    );
  });

  it('gives notAfter as openssl x509 -enddate prints it', () => {
    const printed = openssl(['x509', '-in', pki.hostCert, '-noout', '-enddate']).toString();
    expect(signer.notAfter.getTime()).toBe(Date.parse(printed.replace('notAfter=', '').trim()));
  });
});

describe('SmimeSigner.fromFiles refuses what SSM refuses', () => {
  function refusal(
    cert: string,
    key: string,
    options: { now?: Date; minValidSeconds?: number } = {},
  ): FedwatchError {
    try {
      SmimeSigner.fromFiles(cert, key, { now: new Date(), ...options });
    } catch (err) {
      expect(FedwatchError.is(err, ErrorCode.CONFIG_INVALID)).toBe(true);
      const error = err as FedwatchError;
      // Never key material in what is logged or returned.
      const shown = JSON.stringify(error.toJSON()) + error.message;
      const keyLine = readFileSync(pki.hostKey, 'utf8').split('\n')[1];
      expect(shown).not.toContain('PRIVATE KEY');
      expect(shown).not.toContain(keyLine);
      return error;
    }
    throw new Error('expected fromFiles to refuse');
  }

  it.each([
    [
      'an unreadable certificate',
      () => [join(pki.dir, 'missing.pem'), pki.hostKey],
      /cannot read host certificate .*missing\.pem \(ENOENT\)/,
    ],
    [
      'an unreadable key',
      () => [pki.hostCert, join(pki.dir, 'missing.key')],
      /cannot read host key .*missing\.key \(ENOENT\)/,
    ],
    [
      'a certificate that is not PEM',
      () => [pki.notPem, pki.hostKey],
      /host certificate .*not-pem\.txt is not a PEM certificate/,
    ],
    [
      'a key that is not PEM',
      () => [pki.hostCert, pki.notPem],
      /host key .*not-pem\.txt is not a PEM private key/,
    ],
    [
      'a key given as the certificate',
      () => [pki.hostKey, pki.hostKey],
      /host certificate .*host\.key is not a PEM certificate/,
    ],
    ['an encrypted key', () => [pki.hostCert, pki.encryptedKey], /host key .*encrypted\.key is encrypted/],
    [
      'a key that does not match',
      () => [pki.hostCert, pki.otherKey],
      /host key .*other\.key does not match host certificate .*host\.pem/,
    ],
    [
      'an expired certificate',
      () => [pki.expiredCert, pki.hostKey],
      /host certificate .*expired\.pem expired on 20/,
    ],
    [
      'a certificate expiring within 24 h',
      () => [pki.expiringCert, pki.hostKey],
      /host certificate .*expiring\.pem expires on .*, within 86400 s/,
    ],
    [
      'a certificate not yet valid',
      () => [pki.notYetValidCert, pki.hostKey],
      /host certificate .*not-yet-valid\.pem is not valid before 20/,
    ],
  ])('refuses %s with a message naming the file', (_, files, message) => {
    const [cert, key] = files();
    const error = refusal(cert, key);
    expect(error.message).toMatch(message);
    expect(error.details).toEqual({ file: expect.stringMatching(/\.(pem|key|txt)$/) });
  });

  it('takes minValidSeconds and now into account', () => {
    expect(() =>
      SmimeSigner.fromFiles(pki.expiringCert, pki.hostKey, { now: new Date(), minValidSeconds: 60 }),
    ).not.toThrow();
    const later = new Date(Date.now() + 29 * 24 * 3_600_000);
    expect(refusal(pki.hostCert, pki.hostKey, { now: later }).message).toMatch(/within 86400 s/);
  });
});

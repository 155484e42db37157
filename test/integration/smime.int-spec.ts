/**
 * SmimeSigner against the real `openssl` CLI: what it signs verifies with `openssl smime -verify`
 * (as the APEL receiver does), it is laid out as `openssl smime -sign -text` lays it out, and the
 * host certificate checks SSM makes refuse what SSM refuses.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SmimeSigner } from '../../src/publishing/signing/index.js';
import { canonicalSignedPart } from '../../src/publishing/signing/smime-mime.builder.js';
import { createTestPki, openssl, type TestPki } from '../support/pki.js';

let pki: TestPki;
let signer: SmimeSigner;
let n = 0;

beforeAll(() => {
  pki = createTestPki();
  signer = SmimeSigner.fromFiles(pki.hostCert, pki.hostKey, { now: new Date() });
});

const BODY =
  'APEL-cloud-message: v0.4\nVMUUID: 2026-11-01 vm-1\nSiteName: EXAMPLE-SITE\nGlobalUserName: /DC=org/CN=Jürgen\n%%\n';

function save(content: string | Buffer): string {
  const path = join(pki.dir, `msg-${++n}.txt`);
  writeFileSync(path, content);
  return path;
}

/** `openssl smime -verify ...`: status, the content it writes out, and its stderr. */
function verify(
  signed: string | Buffer,
  ...args: string[]
): { status: number | null; content: Buffer; stderr: string } {
  const out = join(pki.dir, `out-${++n}.bin`);
  const run = spawnSync('openssl', ['smime', '-verify', '-in', save(signed), '-out', out, ...args], {
    encoding: 'utf8',
  });
  const content = run.status === 0 ? readFileSync(out) : Buffer.alloc(0);
  return { status: run.status, content, stderr: run.stderr };
}

/** What `openssl smime -sign -text` itself writes for `body`. */
function signWithOpenssl(body: string): string {
  const args = ['smime', '-sign', '-inkey', pki.hostKey, '-signer', pki.hostCert, '-text', '-in', save(body)];
  return openssl(args).toString('utf8');
}

const crlf = (text: string): Buffer => Buffer.from(text.replace(/\r*\n/g, '\r\n'), 'utf8');

/**
 * `-purpose any`: the test host certificate has the extended key usages of an IGTF host certificate
 * (serverAuth, clientAuth), and `smime -verify` alone insists on emailProtection. The APEL receiver
 * therefore verifies the chain with `openssl verify` and the signature with `-noverify` (see below).
 */
const trusted = (): string[] => ['-CAfile', pki.caCert, '-purpose', 'any'];

describe('SmimeSigner.sign, checked by openssl', () => {
  it('verifies against the CA, and -text gives back the body (CRLF-canonical) byte for byte', () => {
    const signed = signer.sign(BODY);
    const checked = verify(signed, ...trusted(), '-text');
    expect(checked.stderr).toContain('Verification successful');
    expect(checked.status).toBe(0);
    expect(checked.content.equals(crlf(BODY))).toBe(true);
  });

  it('without -text gives the signed part: the text/plain header, a blank line and the body', () => {
    const checked = verify(signer.sign(BODY), ...trusted());
    expect(checked.status).toBe(0);
    expect(checked.content.toString('utf8')).toBe(
      `Content-Type: text/plain\r\n\r\n${BODY.replace(/\n/g, '\r\n')}`,
    );
  });

  it('verifies with -noverify (signature only, no chain)', () => {
    const checked = verify(signer.sign(BODY), '-noverify', '-text');
    expect(checked.status).toBe(0);
    expect(checked.content.equals(crlf(BODY))).toBe(true);
  });

  it('passes the APEL receiver: signer chain by openssl verify, then smime -verify -noverify', () => {
    const signed = save(signer.sign(BODY));
    const pkcs7 = openssl(['smime', '-pk7out', '-in', signed]);
    const signerCert = openssl(['pkcs7', '-print_certs'], pkcs7);
    expect(openssl(['verify', '-CAfile', pki.caCert], signerCert).toString()).toBe('stdin: OK\n');
    const subject = openssl(['x509', '-noout', '-subject', '-nameopt', 'compat'], signerCert).toString();
    expect(subject).toBe(`subject=${signer.subjectDn}\n`);
    const checked = verify(readFileSync(signed), '-CApath', pki.dir, '-noverify');
    expect(checked.stderr).toContain('Verification successful');
    expect(checked.content.toString('utf8').split('\r\n\r\n')[1]).toBe(BODY.replace(/\n/g, '\r\n'));
  });

  it('needs -purpose any (or -noverify) with host certificates lacking emailProtection', () => {
    const checked = verify(signer.sign(BODY), '-CAfile', pki.caCert);
    expect(checked.status).not.toBe(0);
    expect(checked.stderr).toContain('unsuitable certificate purpose');
  });

  it('fails verification when one byte of the body is changed', () => {
    const signed = signer.sign(BODY);
    const tampered = signed.replace('vm-1', 'vm-2');
    expect(tampered).not.toBe(signed);
    const checked = verify(tampered, ...trusted(), '-text');
    expect(checked.status).not.toBe(0);
    expect(checked.stderr).toMatch(/digest failure|signature failure/i);
  });

  it('fails verification against a CA that did not issue the signer', () => {
    const checked = verify(signer.sign(BODY), '-CAfile', pki.hostCert, '-purpose', 'any');
    expect(checked.status).not.toBe(0);
    expect(checked.stderr).toMatch(/certificate verify error/);
  });

  it('is laid out exactly as openssl smime -sign -text, apart from boundary and signature', () => {
    const skeleton = (signed: string): string =>
      signed
        .replace(/[0-9A-F]{32}/g, 'BOUNDARY')
        .replace(/(filename="smime.p7s"\n\n)[A-Za-z0-9+/=\n]+\n\n/, '$1SIGNATURE\n\n');
    const ours = signer.sign(BODY);
    expect(skeleton(ours)).toBe(skeleton(signWithOpenssl(BODY)));
    expect(skeleton(ours)).toContain('SIGNATURE');
    // Base64 lines as OpenSSL's: 64 characters.
    const base64 = /filename="smime.p7s"\n\n([^]*?)\n\n------/.exec(ours)![1].split('\n');
    expect(base64.slice(0, -1).every((line) => line.length === 64)).toBe(true);
  });

  it.each([
    ['LF lines', 'a\nb\n'],
    ['CRLF lines', 'a\r\nb\r\n'],
    ['no final newline', 'a\nlast'],
    ['stray CRs before LF', 'a\r\r\nb\r\n\r\n'],
    ['empty lines', '\n\n\nx\n\n'],
    ['lone CR inside a line', 'a\rb\n'],
    ['non-ASCII', 'Jürgen ñandú 日本\n'],
    ['a long line, CR at the 1023-byte chunk edge', `${'x'.repeat(1022)}\r${'y'.repeat(3000)}\n`],
    ['an empty body', ''],
  ])('canonicalises %s exactly as openssl does, and verifies', (_, body) => {
    const theirs = signWithOpenssl(body);
    const boundary = /boundary="----([0-9A-F]{32})"/.exec(theirs)![1];
    const start = theirs.indexOf(`------${boundary}\n`) + boundary.length + 7;
    const part = Buffer.from(theirs.slice(start, theirs.indexOf(`\n------${boundary}\n`, start)), 'utf8');
    expect(canonicalSignedPart(body).equals(part)).toBe(true);

    const checked = verify(signer.sign(body), ...trusted());
    expect(checked.status).toBe(0);
    expect(checked.content.equals(part)).toBe(true);
  });

  it('carries the signer certificate and the signed attributes openssl adds', () => {
    const signed = save(signer.sign(BODY));
    const pkcs7 = openssl(['smime', '-pk7out', '-in', signed]);
    const certs = openssl(['pkcs7', '-print_certs', '-noout'], pkcs7).toString();
    expect(certs).toContain('CN = fedwatch.example.org');
    const asn1 = openssl(['asn1parse'], pkcs7).toString();
    const objects = [...asn1.matchAll(/OBJECT\s+:(\S+)/g)].map((m) => m[1]);
    expect(objects).toEqual(expect.arrayContaining(['pkcs7-signedData', 'sha256', 'rsaEncryption']));
    const attributes = objects.filter((o) => ['contentType', 'signingTime', 'messageDigest'].includes(o));
    expect(attributes).toEqual(['contentType', 'signingTime', 'messageDigest']);
  });

  it('signs with an EC host key too', () => {
    const ec = SmimeSigner.fromFiles(pki.ecCert, pki.ecKey, { now: new Date() });
    const checked = verify(ec.sign(BODY), ...trusted(), '-text');
    expect(checked.status).toBe(0);
    expect(checked.content.equals(crlf(BODY))).toBe(true);
  });

  it('signs 70 kB messages in process many times faster than one openssl per message', () => {
    const body = ('VMUUID: x\n'.repeat(50) + '%%\n').repeat(140).slice(0, 70_000);
    const rate = (count: number, signOne: () => unknown): number => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < count; i++) signOne();
      return count / (Number(process.hrtime.bigint() - started) / 1e9);
    };
    const file = save(body);
    const args = ['smime', '-sign', '-inkey', pki.hostKey, '-signer', pki.hostCert, '-text', '-in', file];
    rate(50, () => signer.sign(body)); // warm up the JIT
    const spawned = rate(10, () => openssl(args));
    const inProcess = rate(300, () => signer.sign(body));
    console.info(
      `SmimeSigner: ${inProcess.toFixed(0)} messages/s for 70 kB bodies (RSA 2048); ` +
        `a child openssl per message: ${spawned.toFixed(0)}/s`,
    );
    // Relative, so a loaded CI runner slows both sides alike.
    expect(inProcess).toBeGreaterThan(3 * spawned);
  });
});

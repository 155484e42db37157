/**
 * S/MIME signing through the built service, checked with the real `openssl`: what the consumer
 * receives verifies (`openssl smime -verify -noverify`), its signer chains to the site's CA
 * (`openssl verify -CAfile`), and the verified content is the unsigned outbox body whose SHA-256
 * is the message id; a tampered copy does not verify. Credentials SSM would refuse stop the start.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ConsumeMessage } from 'amqplib';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIGNED_CONTENT_TYPE } from '../../src/publishing/amqp/amqp-message.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { PublishingBed, sha256, type OutboxRow } from '../support/publishing-bed.js';
import type { ServiceProcess } from '../support/service-process.js';
import { tempDir } from '../support/temp-dir.js';

/** Runs openssl without throwing: exit code, stdout and stderr. */
function openssl(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('signing published messages', () => {
  let pki: TestPki;
  let bed: PublishingBed;
  let dir: string;
  let rows: OutboxRow[];
  let received: ConsumeMessage[];
  let service: ServiceProcess;

  beforeAll(async () => {
    pki = createTestPki();
    dir = tempDir('fedwatch-e2e-smime-');
    bed = await PublishingBed.open('signing');
    service = await bed.start({
      FEDWATCH_FEDERATION__SIGNING__CERTIFICATE: pki.hostCert,
      FEDWATCH_FEDERATION__SIGNING__KEY: pki.hostKey,
    });
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('publishes signed documents whose message id is the SHA-256 of the unsigned body', async () => {
    await bed.enqueue([
      ...bed.messages(2, 'accounting.cloud'),
      {
        kind: 'accounting.storage',
        body: '<sr:StorageUsageRecords xmlns:sr="http://eu-emi.eu/namespaces/2011/02/storagerecord">\n</sr:StorageUsageRecords>\n',
        contentType: 'application/xml',
        recordCount: 0,
        site: 'E2E-PUBLISHING',
      },
    ]);
    received = await bed.consumer.waitFor(3, 15_000, 500);
    rows = await bed.outbox();
    expect(received).toHaveLength(3);
    expect(new Set(received.map((m) => m.properties.messageId))).toEqual(
      new Set(rows.map((r) => r.messageId)),
    );
    for (const m of received) {
      const row = rows.find((r) => r.messageId === m.properties.messageId)!;
      expect(m.properties.contentType).toBe(SIGNED_CONTENT_TYPE);
      expect(m.properties.headers).toMatchObject({
        kind: row.kind,
        'x-unsigned-content-type': row.contentType,
      });
      expect(m.content.toString('utf8')).toMatch(/^MIME-Version: 1\.0\nContent-Type: multipart\/signed; /);
      expect(m.properties.messageId).toBe(sha256(row.body));
      expect(m.content.equals(Buffer.from(row.body))).toBe(false);
    }
  });

  it('exports when the host certificate expires, with its subject, for the expiry alert', async () => {
    const scrape = await (await fetch(`${service.baseUrl}/metrics`)).text();
    const line = /^fedwatch_signing_certificate_expiry_timestamp_seconds\{subject="([^"]*)"\} (\S+)$/m.exec(
      scrape,
    );
    expect(line).not.toBeNull();
    const end = openssl(['x509', '-in', pki.hostCert, '-noout', '-enddate'])
      .stdout.trim()
      .replace('notAfter=', '');
    expect(Number(line![2])).toBe(new Date(end).getTime() / 1000);
    const subject = openssl(['x509', '-in', pki.hostCert, '-noout', '-subject', '-nameopt', 'compat']).stdout;
    expect(subject).toContain(line![1].split('/').at(-1)!);
  });

  it('verifies with openssl smime; the content is the outbox body and the signer chains to the CA', () => {
    for (const [i, m] of received.entries()) {
      const row = rows.find((r) => r.messageId === m.properties.messageId)!;
      const signed = join(dir, `signed-${i}.eml`);
      const signer = join(dir, `signer-${i}.pem`);
      writeFileSync(signed, m.content);
      const verified = openssl(['smime', '-verify', '-noverify', '-in', signed, '-signer', signer]);
      expect({ code: verified.code, stderr: verified.stderr.trim() }).toEqual({
        code: 0,
        stderr: 'Verification successful',
      });
      // What the APEL receiver does: the body is what follows the first blank line of the
      // signed part, whose line ends S/MIME canonicalised to CRLF.
      const [header, ...rest] = verified.stdout.split('\r\n\r\n');
      expect(header).toBe('Content-Type: text/plain');
      const content = rest.join('\r\n\r\n').replace(/\r\n/g, '\n');
      expect(content).toBe(row.body);
      expect(sha256(content)).toBe(m.properties.messageId);

      expect(openssl(['verify', '-CAfile', pki.caCert, signer]).stdout.trim()).toBe(`${signer}: OK`);
      const subject = (file: string) => openssl(['x509', '-noout', '-subject', '-in', file]).stdout;
      expect(readFileSync(signer, 'utf8')).toContain('BEGIN CERTIFICATE');
      expect(subject(signer)).toBe(subject(pki.hostCert));
    }
  });

  it('rejects a tampered copy', () => {
    const original = received[0]!.content.toString('utf8');
    const tampered = original.replace(
      /CpuCount: (\d)/,
      (_, n: string) => `CpuCount: ${(Number(n) + 1) % 10}`,
    );
    expect(tampered).not.toBe(original);
    const file = join(dir, 'tampered.eml');
    writeFileSync(file, tampered);
    const result = openssl(['smime', '-verify', '-noverify', '-in', file, '-out', join(dir, 'out.txt')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Verification failure/);
    expect(result.stderr).toMatch(/digest failure/i);
  });

  it('refuses to start with a certificate that expires within 24 h, naming the file', async () => {
    const run = await bed.serveExpectingFailure({
      FEDWATCH_FEDERATION__SIGNING__CERTIFICATE: pki.expiringCert,
      FEDWATCH_FEDERATION__SIGNING__KEY: pki.hostKey,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`fedwatch: host certificate ${pki.expiringCert} expires on `);
    expect(run.stderr).toMatch(/within 86400 s; renew it.*\[CONFIG_INVALID\]/);
  });

  it('refuses to start with a key that does not match the certificate, naming both files', async () => {
    const run = await bed.serveExpectingFailure({
      FEDWATCH_FEDERATION__SIGNING__CERTIFICATE: pki.hostCert,
      FEDWATCH_FEDERATION__SIGNING__KEY: pki.otherKey,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `fedwatch: host key ${pki.otherKey} does not match host certificate ${pki.hostCert} [CONFIG_INVALID]`,
    );
    expect(run.stderr).not.toContain('PRIVATE KEY');
  });
});

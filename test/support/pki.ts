/**
 * A throwaway PKI made with the real `openssl` CLI, in a temp dir removed after the test file:
 * a CA, a host certificate and key as a site has them, and the broken variants SSM refuses.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

export interface TestPki {
  dir: string;
  caCert: string;
  /**
   * Valid from an hour ago for 30 days; RSA 2048 and the key usages of an IGTF host certificate
   * (serverAuth, clientAuth: no emailProtection).
   */
  hostCert: string;
  hostKey: string;
  ecCert: string;
  ecKey: string;
  /** These three certify `hostKey`, so only their dates are wrong. */
  expiredCert: string;
  expiringCert: string;
  notYetValidCert: string;
  /** An RSA key that matches no certificate here. */
  otherKey: string;
  /** `hostKey`, encrypted with a passphrase. */
  encryptedKey: string;
  notPem: string;
}

/** Runs openssl; throws with its stderr when it fails. */
export function openssl(args: string[], input?: string | Buffer): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

const HOST_DN = '/DC=org/DC=example/C=CZ/O=Example Site/OU=Výpočty/CN=fedwatch.example.org';

const CONFIG = (dir: string): string => `
[ req ]
distinguished_name = dn
prompt = no
utf8 = yes
string_mask = utf8only
[ dn ]
CN = unused
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ ca ]
default_ca = test_ca
[ test_ca ]
database = ${dir}/index.txt
new_certs_dir = ${dir}/issued
serial = ${dir}/serial
default_md = sha256
policy = any_dn
unique_subject = no
[ any_dn ]
commonName = supplied
[ host ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
`;

/** `openssl ca` takes explicit dates, which `x509 -days` cannot put in the past. */
const caDate = (d: Date): string => d.toISOString().slice(0, 19).replace(/[-T:]/g, '') + 'Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function createTestPki(now = new Date()): TestPki {
  const dir = tempDir('fedwatch-pki-');
  const file = (name: string): string => join(dir, name);
  const config = file('openssl.cnf');
  writeFileSync(config, CONFIG(dir));
  writeFileSync(file('index.txt'), '');
  writeFileSync(file('serial'), '1000\n');
  mkdirSync(file('issued'));

  const rsa = ['-newkey', 'rsa:2048', '-nodes'];
  openssl(
    ['req', '-x509', '-config', config, '-extensions', 'v3_ca', ...rsa, '-days', '30'].concat([
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.pem'),
      '-subj',
      '/C=CZ/O=Fedwatch Test/CN=Fedwatch Test CA',
    ]),
  );

  const request = (name: string, keyArgs: string[], key: string): void => {
    openssl([
      'req',
      '-new',
      '-config',
      config,
      ...keyArgs,
      '-keyout',
      key,
      '-out',
      file(`${name}.csr`),
      '-subj',
      HOST_DN,
    ]);
  };
  const issue = (name: string, csr: string, from: Date, to: Date): string => {
    const out = file(`${name}.pem`);
    openssl(
      ['ca', '-batch', '-config', config, '-cert', file('ca.pem'), '-keyfile', file('ca.key')].concat(
        ['-in', csr, '-out', out, '-notext', '-preserveDN', '-utf8', '-extensions', 'host'],
        ['-startdate', caDate(from), '-enddate', caDate(to)],
      ),
    );
    return out;
  };

  request('host', rsa, file('host.key'));
  const hostCsr = file('host.csr');
  request('ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'], file('ec.key'));
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file('other.key')]);
  openssl([
    'pkey',
    '-in',
    file('host.key'),
    '-aes256',
    '-passout',
    'pass:not-a-secret',
    '-out',
    file('encrypted.key'),
  ]);
  writeFileSync(file('not-pem.txt'), 'this is not a certificate\n');

  const t = now.getTime();
  return {
    dir,
    caCert: file('ca.pem'),
    hostCert: issue('host', hostCsr, new Date(t - HOUR), new Date(t + 30 * DAY)),
    hostKey: file('host.key'),
    ecCert: issue('ec', file('ec.csr'), new Date(t - HOUR), new Date(t + 30 * DAY)),
    ecKey: file('ec.key'),
    expiredCert: issue('expired', hostCsr, new Date(t - 30 * DAY), new Date(t - DAY)),
    expiringCert: issue('expiring', hostCsr, new Date(t - DAY), new Date(t + HOUR)),
    notYetValidCert: issue('not-yet-valid', hostCsr, new Date(t + DAY), new Date(t + 30 * DAY)),
    otherKey: file('other.key'),
    encryptedKey: file('encrypted.key'),
    notPem: file('not-pem.txt'),
  };
}

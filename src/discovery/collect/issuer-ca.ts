import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { readCertificateFields } from '../../publishing/signing/certificate.fields.js';
import { formatSlashDn } from '../../publishing/signing/distinguished-name.format.js';

/**
 * The issuer of a DER certificate in the slash form of `IssuerCA` (glue-cloud-info.md §2.3,
 * `/C=NL/O=GEANT Vereniging/CN=GEANT OV RSA CA 4`): OpenSSL's one-line form in certificate order,
 * the same form fedwatch writes host DNs in for APEL.
 */
export function issuerDnOf(der: Buffer): string {
  return formatSlashDn(readCertificateFields(der).issuer);
}

/** Port: the issuer DN of an endpoint's TLS server certificate (`IssuerCA`, glue-cloud-info.md §2.3). */
export abstract class IssuerCaReader {
  /** Slash-form issuer DN of the certificate `url`'s server presents; null for plain HTTP. */
  abstract issuerOf(url: string): Promise<string | null>;
}

/**
 * Reads the certificate with a bare TLS handshake. It is not verified: the issuer is reported
 * whoever signed it (verification is the OpenStack client's job, with the site's CA bundle).
 */
export class TlsIssuerCaReader extends IssuerCaReader {
  constructor(private readonly timeoutMs = 10_000) {
    super();
  }

  issuerOf(url: string): Promise<string | null> {
    const target = new URL(url);
    if (target.protocol !== 'https:') return Promise.resolve(null);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const port = Number(target.port || 443);
    return new Promise((resolve, reject) => {
      const fail = (message: string, cause?: unknown) =>
        reject(
          new FedwatchError(
            ErrorCode.SOURCE_UNREACHABLE,
            `TLS certificate of ${target.host} not read: ${message}`,
            { endpoint: target.host },
            { cause },
          ),
        );
      const socket = connect({
        host,
        port,
        // SNI is for names only; servers choose the certificate for an address without it.
        ...(isIP(host) ? {} : { servername: host }),
        rejectUnauthorized: false,
        timeout: this.timeoutMs,
      });
      socket.once('secureConnect', () => {
        const raw = socket.getPeerCertificate().raw;
        socket.end();
        if (!raw) return fail('the server sent no certificate');
        try {
          resolve(issuerDnOf(raw));
        } catch (err) {
          fail((err as Error).message, err);
        }
      });
      socket.once('timeout', () => {
        socket.destroy();
        fail(`no TLS handshake within ${this.timeoutMs / 1000}s`);
      });
      socket.once('error', (err) => fail(err.message, err));
    });
  }
}

import { Gauge, type Registry } from 'prom-client';
import type { SmimeSigner } from './smime.signer.js';

export const CERTIFICATE_EXPIRY_METRIC = 'fedwatch_signing_certificate_expiry_timestamp_seconds';

/**
 * When the host certificate that signs AMQP messages expires (Unix time), for an alert well before
 * it does: the APEL receiver rejects messages signed with an expired certificate. The certificate
 * is read at start, so the value is that of the certificate in use until the next restart.
 */
export function registerCertificateExpiry(registry: Registry, signer: SmimeSigner): void {
  new Gauge({
    name: CERTIFICATE_EXPIRY_METRIC,
    help: 'Expiry (Unix time) of the host certificate signing published messages; exported when signing is on.',
    labelNames: ['subject'],
    registers: [registry],
  }).set({ subject: signer.subjectDn }, signer.notAfter.getTime() / 1000);
}

import { contentOf, decodeObjectIdentifier, readChildren, readTlv } from './der.codec.js';

/** OpenSSL's short names for the attributes found in grid and host certificate DNs. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.17': 'postalCode',
  '2.5.4.41': 'name',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/**
 * The legacy slash form `/C=…/O=…/CN=…` of a DER Name, as OpenSSL 3's `X509_NAME_oneline` (what
 * `openssl x509 -subject -nameopt compat` prints and the APEL server's allow-list holds): every
 * attribute in order, `+` before further attributes of a multi-valued RDN, `/` and `+` in values
 * escaped with a backslash, bytes outside printable ASCII as `\xHH`. An attribute without a short
 * name here is shown by its dotted OID, where OpenSSL may know a name (none occur in host DNs).
 */
export function formatSlashDn(name: Buffer): string {
  const root = readTlv(name, 0);
  let out = '';
  for (const rdn of readChildren(name, root)) {
    for (const [index, attribute] of readChildren(name, rdn).entries()) {
      const [type, value] = readChildren(name, attribute);
      const oid = decodeObjectIdentifier(contentOf(name, type));
      out += `${index === 0 ? '/' : '+'}${SHORT_NAMES[oid] ?? oid}=${escapeBytes(contentOf(name, value))}`;
    }
  }
  return out;
}

function escapeBytes(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    if (byte < 0x20 || byte > 0x7e) out += `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += (byte === 0x2f || byte === 0x2b ? '\\' : '') + String.fromCharCode(byte);
  }
  return out;
}

import { createHash } from 'node:crypto';

/** fedwatch's RFC 9562 namespace for name-based record UUIDs (a fixed random UUID). */
const FEDWATCH_NAMESPACE = '0c7e4a52-6f1d-4c8e-9b3a-5d2f71e8a9c4';

/**
 * Name-based UUID (version 5, SHA-1) of `name` in fedwatch's namespace. Used where cASO draws a
 * random UUID (`uuid` of the public IP record), so that rebuilding a window gives the same bytes
 * and the same message id.
 */
export function nameUuid(name: string): string {
  const namespace = Buffer.from(FEDWATCH_NAMESPACE.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

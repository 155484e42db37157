import { createHash } from 'node:crypto';

/** A message id: the SHA-256 of the unsigned body, lowercase hex (64 characters). */
export const MESSAGE_ID = /^[0-9a-f]{64}$/;

/**
 * The id of a message body. Hashing the unsigned body makes an identical message (say, a window
 * extracted twice) the same message, so the outbox stores and publishes it once. A Buffer is the
 * body's UTF-8 bytes.
 */
export function messageIdOf(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

import { createHash } from 'node:crypto';

/**
 * A strong ETag: the SHA-256 (hex) of the exact body, quoted. Of a published document it is also
 * its outbox message id, since both hash the same bytes.
 */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body, 'utf8').digest('hex')}"`;
}

/**
 * Whether `If-None-Match` names `etag` (or is `*`), so the answer is 304. RFC 9110 §13.1.2 compares
 * weakly here: `W/"x"` matches `"x"`.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(etag);
}

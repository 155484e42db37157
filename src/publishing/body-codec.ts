import { deflateRaw, inflateRaw, inflateRawSync, constants } from 'node:zlib';
import { promisify } from 'node:util';

const deflateRawAsync = promisify(deflateRaw);
const inflateRawAsync = promisify(inflateRaw);

/**
 * Message bodies are stored deflated by fedwatch, not by PostgreSQL. APEL text compresses about
 * 7:1 at level 1 in a fraction of the time PostgreSQL's pglz takes on the same bytes, zlib's
 * asynchronous API runs on libuv's thread pool beside the event loop, and PostgreSQL then stores
 * and logs a seventh of the bytes (the column is STORAGE EXTERNAL: no second compression). The
 * bench/publish figures are in the OutboxBodyDeflate migration's comment.
 */
export function deflateBody(utf8: Buffer): Promise<Buffer> {
  return deflateRawAsync(utf8, { level: constants.Z_BEST_SPEED });
}

/** A stored body: rows written before the migration keep their text in `body`. */
export interface StoredBody {
  body: string | null;
  body_deflated: Buffer | null;
}

export function inflateBody(row: StoredBody): string {
  if (row.body_deflated) return inflateRawSync(row.body_deflated).toString('utf8');
  if (row.body !== null) return row.body;
  throw new Error('outbox message has neither body nor body_deflated');
}

/** `inflateBody` on the thread pool, for the relay's batches (it keeps the event loop free to publish). */
export async function inflateBodyAsync(row: StoredBody): Promise<string> {
  if (row.body_deflated) return (await inflateRawAsync(row.body_deflated)).toString('utf8');
  return inflateBody(row);
}

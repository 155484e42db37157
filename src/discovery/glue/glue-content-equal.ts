import type { GlueDocument } from './glue-document.types.js';

/** Attributes that only say when the document was made; every object carries them. */
const TIMESTAMP_ATTRIBUTES = new Set(['CreationTime']);

/** Plain JSON with object keys sorted, so that attribute order does not count. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, canonical(record[key])]),
  );
}

function withoutTimestamps(document: GlueDocument): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(document).map(([className, objects]: [string, unknown]) => [
      className,
      Array.isArray(objects)
        ? objects.map((o: Record<string, unknown>) =>
            Object.fromEntries(Object.entries(o).filter(([key]) => !TIMESTAMP_ATTRIBUTES.has(key))),
          )
        : objects,
    ]),
  );
}

/**
 * Whether two documents say the same, ignoring when they were made (`CreationTime` of each object):
 * a document equal to the last published one need not be republished before the last one's validity
 * runs low. Everything else counts, `Validity` and the order of objects included; the order of
 * attributes within an object does not. Compares the JSON content, so documents parsed from storage
 * and freshly built ones compare alike.
 */
export function glueContentEqual(a: GlueDocument, b: GlueDocument): boolean {
  return JSON.stringify(canonical(withoutTimestamps(a))) === JSON.stringify(canonical(withoutTimestamps(b)));
}

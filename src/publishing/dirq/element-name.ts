/**
 * Names of the python-dirq QueueSimple layout that the APEL SSM sender reads (apel.md §9.1). SSM
 * only looks at entries matching these patterns, so anything else we leave behind is invisible.
 */
export const BUCKET_NAME = /^[0-9a-f]{8}$/;
export const ELEMENT_NAME = /^[0-9a-f]{14}$/;

/** QueueSimple's default: at most one new intermediate directory per minute. */
export const BUCKET_GRANULARITY_SECONDS = 60;

const hex = (value: number, width: number): string => value.toString(16).padStart(width, '0');

/** `%08x` of the Unix seconds rounded down to the granularity. */
export function bucketName(now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000);
  return hex(seconds - (seconds % BUCKET_GRANULARITY_SECONDS), 8);
}

/**
 * `%08x%05x%01x` of a time in epoch microseconds: seconds, microseconds within the second, and a
 * per-writer digit (QueueSimple's `rndhex`) that keeps concurrent writers apart.
 */
export function elementName(epochMicros: number, writerDigit: number): string {
  const seconds = Math.floor(epochMicros / 1_000_000);
  return hex(seconds, 8) + hex(epochMicros - seconds * 1_000_000, 5) + hex(writerDigit, 1);
}

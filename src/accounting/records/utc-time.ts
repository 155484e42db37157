/**
 * UTC time arithmetic for the record builders. OpenStack sends `2026-11-26T14:13:52Z` (Nova
 * `created`), naive `2026-11-26T14:14:00.000000` (Nova `OS-SRV-USG:*`, usage and Cinder times) and
 * sometimes an explicit offset; all are UTC unless an offset says otherwise (openstack.md, common
 * rules). `Date.parse` would read the naive form in the host's zone, so it is never used here.
 * Times are integer microseconds since the epoch so that fractions truncate exactly once.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|z|[+-]\d{2}:?\d{2})?$/;

export const MICROS_PER_SECOND = 1_000_000;

/** Microseconds since the epoch of an ISO 8601 time (naive = UTC), or null when malformed. */
export function parseUtcMicros(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  // Date.UTC maps years 0–99 to 19xx; no OpenStack time predates the epoch anyway.
  if (year < 1970 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  const micros = Number(((m[7] ?? '') + '000000').slice(0, 6));
  const offsetMinutes = parseOffsetMinutes(m[8]);
  if (offsetMinutes === null) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  return ms * 1000 + micros;
}

function parseOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/** Microseconds since the epoch of a `Date` (millisecond precision). */
export function dateMicros(date: Date): number {
  return date.getTime() * 1000;
}

/** Whole epoch seconds (floor) of a time in microseconds. */
export function epochSeconds(micros: number): number {
  return Math.floor(micros / MICROS_PER_SECOND);
}

/** Whole seconds between two times, truncated towards zero (cASO: `int(delta.total_seconds())`). */
export function wholeSecondsBetween(startMicros: number, endMicros: number): number {
  return Math.trunc((endMicros - startMicros) / MICROS_PER_SECOND);
}

/** `YYYY-MM-DDTHH:MM:SS+00:00`, the StAR time format fedwatch writes (apel.md §3.1). */
export function isoUtcSeconds(epochSecs: number): string {
  return new Date(epochSecs * 1000).toISOString().slice(0, 19) + '+00:00';
}

/** Calendar month (1–12) and year, in UTC, of an epoch in seconds. */
export function utcMonthOf(epochSecs: number): { month: number; year: number } {
  const d = new Date(epochSecs * 1000);
  return { month: d.getUTCMonth() + 1, year: d.getUTCFullYear() };
}

/** Start of the UTC month containing `micros`, and of the month after it, in microseconds. */
export function utcMonthBounds(micros: number): { start: number; next: number } {
  const d = new Date(Math.floor(micros / 1000));
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) * 1000;
  const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) * 1000;
  return { start, next };
}

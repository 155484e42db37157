/** Options of {@link wireSafe}. */
export interface WireSafetyOptions {
  /**
   * `false` (default, as cASO): drop every non-ASCII character (`análisis-ñ` → `anlisis-`).
   * `true`: decompose (NFKD) and strip combining marks first (`análisis-ñ` → `analisis-n`), then
   * drop whatever is still not ASCII.
   */
  transliterate?: boolean;
}

// Every control character, not only CR/LF: Python's str.splitlines() also breaks on \v, \f and
// \x1c–\x1e, and a line break inside a value makes the APEL server reject the whole message.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/g;
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/g;
const COMBINING_MARKS = /\p{M}/gu;
const PERCENT_RUNS = /%{2,}/g;

/**
 * Makes one value safe for every APEL message kind (apel.md §2.6, §2.5): control characters
 * (CR, LF, …) become spaces, runs of `%` collapse to one (the server splits records on a literal
 * `%%`), non-ASCII characters are dropped or transliterated, surrounding whitespace is trimmed.
 * Idempotent; never throws, whatever it is given (`null`/`undefined` give `''`).
 */
export function wireSafe(value: unknown, options: WireSafetyOptions = {}): string {
  let text = toText(value);
  if (options.transliterate) text = text.normalize('NFKD').replace(COMBINING_MARKS, '');
  return text.replace(NON_ASCII, '').replace(CONTROL, ' ').replace(PERCENT_RUNS, '%').trim();
}

function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  try {
    return String(value);
  } catch {
    return ''; // e.g. an object whose toString throws
  }
}

/**
 * {@link wireSafe}, cut to the server's column size (`VARCHAR(255)`, `BenchmarkType VARCHAR(50)`),
 * or null when nothing is left (a null value is omitted from the message).
 */
export function wireSafeOrNull(
  value: unknown,
  options: WireSafetyOptions = {},
  maxLength = 255,
): string | null {
  if (value === null || value === undefined) return null;
  const text = wireSafe(value, options).slice(0, maxLength).trim();
  return text === '' ? null : text;
}

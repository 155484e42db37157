/**
 * Values as Go's encoders see them, and Go's `encoding/json` Marshal of them. The CLI prints
 * `--format json` with `json.Marshal` (rancher-kubernetes §1.5), which differs from
 * `JSON.stringify` in key order (struct field order, sorted map keys), in escaping (`<`, `>`, `&`,
 * U+2028, U+2029 as `\u…`; invalid text as `\ufffd`) and in what it leaves out (`omitempty`). Key
 * order is therefore explicit here: a {@link GoObject} keeps its entries in the order Go writes them.
 */

export type GoValue = null | boolean | number | string | readonly GoValue[] | GoObject;

/** A Go struct or map after marshalling decisions: entries in output order, omitted ones gone. */
export class GoObject {
  constructor(readonly entries: readonly (readonly [string, GoValue])[]) {}
}

/** `json.Marshal(value)` (compact, HTML-escaped like Go's default encoder). */
export function goJson(value: GoValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return goJsonNumber(value);
    case 'string':
      return goJsonString(value);
  }
  if (value instanceof GoObject) {
    return `{${value.entries.map(([k, v]) => `${goJsonString(k)}:${goJson(v)}`).join(',')}}`;
  }
  return `[${(value as readonly GoValue[]).map(goJson).join(',')}]`;
}

/**
 * Go writes float64 in the shortest form, with an exponent below 1e-6 and from 1e21 (`1e-7`,
 * `1e+21`), which is exactly JavaScript's Number#toString; only -0 differs. NaN and ±Inf make
 * Go's Marshal fail; fedwatch writes null instead of failing the whole listing.
 */
function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  return Object.is(n, -0) ? '-0' : String(n);
}

const HEX = '0123456789abcdef';

/** Go's `encodeState.string` with `escapeHTML` on (Go ≥ 1.22 writes `\b` and `\f` short). */
export function goJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let escape: string | null = null;
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26) {
      escape = SHORT[c] ?? `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    } else if (c === 0x2028 || c === 0x2029) {
      escape = `\\u202${HEX[c & 15]}`;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A well-formed pair is one character; a lone surrogate is what invalid UTF-8 is to Go.
      const pair = c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        i++;
        continue;
      }
      escape = '\\ufffd';
    }
    if (escape !== null) {
      out += s.slice(start, i) + escape;
      start = i + 1;
    }
  }
  return `${out}${s.slice(start)}"`;
}

const SHORT: Readonly<Record<number, string>> = {
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

/**
 * Go's `strconv.ParseFloat(s, 64)`, which the rancher CLI calls on what is left of a quantity after
 * it removed a suffix (rancher-kubernetes §1.3). The CLI returns the raw string when Go reports an
 * error, so the exact set of accepted inputs matters as much as the value: JavaScript's `Number()`
 * accepts more (blanks, `0b`/`0o`, `Infinity`) and fewer (`inf`, `1_000`, hex floats) strings.
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/;
const INFINITY = /^[+-]?(?:inf|infinity)$/i;

/** The float64 Go would return, or `null` where Go returns an error (syntax or out of range). */
export function goParseFloat(s: string): number | null {
  if (INFINITY.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  // Go accepts "nan" in any case but, unlike "inf", without a sign.
  if (/^nan$/i.test(s)) return NaN;
  if (s.includes('_') && !underscoreOK(s)) return null;
  const plain = s.replaceAll('_', '');
  let value: number;
  if (DECIMAL.test(plain)) value = Number(plain);
  else {
    const hex = HEX.exec(plain);
    if (!hex) return null;
    const [, sign, whole, fraction = '', exponent] = hex;
    if (whole === '' && fraction === '') return null;
    value = scaleHex(whole, fraction, Number(exponent));
    if (sign === '-') value = -value;
  }
  // Go reports values beyond the float64 range as ErrRange (the CLI then prints the raw string).
  return Number.isFinite(value) ? value : null;
}

/** Go's `underscoreOK`: underscores only between digits (a base prefix counts as a digit). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.startsWith('+') || s.startsWith('-')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(s[1].toLowerCase())) {
    i = 2;
    saw = '0';
    hex = s[1].toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** mantissa × 2^(exponent − 4·fraction digits), rounded once to the nearest double (ties to even). */
function scaleHex(whole: string, fraction: string, exponent: number): number {
  const mantissa = BigInt(`0x${whole}${fraction}`);
  return roundToDouble(mantissa, exponent - 4 * fraction.length);
}

/** m × 2^e as the nearest double, exactly (no double rounding in the subnormal range). */
export function roundToDouble(m: bigint, e: number): number {
  if (m === 0n) return 0;
  const bits = m.toString(2).length;
  const top = bits - 1 + e; // exponent of the leading bit
  if (top > 1023) return Infinity;
  if (top < -1076) return 0; // below half the smallest subnormal
  // Normal numbers keep 53 significant bits; subnormals fewer, down to 2^-1074.
  const precision = top >= -1022 ? 53 : 53 - (-1022 - top);
  const shift = bits - precision;
  let q = m;
  let scale = e;
  if (shift > 0) {
    const s = BigInt(shift);
    q = m >> s;
    const rest = m - (q << s);
    const half = 1n << (s - 1n);
    if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
    scale = e + shift;
  }
  // Two exact steps: q × 2^scale itself may be subnormal, a single power of two would not be.
  return Number(q) * pow2(Math.max(scale, -1022)) * pow2(Math.min(scale + 1022, 0));
}

/** 2^n for -1022 ≤ n ≤ 1023, built from its bits so that no library rounding is involved. */
function pow2(n: number): number {
  if (n > 1023) return Infinity;
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(n + 1023) << 52n);
  return view.getFloat64(0);
}

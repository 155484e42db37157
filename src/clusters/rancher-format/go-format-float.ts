/**
 * Go's `strconv.FormatFloat` for the two forms fedwatch must reproduce byte for byte:
 *  - `'f'` with a fixed precision (the CLI's `%.2f` and `FormatFloat(x, 'f', 2, 32)`, §1.3): Go
 *    expands the exact binary value and rounds it half to even, whereas `toFixed` rounds exact
 *    ties up (`0.625` → Go `0.62`, `toFixed` `0.63`);
 *  - `'g'` with the shortest precision (how yaml.v2 prints a float in `--format yaml`).
 */

/** `strconv.FormatFloat(value, 'f', prec, bitSize)`. */
export function goFormatFixed(value: number, prec: number, bitSize: 32 | 64 = 64): string {
  // Go converts to float32 first (round to nearest even), which is what Math.fround does.
  const x = bitSize === 32 ? Math.fround(value) : value;
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  // Go prints the sign of every negative value, also when it rounds to zero ("-0.00").
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const { mantissa, exponent } = decompose(Math.abs(x));
  const scaled = mantissa * 10n ** BigInt(prec);
  let units: bigint;
  if (exponent >= 0) units = scaled << BigInt(exponent);
  else {
    const denominator = 1n << BigInt(-exponent);
    units = scaled / denominator;
    const twice = 2n * (scaled - units * denominator);
    if (twice > denominator || (twice === denominator && (units & 1n) === 1n)) units += 1n;
  }
  const digits = units.toString().padStart(prec + 1, '0');
  const whole = digits.slice(0, digits.length - prec);
  return prec > 0 ? `${sign}${whole}.${digits.slice(digits.length - prec)}` : `${sign}${whole}`;
}

/** `strconv.FormatFloat(value, 'g', -1, 64)`: shortest digits, `e` form below 1e-4 and from 1e6. */
export function goFormatShortest(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const sign = value < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest round-trip digits, as Go's shortest mode.
  const [mantissa, exp] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exp);
  // Go switches to %e when the exponent is < -4 or >= 6 ("precision 6" for the shortest form).
  if (exponent < -4 || exponent >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const e = Math.abs(exponent);
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  const point = exponent + 1; // digits before the decimal point
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** x = mantissa × 2^exponent for a finite x ≥ 0, from the IEEE 754 bits. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

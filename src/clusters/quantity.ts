/**
 * Kubernetes resource quantities (rancher-kubernetes.md §5.3) with exact arithmetic.
 *
 * A value is held as a BigInt count of nano-units (10^-9, the finest step a Quantity keeps) plus the
 * format it was written in, because the format decides how a value (or a sum Rancher computed from
 * it) is printed again. The semantics follow k8s.io/apimachinery `resource.Quantity`, the code both
 * the API server and Rancher run: parsing rounds the magnitude up to nano precision; a binary value
 * between -1 and 1 (exclusive, not zero) is treated as decimal; sums take the format of their first
 * non-zero operand; serialisation is canonical (see quantity.canonical.ts).
 *
 * Not implemented on purpose: Go's cap of binary values at 2^63-1 (fedwatch keeps the exact value)
 * and inputs longer than {@link MAX_QUANTITY_LENGTH} characters (no real object carries one).
 */

export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

export interface Quantity {
  /** The value in units of 10^-9, exact. */
  readonly nano: bigint;
  readonly format: QuantityFormat;
}

export const NANO = 1_000_000_000n;
export const MAX_QUANTITY_LENGTH = 100;
/** Larger positive exponents are refused: `1e999999` would allocate a huge BigInt for nothing. */
export const MAX_EXPONENT = 100;

/** A string that is not a Kubernetes quantity; `problem` says what is wrong in words. */
export class QuantityParseError extends Error {
  constructor(
    readonly input: string,
    readonly problem: string,
  ) {
    super(`invalid quantity ${JSON.stringify(input)}: ${problem}`);
    this.name = 'QuantityParseError';
  }
}

const BINARY_EXPONENTS: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXPONENTS: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?/;
const EXPONENT = /^[eE]([+-]?\d+)$/;
const SUFFIX_HELP = 'expected one of n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or e<integer>';

const hasOwn = (table: Readonly<Record<string, number>>, key: string) =>
  Object.prototype.hasOwnProperty.call(table, key);

export function quantity(nano: bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nano, format };
}

/** Parses a quantity string; throws {@link QuantityParseError} naming the problem. */
export function parseQuantity(input: string): Quantity {
  if (typeof input !== 'string') throw new QuantityParseError(String(input), 'not a string');
  if (input === '') throw new QuantityParseError(input, 'empty');
  if (input.length > MAX_QUANTITY_LENGTH) {
    throw new QuantityParseError(input, `longer than ${MAX_QUANTITY_LENGTH} characters`);
  }
  if (/\s/.test(input)) throw new QuantityParseError(input, 'contains whitespace');
  const match = NUMBER.exec(input) as RegExpExecArray;
  const [numberPart, sign, whole, fraction] = match;
  if (whole === '' && !fraction) throw new QuantityParseError(input, 'no digits');
  const suffix = input.slice(numberPart.length);
  const digits = BigInt(whole + (fraction ?? '') || '0');
  const decimals = fraction?.length ?? 0;

  let magnitude: bigint;
  let format: QuantityFormat;
  if (hasOwn(BINARY_EXPONENTS, suffix)) {
    const scaled = digits * (1n << BigInt(BINARY_EXPONENTS[suffix])) * NANO;
    magnitude = ceilDiv(scaled, 10n ** BigInt(decimals));
    // Go treats a binary value below one as decimal so that it is never rounded to zero when printed.
    format = magnitude !== 0n && magnitude < NANO ? 'DecimalSI' : 'BinarySI';
  } else if (hasOwn(DECIMAL_EXPONENTS, suffix)) {
    magnitude = scaleToNano(digits, DECIMAL_EXPONENTS[suffix] - decimals);
    format = 'DecimalSI';
  } else {
    const exponent = EXPONENT.exec(suffix);
    if (!exponent) throw new QuantityParseError(input, suffixProblem(suffix));
    const power = Number(exponent[1]);
    if (power > MAX_EXPONENT) {
      throw new QuantityParseError(input, `exponent ${exponent[1]} is larger than ${MAX_EXPONENT}`);
    }
    magnitude = scaleToNano(digits, power - decimals);
    format = 'DecimalExponent';
  }
  return { nano: sign === '-' ? -magnitude : magnitude, format };
}

/** Parses, or returns the error instead of throwing (for ingest loops that report and go on). */
export function tryParseQuantity(input: string): Quantity | QuantityParseError {
  try {
    return parseQuantity(input);
  } catch (err) {
    if (err instanceof QuantityParseError) return err;
    throw err;
  }
}

/** digits × 10^power in nano-units, the magnitude rounded up as Go's parser does. */
function scaleToNano(digits: bigint, power: number): bigint {
  const shift = power + 9;
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  if (digits === 0n) return 0n;
  // Below the digit count the quotient is 0 and rounds up to 1: skip building a huge power of ten.
  if (-shift > digits.toString().length) return 1n;
  return ceilDiv(digits, 10n ** BigInt(-shift));
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

function suffixProblem(suffix: string): string {
  if (suffix.startsWith('.')) return 'more than one decimal point';
  if (/^[eE][+-]?$/.test(suffix)) return `exponent "${suffix}" has no digits`;
  if (/^[+-]/.test(suffix)) return 'sign after the number';
  const binary = Object.keys(BINARY_EXPONENTS).find(
    (s) => s.toLowerCase() === suffix.slice(0, 2).toLowerCase(),
  );
  if (binary && suffix !== binary)
    return `unknown suffix "${suffix}" (did you mean "${binary}"?); ${SUFFIX_HELP}`;
  return `unknown suffix "${suffix}"; ${SUFFIX_HELP}`;
}

/** -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nano < b.nano ? -1 : a.nano > b.nano ? 1 : 0;
}

/**
 * The sum, with Go's `Quantity.Add` choice of format: the first non-zero operand's (an all-zero sum
 * keeps the last operand's; an empty sum is a decimal zero).
 */
export function addQuantities(...operands: readonly Quantity[]): Quantity {
  let nano = 0n;
  let format: QuantityFormat = 'DecimalSI';
  for (const q of operands) {
    if (nano === 0n) format = q.format;
    nano += q.nano;
  }
  return { nano, format };
}

/** The larger of two; on a tie the first (Go keeps the value it already has). */
export function maxQuantity(a: Quantity, b: Quantity): Quantity {
  return b.nano > a.nano ? b : a;
}

/** The value as a JavaScript number (exact up to 2^53 whole units): only for display and metrics. */
export function toNumber(q: Quantity): number {
  return Number(q.nano / NANO) + Number(q.nano % NANO) / 1e9;
}

/** CPU cores of a `cpu` quantity (`500m` → 0.5). */
export const toCores = toNumber;
/** Bytes of a `memory` or storage quantity (`1Ki` → 1024). */
export const toBytes = toNumber;

export { formatQuantity } from './quantity.canonical.js';

/**
 * Kubernetes Quantity strings the way Rancher serialises its sums (reference §5.3): exact values,
 * canonical form (no fraction, the largest suffix that keeps the value exact, in the family of the
 * first operand). The simulator's own small implementation (it never imports from `src/`), in
 * milli-units so CPU millicores stay exact; sub-milli precision is not needed here.
 */

export type Family = 'decimal' | 'binary';

export interface Quantity {
  /** Value × 1000, exact. */
  milli: bigint;
  family: Family;
}

const BINARY: Record<string, bigint> = { Ki: 1n, Mi: 2n, Gi: 3n, Ti: 4n, Pi: 5n, Ei: 6n };
const DECIMAL: Record<string, bigint> = { '': 0n, k: 3n, M: 6n, G: 9n, T: 12n, P: 15n, E: 18n };
const SYNTAX = /^(\d+)(?:\.(\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;

/** Parses the non-negative quantities the simulator writes; throws on anything else. */
export function parseQuantity(text: string): Quantity {
  const m = SYNTAX.exec(text);
  if (!m) throw new Error(`not a quantity: ${JSON.stringify(text)}`);
  const [, whole, fraction = '', suffix = ''] = m;
  const digits = BigInt(whole! + fraction);
  const scale = 10n ** BigInt(fraction.length);
  let numerator: bigint;
  if (suffix in BINARY) numerator = digits * 1024n ** BINARY[suffix]! * 1000n;
  else if (suffix === 'm') numerator = digits;
  else numerator = digits * 10n ** DECIMAL[suffix]! * 1000n;
  // Rounded up, as Kubernetes rounds up to its precision.
  const milli = (numerator + scale - 1n) / scale;
  return { milli, family: suffix in BINARY ? 'binary' : 'decimal' };
}

export function formatQuantity(q: Quantity): string {
  if (q.milli % 1000n !== 0n) return `${q.milli}m`;
  const value = q.milli / 1000n;
  if (value === 0n) return '0';
  // Below 1Ki Kubernetes switches a binary quantity to the decimal form; above, a value that is not
  // a whole number of Ki is written without a suffix (`2000`, not `2k`).
  if (q.family === 'binary' && (value >= 1024n || value <= -1024n)) {
    for (const [suffix, power] of Object.entries(BINARY).reverse()) {
      if (value % 1024n ** power === 0n) return `${value / 1024n ** power}${suffix}`;
    }
    return String(value);
  }
  for (const [suffix, power] of Object.entries(DECIMAL).reverse()) {
    if (power > 0n && value % 10n ** power === 0n) return `${value / 10n ** power}${suffix}`;
  }
  return String(value);
}

/** Canonical form of the sum; the family is the first operand's, as `resource.Quantity.Add` keeps it. */
export function sumQuantities(values: readonly string[]): string {
  const parsed = values.map(parseQuantity);
  const milli = parsed.reduce((acc, q) => acc + q.milli, 0n);
  return formatQuantity({ milli, family: parsed[0]?.family ?? 'decimal' });
}

export const cores = (milli: number): string => formatQuantity({ milli: BigInt(milli), family: 'decimal' });
export const bytes = (value: number): string =>
  formatQuantity({ milli: BigInt(value) * 1000n, family: 'binary' });
export const count = (value: number): string => String(value);

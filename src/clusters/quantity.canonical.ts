import type { Quantity } from './quantity.js';

/**
 * Canonical serialisation of a quantity, as the API server and Rancher print it (Go's
 * `Quantity.String()`): no fractional digits, the largest suffix that keeps the value exact, in the
 * value's own format.
 *
 * - BinarySI: a whole number of units whose magnitude is at least 1024 is printed with the largest
 *   binary suffix that divides it (`1.5Gi` → `1536Mi`, `1000Mi` stays `1000Mi`, `1500` → `1500`);
 *   anything else (below 1024, or fractional) falls back to decimal (`0.5Ki` → `512`).
 * - DecimalSI: mantissa × 10^(3k) with the SI suffix of 10^(3k) (`0.1` → `100m`, `1000` → `1k`,
 *   `1.5` → `1500m`), capped at `E`.
 * - DecimalExponent: the same mantissa with `e<3k>` (`1e3` stays `1e3`, `12E-3` → `12e-3`,
 *   `1.5e3` → `1500`).
 *
 * NB: rancher-kubernetes.md §5.3 lists `1e3` → `1k`; apimachinery keeps the exponent form
 * (`constructBytes(10, 3, DecimalExponent)` is `e3`), and what the API server and Rancher print is
 * what fedwatch must match, so the exponent form is kept.
 */
export function formatQuantity(q: Quantity): string {
  if (q.nano === 0n) return '0';
  const sign = q.nano < 0n ? '-' : '';
  const magnitude = q.nano < 0n ? -q.nano : q.nano;
  if (q.format === 'BinarySI') {
    const binary = binaryForm(magnitude);
    if (binary !== null) return sign + binary;
  }
  let mantissa = magnitude;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent += 1;
  }
  const down = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(down);
  exponent -= down;
  if (q.format === 'DecimalExponent') return `${sign}${mantissa}${exponent === 0 ? '' : `e${exponent}`}`;
  if (exponent > 18) {
    mantissa *= 10n ** BigInt(exponent - 18);
    exponent = 18;
  }
  return `${sign}${mantissa}${DECIMAL_SUFFIXES[(exponent + 9) / 3]}`;
}

const DECIMAL_SUFFIXES = ['n', 'u', 'm', '', 'k', 'M', 'G', 'T', 'P', 'E'];
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const NANO = 1_000_000_000n;

function binaryForm(magnitude: bigint): string | null {
  if (magnitude < 1024n * NANO || magnitude % NANO !== 0n) return null;
  let units = magnitude / NANO;
  let step = 0;
  while (step < BINARY_SUFFIXES.length - 1 && units % 1024n === 0n) {
    units /= 1024n;
    step += 1;
  }
  return `${units}${BINARY_SUFFIXES[step]}`;
}

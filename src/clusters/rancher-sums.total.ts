import { formatQuantity, parseQuantity, type Quantity, type QuantityFormat } from './quantity.js';

const FORMATS: readonly QuantityFormat[] = ['BinarySI', 'DecimalSI', 'DecimalExponent'];

/**
 * A running sum of quantities that terms can also leave, so a total is kept up to date by
 * subtracting a pod's old amounts and adding its new ones instead of summing everything again.
 *
 * The format of the sum: Rancher (Go `Quantity.Add`) keeps the format of the first non-zero term,
 * and its terms come in lister order, which is a map iteration order — random. When every non-zero
 * term has the same format (the usual case: CPU in `m`, memory in `Mi`/`Ki`) that is the format.
 * When they mix, fedwatch takes the format of most non-zero terms (ties: binary, then decimal, then
 * exponent): deterministic, independent of event order, and Rancher's most likely pick.
 */
export class QuantityTotal {
  private nano = 0n;
  private terms = 0;
  private readonly nonZero = [0, 0, 0];

  add(q: Quantity): void {
    this.nano += q.nano;
    this.terms += 1;
    if (q.nano !== 0n) this.nonZero[FORMATS.indexOf(q.format)] += 1;
  }

  remove(q: Quantity): void {
    this.nano -= q.nano;
    this.terms -= 1;
    if (q.nano !== 0n) this.nonZero[FORMATS.indexOf(q.format)] -= 1;
  }

  /** Number of terms, zero-valued ones included (a resource is listed while any term names it). */
  get size(): number {
    return this.terms;
  }

  value(): Quantity {
    let best = -1;
    for (let i = 0; i < FORMATS.length; i++) {
      if (this.nonZero[i] > 0 && (best < 0 || this.nonZero[i] > this.nonZero[best])) best = i;
    }
    // Only zeros: printed as "0" whatever the format.
    return { nano: this.nano, format: FORMATS[best < 0 ? 1 : best] };
  }
}

/** Canonical strings of a set of totals, keys in Go's JSON map order (sorted). */
export function formatTotals(totals: ReadonlyMap<string, QuantityTotal>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...totals.keys()].sort())
    out[key] = formatQuantity((totals.get(key) as QuantityTotal).value());
  return out;
}

/**
 * The value as Rancher's cluster aggregator sees it: the node total was written to an annotation as
 * canonical text and parsed back, which can change the format (a binary `1500` reads as decimal).
 */
export function reparsed(q: Quantity): Quantity {
  return parseQuantity(formatQuantity(q));
}

import type { ResourceAmounts } from '../../clusters/k8s-slim.types.js';
import { tryParseQuantity, type Quantity, type QuantityParseError } from '../../clusters/quantity.js';

/**
 * Shares what many objects repeat: the same quantity strings (`100m`, `128Mi`), the same per-pod
 * amounts (every replica of a Deployment), the same namespace, node and phase strings. At 150,000
 * pods this keeps the watch state to a few hundred bytes per pod. Each table is bounded: when one
 * fills up it is cleared (objects keep what they already share).
 */
export class SlimInterner {
  private readonly quantities = new Map<string, Quantity | QuantityParseError>();
  private readonly amounts = new Map<string, ResourceAmounts>();
  private readonly strings = new Map<string, string>();

  constructor(private readonly limit = 20_000) {}

  quantity(text: string): Quantity | QuantityParseError {
    let parsed = this.quantities.get(text);
    if (parsed === undefined) {
      parsed = tryParseQuantity(text);
      remember(this.quantities, text, parsed, this.limit);
    }
    return parsed;
  }

  /** The one frozen copy of amounts equal to these. */
  resourceAmounts(amounts: Record<string, Quantity>): ResourceAmounts {
    let key = '';
    for (const [name, q] of Object.entries(amounts)) key += `${name}=${q.nano}${q.format[0]};`;
    let shared = this.amounts.get(key);
    if (!shared) {
      shared = Object.freeze(amounts);
      remember(this.amounts, key, shared, this.limit);
    }
    return shared;
  }

  string(text: string): string {
    const shared = this.strings.get(text);
    if (shared !== undefined) return shared;
    remember(this.strings, text, text, this.limit);
    return text;
  }
}

function remember<T>(table: Map<string, T>, key: string, value: T, limit: number): void {
  if (table.size >= limit) table.clear();
  table.set(key, value);
}

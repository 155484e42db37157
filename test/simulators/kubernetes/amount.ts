/**
 * Quantities the simulator writes, with their exact values, so that expected sums never depend on
 * the parser under test. Only the literals of the catalog are parsed here (exactly, with BigInt).
 */
import type { Amount } from './model.js';

const BINARY: Record<string, bigint> = { Ki: 1n, Mi: 2n, Gi: 3n, Ti: 4n, Pi: 5n, Ei: 6n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const SYNTAX = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** Exact value of `text` times `unit` (1000 for millicores); throws unless it is a whole number. */
function exact(text: string, unit: bigint): number {
  const m = SYNTAX.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a quantity: ${text}`);
  const [, sign, whole, frac = '', suffix = ''] = m;
  let num = BigInt(`${whole}${frac}` || '0') * unit;
  let den = 10n ** BigInt(frac.length);
  if (suffix in BINARY) num *= 1024n ** BINARY[suffix]!;
  else {
    const exp = /^[eE]/.test(suffix) ? Number(suffix.slice(1)) : DECIMAL[suffix]!;
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
  }
  if (num % den !== 0n) throw new Error(`${text} is not a whole number of base units`);
  return Number((sign === '-' ? -1n : 1n) * (num / den));
}

/** A CPU quantity; `value` in millicores. */
export const cpu = (text: string): Amount => ({ text, value: exact(text, 1000n) });

/** A byte (or count) quantity; `value` in bytes. */
export const bytes = (text: string): Amount => ({ text, value: exact(text, 1n) });

/** A millicore value as the API server writes it: `2`, `1500m`. */
export function canonicalCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Bytes as the API server writes them: the largest exact suffix of the same family as `written`. */
export function canonicalBytes(value: number, written = ''): string {
  if (value === 0) return '0';
  const binary = /i$/.test(written);
  const suffixes = binary ? ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] : ['E', 'P', 'T', 'G', 'M', 'k'];
  const base = binary ? 1024n : 1000n;
  const v = BigInt(value);
  for (let i = 0; i < suffixes.length; i++) {
    const unit = base ** BigInt(suffixes.length - i);
    if (v % unit === 0n) return `${v / unit}${suffixes[i]!}`;
  }
  return String(value);
}

/** The text to serve for a manifest quantity: as written, or canonical. */
export function served(resource: string, amount: Amount, canonical: boolean): string {
  if (!canonical) return amount.text;
  return resource === 'cpu' ? canonicalCpu(amount.value) : canonicalBytes(amount.value, amount.text);
}

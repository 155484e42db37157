import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addQuantities,
  compareQuantities,
  formatQuantity,
  maxQuantity,
  parseQuantity,
  type Quantity,
  type QuantityFormat,
  tryParseQuantity,
  QuantityParseError,
} from './quantity.js';

/**
 * Properties checked against an independent model: the value of a generated string is computed
 * here as an exact fraction (numerator / denominator in BigInt) and rounded up by hand.
 */

const BINARY = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL = ['n', 'u', 'm', '', 'k', 'M', 'G', 'T', 'P', 'E'];

interface Written {
  text: string;
  /** Exact value as a fraction of BigInts. */
  num: bigint;
  den: bigint;
}

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

const numberPart = fc
  .tuple(fc.constantFrom('', '+', '-'), digits(0, 12), fc.option(digits(0, 12), { nil: undefined }))
  .filter(([, whole, fraction]) => whole.length > 0 || (fraction !== undefined && fraction.length > 0));

const written: fc.Arbitrary<Written> = fc
  .tuple(
    numberPart,
    fc.oneof(
      fc
        .constantFrom(...BINARY)
        .map((s) => ({ s, num: 2n ** BigInt(10 * (BINARY.indexOf(s) + 1)), den: 1n })),
      fc.constantFrom(...DECIMAL).map((s) => ({ s, ...pow10(3 * DECIMAL.indexOf(s) - 9) })),
      fc
        .tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 30 }))
        .map(([e, sign, n]) => ({ s: `${e}${sign}${n}`, ...pow10(sign === '-' ? -n : n) })),
    ),
  )
  .map(([[sign, whole, fraction], suffix]) => {
    const mantissa = BigInt(`${whole}${fraction ?? ''}` || '0');
    const den = 10n ** BigInt(fraction?.length ?? 0) * suffix.den;
    const num = (sign === '-' ? -mantissa : mantissa) * suffix.num;
    const text = `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}${suffix.s}`;
    return { text, num, den };
  });

function pow10(e: number): { num: bigint; den: bigint } {
  return e >= 0 ? { num: 10n ** BigInt(e), den: 1n } : { num: 1n, den: 10n ** BigInt(-e) };
}

/** The model: |value| × 10^9 rounded up, sign restored. */
function expectedNano({ num, den }: Written): bigint {
  const magnitude = (num < 0n ? -num : num) * 1_000_000_000n;
  const rounded = (magnitude + den - 1n) / den;
  return num < 0n ? -rounded : rounded;
}

const quantityArb: fc.Arbitrary<Quantity> = fc.record({
  nano: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
  format: fc.constantFrom<QuantityFormat>('BinarySI', 'DecimalSI', 'DecimalExponent'),
});

const CANONICAL = /^-?\d+(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|e-?\d+)?$/;

describe('quantity properties', () => {
  it('parses every grammatical string to its exact value rounded up to nano precision', () => {
    fc.assert(
      fc.property(written, (w) => {
        expect(parseQuantity(w.text).nano).toBe(expectedNano(w));
      }),
      { numRuns: 2000 },
    );
  });

  it('serialises canonically: no fraction, round-trips the value, idempotent', () => {
    fc.assert(
      fc.property(quantityArb, (q) => {
        const text = formatQuantity(q);
        expect(text).toMatch(CANONICAL);
        const back = parseQuantity(text);
        expect(back.nano).toBe(q.nano);
        expect(formatQuantity(back)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('uses the largest exact suffix: the printed mantissa has no factor left to move', () => {
    fc.assert(
      fc.property(quantityArb, (q) => {
        const [, mantissa, suffix] = /^-?(\d+)(.*)$/.exec(formatQuantity(q)) as RegExpExecArray;
        const binaryForm = q.format === 'BinarySI' && (suffix.endsWith('i') || suffix === '');
        if (q.nano === 0n || suffix === 'E' || suffix === 'Ei') return;
        if (binaryForm && BigInt(mantissa) >= 1024n) expect(BigInt(mantissa) % 1024n).not.toBe(0n);
        else expect(BigInt(mantissa) % 1000n).not.toBe(0n);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the family of the input when printing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(...BINARY), (n, s) => {
        const text = formatQuantity(parseQuantity(`${n}${s}`));
        expect(text).toMatch(/^\d+(Ki|Mi|Gi|Ti|Pi|Ei)$/);
      }),
    );
  });

  it('adds exactly, commutatively in value, and max is the larger of both', () => {
    fc.assert(
      fc.property(fc.array(quantityArb, { maxLength: 8 }), (qs) => {
        const sum = addQuantities(...qs);
        expect(sum.nano).toBe(qs.reduce((acc, q) => acc + q.nano, 0n));
        expect(addQuantities(...[...qs].reverse()).nano).toBe(sum.nano);
        const firstNonZero = qs.find((q) => q.nano !== 0n);
        if (firstNonZero && qs.every((q) => q.nano >= 0n)) expect(sum.format).toBe(firstNonZero.format);
      }),
    );
    fc.assert(
      fc.property(quantityArb, quantityArb, (a, b) => {
        const m = maxQuantity(a, b);
        expect(compareQuantities(m, a)).toBeGreaterThanOrEqual(0);
        expect(compareQuantities(m, b)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('refuses anything with whitespace or a second decimal point', () => {
    fc.assert(
      fc.property(written, fc.constantFrom(' ', '\t', '\n'), fc.nat(), (w, space, at) => {
        const i = at % (w.text.length + 1);
        const broken = `${w.text.slice(0, i)}${space}${w.text.slice(i)}`;
        expect(tryParseQuantity(broken)).toBeInstanceOf(QuantityParseError);
      }),
    );
    fc.assert(
      fc.property(digits(1, 5), digits(1, 5), digits(1, 5), (a, b, c) => {
        expect(tryParseQuantity(`${a}.${b}.${c}`)).toBeInstanceOf(QuantityParseError);
      }),
    );
  });
});

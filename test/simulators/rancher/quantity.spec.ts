import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bytes, cores, formatQuantity, parseQuantity, sumQuantities } from './quantity.js';

describe('simulator quantities', () => {
  it('writes Rancher canonical forms', () => {
    expect(cores(3580)).toBe('3580m');
    expect(cores(40_000)).toBe('40');
    expect(cores(4000)).toBe('4');
    expect(cores(1_000_000)).toBe('1k');
    expect(bytes(81609472 * 1024)).toBe('81609472Ki');
    expect(bytes(1750 * 1024 ** 2)).toBe('1750Mi');
    expect(bytes(15 * 1024 ** 3)).toBe('15Gi');
    expect(bytes(1536 * 1024 ** 2)).toBe('1536Mi');
    expect(bytes(2000)).toBe('2000');
    expect(bytes(1000)).toBe('1k');
    expect(bytes(0)).toBe('0');
  });

  it('sums in the family of the first operand, canonically', () => {
    expect(sumQuantities(['1325m', '2255m'])).toBe('3580m');
    expect(sumQuantities(['500m', '500m'])).toBe('1');
    expect(sumQuantities(['5Gi', '5Gi', '5Gi'])).toBe('15Gi');
    expect(sumQuantities(['640Mi', '384Mi'])).toBe('1Gi');
    expect(sumQuantities(['16265236Ki', '65344236Ki'])).toBe('81609472Ki');
    expect(sumQuantities(['12', '15'])).toBe('27');
    expect(sumQuantities([])).toBe('0');
  });

  it('parses suffixes and fractions exactly', () => {
    expect(parseQuantity('1.5Gi')).toEqual({ milli: 1536n * 1024n ** 2n * 1000n, family: 'binary' });
    expect(parseQuantity('0.1').milli).toBe(100n);
    expect(formatQuantity(parseQuantity('1.5Gi'))).toBe('1536Mi');
    expect(() => parseQuantity('abc')).toThrow('not a quantity');
    expect(() => parseQuantity('1KiB')).toThrow('not a quantity');
  });

  it('round-trips every canonical value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 60n }), fc.boolean(), (n, binary) => {
        const q = {
          milli: binary ? n * 1000n : n,
          family: binary ? ('binary' as const) : ('decimal' as const),
        };
        expect(parseQuantity(formatQuantity(q)).milli).toBe(q.milli);
      }),
    );
  });
});

import { describe, expect, it } from '@jest/globals';
import {
  addQuantities,
  formatQuantity,
  maxQuantity,
  parseQuantity,
  QuantityParseError,
  toBytes,
  toCores,
  tryParseQuantity,
} from './quantity.js';

const nano = (s: string) => parseQuantity(s).nano;
const canonical = (s: string) => formatQuantity(parseQuantity(s));

describe('parseQuantity: values (§5.3 examples)', () => {
  it.each([
    ['500m', 500_000_000n],
    ['0.5', 500_000_000n],
    ['2', 2_000_000_000n],
    ['1.5Gi', 1_610_612_736_000_000_000n],
    ['129e6', 129_000_000_000_000_000n],
    ['123456789n', 123_456_789n],
    ['1024Ki', 1_048_576_000_000_000n],
    ['1k', 1_000_000_000_000n],
    ['1Ki', 1_024_000_000_000n],
    ['1M', 1_000_000_000_000_000n],
    ['1Mi', 1_048_576_000_000_000n],
    ['.5', 500_000_000n],
    ['5.', 5_000_000_000n],
    ['+1', 1_000_000_000n],
    ['-1', -1_000_000_000n],
    ['1u', 1_000n],
    ['1E', 10n ** 27n],
    ['12E-3', 12_000_000n],
    ['5e+2', 500_000_000_000n],
    ['1.5e3', 1_500_000_000_000n],
    ['0', 0n],
    ['-0', 0n],
    ['00012', 12_000_000_000n],
  ])('%s = %p nano', (input, expected) => {
    expect(nano(input)).toBe(expected);
  });

  it('knows every binary and decimal suffix', () => {
    const binary = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
    binary.forEach((s, i) => expect(nano(`1${s}`)).toBe(2n ** BigInt(10 * (i + 1)) * 1_000_000_000n));
    const decimal: [string, number][] = [
      ['n', -9],
      ['u', -6],
      ['m', -3],
      ['', 0],
      ['k', 3],
      ['M', 6],
      ['G', 9],
      ['T', 12],
      ['P', 15],
      ['E', 18],
    ];
    for (const [s, e] of decimal) expect(nano(`1${s}`)).toBe(10n ** BigInt(e + 9));
  });

  it('rounds the magnitude up to nano precision, away from zero for negatives', () => {
    expect(nano('0.1n')).toBe(1n);
    expect(nano('1.000000001')).toBe(1_000_000_001n);
    expect(nano('1.0000000001')).toBe(1_000_000_001n);
    expect(nano('1e-20')).toBe(1n);
    expect(nano('1e-99999999')).toBe(1n);
    expect(nano('0e-30')).toBe(0n);
    expect(nano('-0.1n')).toBe(-1n);
    expect(nano('0.0000000001Ki')).toBe(103n); // 1.024e-7 → 102.4 nano → 103
  });

  it('remembers the format, treating binary values below one as decimal', () => {
    expect(parseQuantity('1Ki').format).toBe('BinarySI');
    expect(parseQuantity('0.5Ki').format).toBe('BinarySI'); // 512 ≥ 1
    expect(parseQuantity('0.0001Ki').format).toBe('DecimalSI'); // 0.1024 < 1
    expect(parseQuantity('100m').format).toBe('DecimalSI');
    expect(parseQuantity('1e3').format).toBe('DecimalExponent');
    expect(parseQuantity('0').format).toBe('DecimalSI');
  });
});

describe('parseQuantity: invalid forms (§5.3) are refused with a reason', () => {
  it.each([
    ['', 'empty'],
    [' 1', 'whitespace'],
    ['1 Ki', 'whitespace'],
    ['1\t', 'whitespace'],
    ['1.5.2', 'more than one decimal point'],
    ['1KiB', 'did you mean "Ki"'],
    ['1kb', 'unknown suffix "kb"'],
    ['1Kib', 'did you mean "Ki"'],
    ['1ki', 'did you mean "Ki"'],
    ['1e', 'has no digits'],
    ['1E+', 'has no digits'],
    ['1kM', 'unknown suffix "kM"'],
    ['1MiKi', 'unknown suffix'],
    ['Ki', 'no digits'],
    ['.', 'no digits'],
    ['-', 'no digits'],
    ['1-', 'sign after the number'],
    ['1e1.5', 'unknown suffix'],
    ['1e101', 'larger than 100'],
    ['x', 'no digits'],
    ['1'.repeat(101), 'longer than 100'],
  ])('%p', (input, reason) => {
    const result = tryParseQuantity(input);
    expect(result).toBeInstanceOf(QuantityParseError);
    expect((result as QuantityParseError).message).toContain(reason);
    expect((result as QuantityParseError).message).toContain(JSON.stringify(input));
    expect(() => parseQuantity(input)).toThrow(QuantityParseError);
  });
});

describe('formatQuantity: canonical form', () => {
  it.each([
    ['1.5Gi', '1536Mi'],
    ['0.1', '100m'],
    ['1000Mi', '1000Mi'],
    ['1024Mi', '1Gi'],
    ['1.5', '1500m'],
    ['1000', '1k'],
    ['1500', '1500'],
    ['1000000', '1M'],
    ['16265236Ki', '16265236Ki'],
    ['81609472Ki', '81609472Ki'],
    ['0.5Ki', '512'],
    ['1.5Ki', '1536'],
    ['1536', '1536'],
    ['1.1Ki', '1126400m'],
    ['1e3', '1e3'],
    ['12E-3', '12e-3'],
    ['1.5e3', '1500'],
    ['129e6', '129e6'],
    ['123456789n', '123456789n'],
    ['1230000n', '1230u'],
    ['-1.5Gi', '-1536Mi'],
    ['-500m', '-500m'],
    ['1E', '1E'],
    ['1000E', '1000E'],
    ['1024Ei', '1024Ei'],
    ['0Ki', '0'],
    ['.5', '500m'],
    ['5.', '5'],
  ])('%s → %s', (input, expected) => {
    expect(canonical(input)).toBe(expected);
  });

  it('prints a decimal family value with an SI suffix when asked (§5.3 "1e3 → 1k")', () => {
    expect(formatQuantity({ ...parseQuantity('1e3'), format: 'DecimalSI' })).toBe('1k');
  });
});

describe('arithmetic', () => {
  it('sums exactly and keeps the format of the first non-zero operand (Go Add)', () => {
    const sum = addQuantities(parseQuantity('0'), parseQuantity('128Mi'), parseQuantity('100M'));
    expect(sum.nano).toBe((134_217_728n + 100_000_000n) * 1_000_000_000n);
    expect(sum.format).toBe('BinarySI');
    expect(formatQuantity(addQuantities(parseQuantity('100m'), parseQuantity('250m')))).toBe('350m');
    expect(formatQuantity(addQuantities(parseQuantity('1Gi'), parseQuantity('512Mi')))).toBe('1536Mi');
    expect(formatQuantity(addQuantities(parseQuantity('0.1'), parseQuantity('0.2')))).toBe('300m');
    expect(formatQuantity(addQuantities())).toBe('0');
    expect(addQuantities(parseQuantity('0Ki'), parseQuantity('0')).format).toBe('DecimalSI');
  });

  it('max keeps the first on ties', () => {
    const a = parseQuantity('1Ki');
    const b = parseQuantity('1024');
    expect(maxQuantity(a, b)).toBe(a);
    expect(maxQuantity(b, a)).toBe(b);
    expect(maxQuantity(parseQuantity('1'), parseQuantity('2'))).toEqual(parseQuantity('2'));
  });

  it('converts to cores and bytes only at the edge', () => {
    expect(toCores(parseQuantity('3580m'))).toBe(3.58);
    expect(toCores(parseQuantity('523456789n'))).toBeCloseTo(0.523456789, 12);
    expect(toBytes(parseQuantity('16265236Ki'))).toBe(16_655_601_664);
    expect(toBytes(parseQuantity('1.5Gi'))).toBe(1_610_612_736);
    expect(toCores(parseQuantity('-500m'))).toBe(-0.5);
  });
});

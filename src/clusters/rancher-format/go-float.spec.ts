import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { goFormatFixed, goFormatShortest } from './go-format-float.js';
import { goParseFloat, roundToDouble } from './go-parse-float.js';

describe('goParseFloat (strconv.ParseFloat(s, 64))', () => {
  it.each([
    ['1', 1],
    ['+1.5', 1.5],
    ['-2', -2],
    ['1.', 1],
    ['.5', 0.5],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['1_000', 1000],
    ['1_000.000_1', 1000.0001],
    ['0x1p-2', 0.25],
    ['0x1.8p1', 3],
    ['0X_1P4', 16],
    ['inf', Infinity],
    ['+Inf', Infinity],
    ['-INFINITY', -Infinity],
  ])('%s → %d', (s, value) => expect(goParseFloat(s)).toBe(value));

  it('parses nan without a sign only', () => {
    expect(goParseFloat('NaN')).toBeNaN();
    expect(goParseFloat('nan')).toBeNaN();
    expect(goParseFloat('+nan')).toBeNull();
  });

  it.each([
    '',
    '.',
    'e5',
    '1e',
    '1e+',
    ' 1',
    '1 ',
    '1.2.3',
    '0b1',
    '0o7',
    '_1',
    '1_',
    '1__0',
    '1_.5',
    '1._5',
    '0x1',
    '0x',
    '0xp1',
    'infin',
    'Infinity1',
    '1e400',
    '-1e400',
    '0x1p1024',
  ])('%j is an error', (s) => expect(goParseFloat(s)).toBeNull());

  it('agrees with Number() on plain decimal strings (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (x) => goParseFloat(String(x)) === x || Object.is(x, -0),
      ),
    );
  });

  it('rounds binary fractions exactly, also into the subnormal range', () => {
    expect(roundToDouble(1n, -1074)).toBe(Number.MIN_VALUE);
    expect(roundToDouble(1n, -1075)).toBe(0); // exactly half the smallest subnormal: ties to even (0)
    expect(roundToDouble(3n, -1076)).toBe(Number.MIN_VALUE); // 0.75 × min rounds up
    expect(roundToDouble((1n << 53n) + 1n, 0)).toBe(2 ** 53); // tie to even
    expect(roundToDouble((1n << 53n) + 3n, 0)).toBe(2 ** 53 + 4);
    expect(roundToDouble(1n, 1024)).toBe(Infinity);
  });
});

describe('goFormatFixed (strconv.FormatFloat(x, f, prec, bitSize))', () => {
  it.each([
    [0.625, '0.62'],
    [0.125, '0.12'],
    [0.375, '0.38'],
    [2.5, '2.50'],
    [1.005, '1.00'], // 1.00499999999999989…
    [1.015, '1.01'], // 1.01499999999999990…
    [0.995, '0.99'],
    [123456789.125, '123456789.12'],
    [0, '0.00'],
    [-0, '-0.00'],
    [-0.001, '-0.00'],
    [-1.625, '-1.62'],
    [1e21, '1000000000000000000000.00'],
    [5e-324, '0.00'],
  ])('%d, 2 decimals → %s', (x, out) => expect(goFormatFixed(x, 2)).toBe(out));

  it('rounds to float32 first with bitSize 32', () => {
    expect(goFormatFixed(1.325, 2, 32)).toBe('1.33');
    expect(goFormatFixed(1.325, 2, 64)).toBe('1.32');
    expect(goFormatFixed(0.125, 2, 32)).toBe('0.12');
    expect(goFormatFixed(3.4e39, 2, 32)).toBe('+Inf');
  });

  it('prints the special values like Go', () => {
    expect([NaN, Infinity, -Infinity].map((x) => goFormatFixed(x, 2))).toEqual(['NaN', '+Inf', '-Inf']);
  });

  it('supports other precisions', () => {
    expect(goFormatFixed(2.5, 0)).toBe('2');
    expect(goFormatFixed(3.5, 0)).toBe('4');
    expect(goFormatFixed(0.0625, 3)).toBe('0.062');
  });

  it('is never farther than half a unit from the value (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (x) => {
        const printed = Number(goFormatFixed(x, 2));
        return Math.abs(printed - x) <= 0.005 + 1e-9 * Math.max(1, Math.abs(x));
      }),
    );
  });
});

describe('goFormatShortest (strconv.FormatFloat(x, g, -1, 64))', () => {
  it.each([
    [1.5, '1.5'],
    [100000.5, '100000.5'],
    [1234567.5, '1.2345675e+06'],
    [1e6, '1e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [1e21, '1e+21'],
    [1.2e100, '1.2e+100'],
    [-2.25, '-2.25'],
    [0, '0'],
    [123456, '123456'],
  ])('%d → %s', (x, out) => expect(goFormatShortest(x)).toBe(out));
});

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parse } from 'yaml';
import { GoObject, type GoValue } from './go-json.js';
import { goYaml, yamlV2KeyLess } from './go-yaml.js';

const one = (value: GoValue) =>
  goYaml(new GoObject([['k', value]]))
    .replace(/^k: /, '')
    .replace(/\n$/, '');

describe('goYaml scalars (yaml.v2 via JSON)', () => {
  it.each([
    // Plain when it reads back as the same string.
    ['prod-rke2', 'prod-rke2'],
    ['3.58/40', '3.58/40'],
    ['0.12/15Gi GB', '0.12/15Gi GB'],
    ['/58', '/58'],
    ['c-m-7xk2p9qd:p-x7b2k', 'c-m-7xk2p9qd:p-x7b2k'],
    ['v1.31.2+rke2r1', 'v1.31.2+rke2r1'],
    ['-x', '-x'],
    ["it's", "it's"],
    ['é ü クラスタ', 'é ü クラスタ'],
    // Double quotes when YAML 1.1 would read another type.
    ['', '""'],
    ['40', '"40"'],
    ['True', '"True"'],
    ['no', '"no"'],
    ['Off', '"Off"'],
    ['y', '"y"'],
    ['~', '"~"'],
    ['null', '"null"'],
    ['0x1F', '"0x1F"'],
    ['0755', '"0755"'],
    ['08', '"08"'],
    ['1_000', '"1_000"'],
    ['1e3', '"1e3"'],
    ['.5', '".5"'],
    ['-.inf', '"-.inf"'],
    ['10:30', '"10:30"'],
    ['2024-05-01T10:00:00Z', '"2024-05-01T10:00:00Z"'],
    ['2024-5-1', '"2024-5-1"'],
    ['2024-05-01 10:00:00.5', '"2024-05-01 10:00:00.5"'],
    // …but not what only looks like it.
    ['2024-13-01', '2024-13-01'],
    ['2024-02-30', '2024-02-30'],
    ['1e400', '1e400'],
    ['yes please', 'yes please'],
    // Single quotes when the plain form is not allowed.
    ['*', "'*'"],
    ['- x', "'- x'"],
    ['a: b', "'a: b'"],
    ['a #b', "'a #b'"],
    [' lead', "' lead'"],
    ['trail ', "'trail '"],
    ['@x', "'@x'"],
    ["'q' x", "'''q'' x'"],
    ['---', "'---'"],
    // yaml.v2 looks "<<" up only after a first-character hint, and '<' has none: it stays plain.
    ['<<', '<<'],
    // Double quotes with escapes for what libyaml cannot print.
    ['a\tb', '"a\\tb"'],
    ['x😀', '"x\\U0001F600"'],
    ['\u0085', '"\\N"'],
    ['a\u00a0b', 'a\u00a0b'],
    ['\u007f', '"\\x7F"'],
    ['\ufeffbom', '"\\uFEFF\\x62\\x6F\\x6D"'],
    ['lone\ud800', 'lone\ufffd'],
  ])('%j → %s', (input, out) => expect(one(input)).toBe(out));

  it('writes multi-line text as a literal block with chomping and indentation hints', () => {
    expect(one('a\nb')).toBe('|-\n  a\n  b');
    expect(one('a\nb\n')).toBe('|\n  a\n  b');
    expect(one('a\n\n')).toBe('|+\n  a\n');
    expect(one('a\n\nb')).toBe('|-\n  a\n\n  b');
    expect(one(' a\nb')).toBe('|2-\n   a\n  b');
    expect(one('a \nb')).toBe('"a \\nb"');
  });

  it('writes numbers as yaml.v2 reads them from JSON', () => {
    expect([5, 0, -3, 1.5, 1234567.5, 0.00001, 1e21, 1e20, 2 ** 63, -0].map(one)).toEqual([
      '5',
      '0',
      '-3',
      '1.5',
      '1.2345675e+06',
      '1e-05',
      '1e+21',
      '1e+20', // beyond int64 and uint64: yaml.v2 reads a float
      '9223372036854776000', // Go's JSON digits for 2^63, read back as a uint64
      '0',
    ]);
    expect([true, false, null].map(one)).toEqual(['true', 'false', 'null']);
  });

  it('does not indent sequences under their key, and writes empty collections in flow style', () => {
    const doc = goYaml(
      new GoObject([
        [
          'conditions',
          [
            new GoObject([
              ['type', 'Ready'],
              ['status', 'True'],
            ]),
          ],
        ],
        ['empty', new GoObject([])],
        ['none', []],
      ]),
    );
    expect(doc).toBe('conditions:\n- status: "True"\n  type: Ready\nempty: {}\nnone: []\n');
  });

  it('quotes keys by the same rules', () => {
    expect(
      goYaml(
        new GoObject([
          ['yes', 1],
          ['a: b', 2],
          ['', 3],
        ]),
      ),
    ).toBe('"": 3\n\'a: b\': 2\n"yes": 1\n');
  });

  // Read back with a YAML 1.2 parser: yaml.v2 quotes every YAML 1.1 look-alike, a superset of 1.2's.
  it('reads back as the same data (property)', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), scalar), (record) => {
        const yaml = goYaml(new GoObject(Object.entries(record)));
        const back = parse(yaml) as Record<string, unknown> | null;
        return Object.entries(record).every(([k, v]) => {
          const got = (back ?? {})[k];
          return typeof v === 'number' ? got === v || (Object.is(v, -0) && got === 0) : got === v;
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('yamlV2KeyLess (yaml.v2 sorter)', () => {
  it('orders keys like yaml.v2', () => {
    const keys = ['a10', 'Pods', 'CPU', 'a9', '_x', 'Cluster', 'Current', 'RAM', 'b', 'a01', 'a1', 'B', ''];
    const sorted = [...keys].sort((x, y) => (yamlV2KeyLess(x, y) ? -1 : yamlV2KeyLess(y, x) ? 1 : 0));
    expect(sorted).toEqual([
      '',
      '_x',
      'B',
      'CPU',
      'Cluster',
      'Current',
      'Pods',
      'RAM',
      'a1',
      'a01',
      'a9',
      'a10',
      'b',
    ]);
  });
});

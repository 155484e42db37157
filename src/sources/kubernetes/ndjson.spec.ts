import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { NdjsonSplitter } from './ndjson.js';

function collect() {
  const values: unknown[] = [];
  return { values, splitter: new NdjsonSplitter((v) => values.push(v)) };
}

describe('NdjsonSplitter', () => {
  it('yields each line as soon as its newline arrives', () => {
    const { values, splitter } = collect();
    splitter.push('{"type":"ADDED","object":{"a":1}}\n{"type":"MOD');
    expect(values).toEqual([{ type: 'ADDED', object: { a: 1 } }]);
    splitter.push('IFIED"}\n\n');
    expect(values).toHaveLength(2);
    splitter.push('{"last":true}');
    splitter.end();
    expect(values[2]).toEqual({ last: true });
  });

  it('gives the same values however the bytes are cut, multi-byte characters included', () => {
    const objects = fc.array(
      fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer())),
      {
        maxLength: 8,
      },
    );
    fc.assert(
      fc.property(objects, fc.array(fc.nat(), { maxLength: 10 }), (values, cuts) => {
        const bytes = Buffer.from(values.map((v) => `${JSON.stringify(v)}\n`).join(''), 'utf8');
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const { values: got, splitter } = collect();
        let from = 0;
        for (const p of [...points, bytes.length]) {
          splitter.push(bytes.subarray(from, p));
          from = p;
        }
        splitter.end();
        expect(got).toEqual(values);
      }),
    );
  });

  it('throws on a line that is not JSON', () => {
    const { splitter } = collect();
    expect(() => splitter.push('not json\n')).toThrow(SyntaxError);
  });
});

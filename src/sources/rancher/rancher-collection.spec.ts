import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { QUANTITY, readCollection, validateItems } from './rancher-collection.js';

describe('norman collection pages', () => {
  it('reads data and pagination.next', () => {
    expect(
      readCollection({ type: 'collection', data: [{ id: 'a' }], pagination: { next: 'http://x?marker=b' } }),
    ).toEqual({
      data: [{ id: 'a' }],
      next: 'http://x?marker=b',
    });
    expect(readCollection({ type: 'collection', data: [], pagination: { limit: 5 } })).toEqual({
      data: [],
      next: null,
    });
  });

  it('names what is wrong with a body that is not a collection', () => {
    expect(readCollection([])).toBe('expected a JSON object');
    expect(readCollection({ type: 'error', data: [] })).toBe('expected "type": "collection", got "error"');
    expect(readCollection({ type: 'collection' })).toBe('expected a list "data"');
  });
});

describe('item shapes', () => {
  it('leaves out items without a string id and keeps items with bad fields, reporting both', () => {
    const { items, malformed } = validateItems('cluster', [
      { id: 'local', requested: { cpu: '1325m', memory: '640Mi' }, nodeCount: 1 },
      { id: 'c-bad', requested: { cpu: 'abc' }, nodeCount: 'three', conditions: {} },
      { name: 'no id' },
      'text',
    ]);
    expect(items.map((i) => (i as { id: string }).id)).toEqual(['local', 'c-bad']);
    expect(malformed).toEqual([
      {
        resource: 'cluster',
        id: 'c-bad',
        field: 'conditions',
        problem: 'expected a list, got object',
        kept: true,
      },
      {
        resource: 'cluster',
        id: 'c-bad',
        field: 'nodeCount',
        problem: 'expected an integer, got string',
        kept: true,
      },
      {
        resource: 'cluster',
        id: 'c-bad',
        field: 'requested.cpu',
        problem: 'not a Kubernetes quantity: "abc"',
        kept: true,
      },
      { resource: 'cluster', id: '#2', field: 'id', problem: 'expected a non-empty string', kept: false },
      { resource: 'cluster', id: '#3', field: '', problem: 'not an object', kept: false },
    ]);
  });

  it("takes a node's missing clusterId from its id", () => {
    const { items, malformed } = validateItems<{ clusterId: string }>('node', [
      { id: 'c-m-1:machine-a', worker: 'yes' },
    ]);
    expect(items[0]!.clusterId).toBe('c-m-1');
    expect(malformed.map((m) => m.field)).toEqual(['worker', 'clusterId']);
  });

  it('accepts every quantity form of the reference and refuses the invalid ones', () => {
    for (const q of [
      '500m',
      '0.5',
      '2',
      '1.5Gi',
      '129e6',
      '123456789n',
      '1024Ki',
      '1k',
      '.5',
      '+1',
      '-1',
      '1E3',
      '5.',
    ])
      expect([q, QUANTITY.test(q)]).toEqual([q, true]);
    for (const q of ['', ' 1', '1.5.2', '1KiB', '1kb', '1Kib', '1ki', '1e', 'abc', '1Gi2'])
      expect([q, QUANTITY.test(q)]).toEqual([q, false]);
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('', 'm', 'Ki', 'Mi', 'Gi', 'k', 'M', 'G'), (n, s) =>
        QUANTITY.test(`${n}${s}`),
      ),
    );
  });
});

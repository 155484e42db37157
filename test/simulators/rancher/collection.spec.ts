import { describe, expect, it } from '@jest/globals';
import { applyConditions, collection, paginate, parseConditions, parseLimit } from './collection.js';

const items = [
  { id: 'local', name: 'local', state: 'active' },
  { id: 'c-1', name: 'a', state: 'inactive' },
  { id: 'c-2', name: 'b', state: 'removing', removed: '2026-11-20T00:00:00Z' },
  { id: 'c-3', name: 'c', state: 'updating', system: true },
  { id: 'c-4', name: '', state: 'stopped' },
];
const cli = new URLSearchParams(
  'limit=-1&removed_null=1&state_ne=inactive&state_ne=stopped&state_ne=removing&system=false',
);

describe('norman collection filters', () => {
  it('applies every repeated state_ne, removed_null and system=false (absent reads as false)', () => {
    expect(applyConditions(items, parseConditions(cli)).map((i) => i.id)).toEqual(['local']);
    const noSystem = new URLSearchParams('state_ne=inactive&state_ne=stopped');
    expect(applyConditions(items, parseConditions(noSystem)).map((i) => i.id)).toEqual([
      'local',
      'c-2',
      'c-3',
    ]);
  });

  it('matches eq values as any, notin as none, and ignores unknown modifiers', () => {
    const q = new URLSearchParams('state=active&state=updating&id_notin=c-3&name_like=x');
    expect(applyConditions(items, parseConditions(q)).map((i) => i.id)).toEqual(['local']);
    expect(parseConditions(new URLSearchParams('limit=5&marker=x'))).toEqual([]);
  });
});

describe('norman pagination', () => {
  it('reads limit like norman: default 100, at most 3000, -1 for all', () => {
    expect([null, 'x', '0', '5', '5000', '-1'].map(parseLimit)).toEqual([100, 100, 100, 5, 3000, -1]);
  });

  it('starts a page at the marker and names the next page by its first id', () => {
    expect(paginate(items, 2, null)).toMatchObject({
      nextMarker: 'c-2',
      pagination: { limit: 2, total: 5, partial: true },
    });
    const last = paginate(items, 2, 'c-4');
    expect(last.data.map((i) => i.id)).toEqual(['c-4']);
    expect(last.nextMarker).toBeNull();
    expect(paginate(items, 2, 'gone').data).toEqual([]);
    expect(paginate(items, -1, null).data).toHaveLength(5);
  });

  it('builds the envelope with a next link that keeps every filter', () => {
    const self = new URL('http://sim/v3/clusters?limit=1&state_ne=inactive&state_ne=stopped');
    const body = collection(items, self.searchParams, {
      resourceType: 'cluster',
      self,
      filterable: ['name'],
    });
    expect(body).toMatchObject({ type: 'collection', resourceType: 'cluster', data: [{ id: 'local' }] });
    const pagination = body.pagination as { next: string; total: number };
    expect(pagination.total).toBe(3);
    const next = new URL(pagination.next);
    expect(next.searchParams.getAll('state_ne')).toEqual(['inactive', 'stopped']);
    expect(next.searchParams.get('marker')).toBe('c-2');
    expect(body.filters).toEqual({
      name: null,
      state: [
        { modifier: 'ne', value: 'inactive' },
        { modifier: 'ne', value: 'stopped' },
      ],
    });
  });
});

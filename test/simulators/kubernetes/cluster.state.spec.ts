import { describe, expect, it } from '@jest/globals';
import { ClusterState } from './cluster.state.js';
import type { NamespaceRecord } from './model.js';

const ns = (name: string, rv = 0): NamespaceRecord => ({
  key: name,
  name,
  serial: 1,
  rv,
  createdMs: 0,
  labels: {},
  phase: 'Active',
});

function cluster(limit = 1000) {
  const init = { pods: [], nodes: [], namespaces: [ns('a', 1), ns('c', 2)], rv: 10 };
  return new ClusterState(init, 0, { windowMs: 60_000, limit });
}

const names = (list: NamespaceRecord[] | null) => list?.map((n) => `${n.name}@${n.rv}`);

describe('cluster state and history', () => {
  it('bumps one global resourceVersion per change and keeps keys sorted', () => {
    const s = cluster();
    expect(s.commit('namespaces', 'ADDED', ns('b')).rv).toBe(11);
    s.commit('namespaces', 'MODIFIED', { ...ns('a'), phase: 'Terminating' });
    expect(names(s.stores.namespaces.all() as NamespaceRecord[])).toEqual(['a@12', 'b@11', 'c@2']);
  });

  it('rebuilds the state at an earlier resourceVersion from the history', () => {
    const s = cluster();
    s.commit('namespaces', 'ADDED', ns('b')); // 11
    s.commit('namespaces', 'DELETED', ns('c')); // 12
    s.commit('namespaces', 'MODIFIED', ns('a')); // 13
    s.commit('namespaces', 'ADDED', ns('d')); // 14
    expect(names(s.stateAt('namespaces', 10))).toEqual(['a@1', 'c@2']);
    expect(names(s.stateAt('namespaces', 12))).toEqual(['a@1', 'b@11']);
    expect(names(s.stateAt('namespaces', 14))).toEqual(['a@13', 'b@11', 'd@14']);
    expect(s.history.since(12)!.map((e) => `${e.type}@${e.rv}`)).toEqual(['MODIFIED@13', 'ADDED@14']);
  });

  it('answers null (410) before the compacted resourceVersion, by compaction or by the limit', () => {
    const s = cluster(2);
    expect(s.stateAt('namespaces', 9)).toBeNull(); // before the seeded state
    s.commit('namespaces', 'ADDED', ns('b'));
    s.commit('namespaces', 'ADDED', ns('d'));
    s.commit('namespaces', 'ADDED', ns('e')); // the limit drops rv 11
    expect(s.history.compactedRv).toBe(11);
    expect(s.history.since(10)).toBeNull();
    expect(s.history.since(11)).toHaveLength(2);
    s.history.compact(s.resourceVersion);
    expect(s.history.since(12)).toBeNull();
    expect(s.history.since(13)).toEqual([]);
  });
});

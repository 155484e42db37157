import { describe, expect, it } from '@jest/globals';
import type { SourceSnapshot, V3Cluster } from '../cluster.model.js';
import { buildRegistryView } from './cluster-views.js';
import type { SourceState } from './source-state.js';

const at = new Date('2026-11-26T12:00:00Z');

function cluster(id: string, apiEndpoint?: string): V3Cluster {
  return {
    id,
    name: id,
    state: 'active',
    driver: 'rke2',
    nodeCount: 1,
    requested: { cpu: '500m', memory: '1Gi', pods: '3' },
    allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
    ...(apiEndpoint ? { apiEndpoint } : {}),
  };
}

function state(source: string, sourceKind: SourceState['sourceKind'], clusters: V3Cluster[]): SourceState {
  const snapshot: SourceSnapshot = { source, sourceKind, observedAt: at, clusters, nodes: [], nodePools: [] };
  return { source, sourceKind, snapshot, failure: null };
}

describe('buildRegistryView', () => {
  it('keeps two Rancher servers\u2019 `local` apart even though both report the same in-cluster endpoint', () => {
    const view = buildRegistryView([
      state('a', 'rancher', [cluster('local', 'https://10.43.0.1:443')]),
      state('b', 'rancher', [cluster('local', 'https://10.43.0.1:443')]),
    ]);
    expect(view.clusters.map((c) => c.id)).toEqual(['a:local', 'b:local']);
    expect(view.resolve('local')).toBe('ambiguous');
    expect(view.resolve('b:local')).toBe('b:local');
  });

  it('shows a cluster reached through Rancher and directly once, with both sources, numbers from Rancher', () => {
    const direct = { ...cluster('edge', 'https://edge.example.org:6443/'), nodeCount: 9 };
    const view = buildRegistryView([
      state('rancher', 'rancher', [cluster('c-m-1', 'https://EDGE.example.org:6443')]),
      state('edge', 'kubernetes', [direct]),
    ]);
    expect(view.clusters).toHaveLength(1);
    expect(view.clusters[0]).toMatchObject({
      id: 'rancher:c-m-1',
      sources: ['rancher', 'edge'],
      nodeCount: 1,
    });
    expect(view.resolve('edge:edge')).toBe('rancher:c-m-1');
    expect(view.resolve('c-m-1')).toBe('rancher:c-m-1');
  });

  it('lists a source that never answered as one row named after it, with its failure', () => {
    const silent: SourceState = { source: 'down', sourceKind: 'rancher', snapshot: null, failure: null };
    const refused: SourceState = {
      source: 'refused',
      sourceKind: 'rancher',
      snapshot: null,
      failure: {
        source: 'refused',
        sourceKind: 'rancher',
        observedAt: at,
        state: 'unavailable',
        reason: 'HTTP 401',
      },
    };
    const view = buildRegistryView([silent, refused]);
    expect(view.clusters.map((c) => [c.id, c.state, c.reason])).toEqual([
      ['down:down', 'unknown', 'no answer from this source yet'],
      ['refused:refused', 'unavailable', 'HTTP 401'],
    ]);
  });

  it('keeps a failing source\u2019s clusters with their last numbers and the failure as state and reason', () => {
    const s = state('a', 'rancher', [cluster('c-1')]);
    s.failure = { source: 'a', sourceKind: 'rancher', observedAt: at, state: 'unknown', reason: 'timed out' };
    const [c] = buildRegistryView([s]).clusters;
    expect(c).toMatchObject({ id: 'a:c-1', state: 'unknown', reason: 'timed out', nodeCount: 1 });
    expect(c!.cpu.allocatableCores).toBe(4);
  });
});

import { describe, expect, it } from '@jest/globals';
import { snapshotHealth, toClusterHealth, toNodeHealth } from './cluster-health.view.js';
import { CLUSTERS, NODES, NODE_POOLS } from './rancher-format/__golden__/worked-example.fixture.js';

const observedAt = new Date('2026-11-26T14:00:00Z');

describe('toClusterHealth', () => {
  it('turns the §4 clusters into numbers: cores, bytes, pods', () => {
    const [prod, local, imported] = CLUSTERS.map((c) =>
      toClusterHealth(c, { sources: ['rancher'], lastSeen: observedAt }),
    );
    expect(prod).toMatchObject({
      id: 'rancher:c-m-7xk2p9qd',
      clusterId: 'c-m-7xk2p9qd',
      name: 'prod-rke2',
      state: 'active',
      reason: null,
      provider: 'RKE2',
      nodeCount: 5,
      cpu: { requestedCores: 3.58, allocatableCores: 40 },
      memory: { requestedBytes: 1750 * 2 ** 20, allocatableBytes: 81609472 * 1024 },
      pods: { requested: 27, allocatable: 330 },
      sources: ['rancher'],
      lastSeen: '2026-11-26T14:00:00.000Z',
    });
    expect(local).toMatchObject({
      provider: 'Unknown',
      cpu: { requestedCores: 1.325, allocatableCores: 4 },
      memory: { requestedBytes: 640 * 2 ** 20, allocatableBytes: 16265236 * 1024 },
    });
    expect(imported).toMatchObject({
      name: 'c-4kq8z',
      provider: 'Imported',
      state: 'updating',
      cpu: { requestedCores: 0.125, allocatableCores: 7.91 },
      memory: { requestedBytes: 128 * 2 ** 20, allocatableBytes: 15 * 2 ** 30 },
      pods: { requested: 0, allocatable: 58 },
    });
    expect(imported.v3).toBe(CLUSTERS[2]);
  });

  it('explains a state that is not active, and lets a failing source override state and reason', () => {
    const cluster = {
      id: 'c-1',
      state: 'unavailable',
      conditions: [
        { type: 'Provisioned', status: 'True', message: 'done' },
        { type: 'Ready', status: 'False', message: 'Cluster agent is not connected' },
      ],
    };
    expect(toClusterHealth(cluster, { sources: ['s'], lastSeen: null }).reason).toBe(
      'Cluster agent is not connected',
    );
    expect(
      toClusterHealth(
        { ...cluster, transitioningMessage: 'waiting for agent' },
        { sources: ['s'], lastSeen: null },
      ).reason,
    ).toBe('waiting for agent');
    const failed = toClusterHealth(CLUSTERS[0], {
      sources: ['rancher', 'kube-prod', 'rancher'],
      lastSeen: null,
      failure: { state: 'unknown', reason: 'rancher: connect ECONNREFUSED' },
    });
    expect(failed).toMatchObject({
      state: 'unknown',
      reason: 'rancher: connect ECONNREFUSED',
      lastSeen: null,
    });
    expect(failed.sources).toEqual(['rancher', 'kube-prod']);
    expect(failed.cpu.requestedCores).toBe(3.58);
  });

  it('takes the Kubernetes version from version.gitVersion, else info, and marks bad quantities NaN', () => {
    const health = toClusterHealth(
      {
        id: 'c',
        info: { kubernetesVersion: 'v1.31.2+k3s1' },
        requested: { cpu: 'lots' },
        allocatable: { cpu: '' },
      },
      { sources: ['s'], lastSeen: null },
    );
    expect(health.kubernetesVersion).toBe('v1.31.2+k3s1');
    expect(health.cpu.requestedCores).toBeNaN();
    expect(health.cpu.allocatableCores).toBe(0);
    expect(health.state).toBe('unknown');
    expect(
      toClusterHealth({ id: 'c', version: { gitVersion: 'v1.30.1' } }, { sources: ['s'], lastSeen: null })
        .kubernetesVersion,
    ).toBe('v1.30.1');
  });
  it('takes the fedwatch id the registry chose, de-duplicates sources and needs at least one', () => {
    const merged = toClusterHealth(CLUSTERS[1], {
      id: 'rancher:local',
      sources: ['rancher', 'kube-local'],
      lastSeen: null,
    });
    expect([merged.id, merged.sources]).toEqual(['rancher:local', ['rancher', 'kube-local']]);
    expect(() => toClusterHealth(CLUSTERS[1], { sources: [], lastSeen: null })).toThrow(/no source/);
  });
});

describe('toNodeHealth', () => {
  it('names, pools and clusters the §4 nodes like rancher nodes', () => {
    const nodes = NODES.map((n) => toNodeHealth(n, NODE_POOLS, { source: 'rancher' }));
    expect(nodes.map((n) => [n.id, n.nodeId, n.cluster, n.name, n.state, n.pool])).toEqual([
      [
        'rancher:c-m-7xk2p9qd:machine-5h2xq',
        'c-m-7xk2p9qd:machine-5h2xq',
        'rancher:c-m-7xk2p9qd',
        'prod-cp-1',
        'active',
        '',
      ],
      [
        'rancher:c-m-7xk2p9qd:machine-9kz7t',
        'c-m-7xk2p9qd:machine-9kz7t',
        'rancher:c-m-7xk2p9qd',
        'prod-worker-1',
        'active',
        'prod-worker-',
      ],
      [
        'rancher:c-m-7xk2p9qd:machine-w3n8d',
        'c-m-7xk2p9qd:machine-w3n8d',
        'rancher:c-m-7xk2p9qd',
        'prod-worker-2',
        'unavailable',
        'prod-worker-',
      ],
    ]);
  });

  it('takes the ids the registry chose', () => {
    const node = toNodeHealth(NODES[0], NODE_POOLS, {
      id: 'rancher:c-m-7xk2p9qd:machine-5h2xq',
      cluster: 'kube:prod',
    });
    expect([node.id, node.cluster, node.nodeId]).toEqual([
      'rancher:c-m-7xk2p9qd:machine-5h2xq',
      'kube:prod',
      'c-m-7xk2p9qd:machine-5h2xq',
    ]);
  });

  it('reads roles, cordon, taints, readiness and resources', () => {
    const node = toNodeHealth(
      {
        id: 'c-1:m-1',
        clusterId: 'c-1',
        controlPlane: true,
        etcd: true,
        unschedulable: true,
        taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'MemoryPressure', status: 'False' },
        ],
        requested: { cpu: '250m', memory: '1Gi', pods: '7' },
        allocatable: { cpu: '4', memory: '16393216Ki', pods: '110' },
      },
      [],
      { source: 'k' },
    );
    expect(node).toMatchObject({
      cluster: 'k:c-1',
      roles: ['controlplane', 'etcd'],
      cordoned: true,
      ready: true,
      cpu: { requestedCores: 0.25, allocatableCores: 4 },
      memory: { requestedBytes: 2 ** 30, allocatableBytes: 16393216 * 1024 },
      pods: { requested: 7, allocatable: 110 },
    });
    expect(node.taints).toHaveLength(1);
    expect(toNodeHealth({ id: 'x:y' }, [], { source: 'k' })).toMatchObject({
      roles: ['worker'],
      ready: false,
      cordoned: false,
    });
    const merged = [
      { type: 'Ready', status: 'True' },
      { type: 'Ready', status: 'Unknown' },
    ];
    expect(toNodeHealth({ id: 'x:y', conditions: merged }, [], { source: 'k' }).ready).toBe(false);
  });
});

describe('snapshotHealth', () => {
  it('views every cluster and node of a source snapshot', () => {
    const { clusters, nodes } = snapshotHealth({
      source: 'rancher',
      sourceKind: 'rancher',
      observedAt,
      clusters: CLUSTERS,
      nodes: NODES,
      nodePools: NODE_POOLS,
    });
    expect(clusters.map((c) => c.id)).toEqual(['rancher:c-m-7xk2p9qd', 'rancher:local', 'rancher:c-4kq8z']);
    expect(nodes.every((n) => n.cluster === clusters[0].id)).toBe(true);
  });
});

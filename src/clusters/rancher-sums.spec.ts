import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ResourceAmounts, SlimNode, SlimPod } from './k8s-slim.types.js';
import { parseQuantity } from './quantity.js';
import { computeRancherSums, rancherPodAmounts, RancherSumsIndex } from './rancher-sums.js';

const amounts = (list: Record<string, string>): ResourceAmounts =>
  Object.fromEntries(Object.entries(list).map(([k, v]) => [k, parseQuantity(v)]));

function node(name: string, over: Partial<SlimNode> & { alloc?: Record<string, string> } = {}): SlimNode {
  const allocatable = amounts(over.alloc ?? { cpu: '4', memory: '8Gi', pods: '110' });
  return {
    name,
    resourceVersion: '1',
    labels: { 'kubernetes.io/os': 'linux' },
    unschedulable: false,
    taints: [],
    capacity: allocatable,
    allocatable,
    conditions: [{ type: 'Ready', status: 'True' }],
    addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
    kubeletVersion: 'v1.31.4+rke2r1',
    ...over,
  };
}

function pod(
  uid: string,
  nodeName: string,
  phase: string,
  requests: ResourceAmounts,
  limits: ResourceAmounts = {},
) {
  return {
    uid,
    namespace: 'ns',
    name: uid,
    resourceVersion: '1',
    nodeName,
    phase,
    requests,
    limits,
  } as SlimPod;
}

const CP = 'node-role.kubernetes.io/control-plane';

describe('computeRancherSums: a worked example', () => {
  const nodes = [
    node('cp-1', {
      labels: { [CP]: 'true', 'node-role.kubernetes.io/etcd': 'true', 'kubernetes.io/os': 'linux' },
      taints: [{ key: CP, effect: 'NoSchedule' }],
    }),
    node('w-1', {
      labels: { 'node-role.kubernetes.io/worker': 'true', 'kubernetes.io/os': 'linux' },
      capacity: amounts({ cpu: '8', memory: '32Gi', pods: '110' }),
      alloc: { cpu: '7910m', memory: '30Gi', pods: '110' },
    }),
    node('w-2', {
      alloc: { cpu: '8', memory: '31457280Ki', pods: '110' },
      conditions: [{ type: 'Ready', status: 'False', message: 'kubelet stopped posting node status' }],
    }),
    node('w-3', { unschedulable: true }),
    node('cp-2', {
      labels: { [CP]: '' },
      taints: [{ key: CP, effect: 'PreferNoSchedule' }],
      alloc: { cpu: '2', memory: '4Gi', pods: '110' },
    }),
  ];
  const p1 = rancherPodAmounts(
    [amounts({ cpu: '100m', memory: '128Mi' }), amounts({ cpu: '250m', memory: '64Mi' })],
    [amounts({ cpu: '500m', memory: '32Mi' })],
  );
  const pods = [
    pod('p1', 'w-1', 'Running', p1, amounts({ cpu: '1', memory: '256Mi' })),
    pod('p2', 'w-1', 'Succeeded', amounts({ cpu: '1' })),
    pod('p3', 'w-2', 'Pending', amounts({ cpu: '1.5', memory: '1Gi' })),
    pod('p4', 'cp-1', 'Running', amounts({ cpu: '250m', memory: '100M' })),
    pod('p5', '', 'Pending', amounts({ cpu: '4' })),
    pod('p6', 'w-3', 'Running', amounts({ cpu: '1' })),
    pod('p7', 'w-1', 'Unknown', {}),
    pod('p8', 'w-2', 'Failed', amounts({ memory: '1Gi' })),
  ];
  const sums = computeRancherSums('prod', nodes, pods);
  const byName = Object.fromEntries(sums.nodes.map((n) => [n.nodeName, n]));

  it("applies Rancher's per-pod rule (containers summed, init containers as a max)", () => {
    expect(byName['w-1'].requested).toEqual({ cpu: '500m', memory: '192Mi', pods: '2' });
    expect(byName['w-1'].limits).toEqual({ cpu: '1', memory: '256Mi' });
  });

  it('counts Pending/Running/Unknown pods per node, never Succeeded/Failed or unscheduled ones', () => {
    expect(byName['w-2'].requested).toEqual({ cpu: '1500m', memory: '1Gi', pods: '1' });
    expect(byName['cp-1'].requested).toEqual({ cpu: '250m', memory: '100M', pods: '1' });
    expect(byName['w-3'].requested).toEqual({ cpu: '1', pods: '1' });
    expect(byName['cp-2'].requested).toEqual({});
  });

  it('sums the cluster over schedulable workers and untainted nodes, counting every node', () => {
    expect(sums.cluster).toEqual({
      nodeCount: 5,
      linuxWorkerCount: 2,
      windowsWorkerCount: 0,
      capacity: { cpu: '18', memory: '66Gi', pods: '330' },
      allocatable: { cpu: '17910m', memory: '64Gi', pods: '330' },
      requested: { cpu: '2', memory: '1216Mi', pods: '3' },
      limits: { cpu: '1', memory: '256Mi', pods: '0' },
    });
  });

  it('shapes v3 nodes like Rancher', () => {
    expect(byName['w-2']).toMatchObject({
      id: 'prod:w-2',
      clusterId: 'prod',
      state: 'unavailable',
      transitioning: 'yes',
      transitioningMessage: 'kubelet stopped posting node status',
      worker: true,
      controlPlane: false,
      ipAddress: '10.0.0.1',
    });
    expect(byName['cp-1']).toMatchObject({ etcd: true, controlPlane: true, worker: false, state: 'active' });
    expect(byName['w-3']).toMatchObject({ state: 'active', unschedulable: true });
    expect(byName['w-1'].allocatable).toEqual({ cpu: '7910m', memory: '30Gi', pods: '110' });
  });

  it('gives the same numbers through the incremental index', () => {
    const index = new RancherSumsIndex('prod');
    for (const p of pods) index.upsertPod(p);
    for (const n of nodes) index.upsertNode(n);
    expect(index.clusterTotals()).toEqual(sums.cluster);
    for (const view of sums.nodes) expect(index.nodeView(view.nodeName as string)).toEqual(view);
  });
});

/** Random histories of node and pod events: the index must always equal a from-scratch sum. */
describe('RancherSumsIndex under random events', () => {
  const QUANTITIES = ['0', '100m', '250m', '1', '1.5', '128Mi', '1Gi', '100M', '2Ki', '512', '1e3', '3Ki'];
  const amountsArb = fc
    .dictionary(fc.constantFrom('cpu', 'memory', 'nvidia.com/gpu'), fc.constantFrom(...QUANTITIES), {
      maxKeys: 3,
    })
    .map(amounts);
  const nodeName = fc.constantFrom('n1', 'n2', 'n3', 'n4');
  const nodeArb = fc
    .record({
      name: nodeName,
      cordoned: fc.boolean(),
      role: fc.constantFrom('worker', 'none', 'cp-tainted', 'cp'),
      os: fc.constantFrom('linux', 'windows'),
      alloc: fc.record({ cpu: fc.constantFrom('4', '3500m'), memory: fc.constantFrom('8Gi', '7Gi', '8G') }),
    })
    .map((r) =>
      node(r.name, {
        unschedulable: r.cordoned,
        labels: { 'kubernetes.io/os': r.os, ...(r.role.startsWith('cp') ? { [CP]: 'true' } : {}) },
        taints: r.role === 'cp-tainted' ? [{ key: CP, effect: 'NoExecute' }] : [],
        alloc: { ...r.alloc, pods: '110' },
      }),
    );
  const podArb = fc
    .record({
      uid: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      node: fc.constantFrom('n1', 'n2', 'n3', 'n4', 'n5', ''),
      phase: fc.constantFrom('Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'),
      requests: amountsArb,
      limits: amountsArb,
    })
    .map((r) => pod(r.uid, r.node, r.phase, r.requests, r.limits));
  const op = fc.oneof(
    nodeArb.map((n) => ({ kind: 'upsertNode' as const, n })),
    nodeName.map((name) => ({ kind: 'deleteNode' as const, name })),
    podArb.map((p) => ({ kind: 'upsertPod' as const, p })),
    fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f').map((uid) => ({ kind: 'deletePod' as const, uid })),
    fc.constant({ kind: 'read' as const }),
  );

  it('equals computeRancherSums after every history', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const index = new RancherSumsIndex('c');
        const nodes = new Map<string, SlimNode>();
        const pods = new Map<string, SlimPod>();
        for (const o of ops) {
          if (o.kind === 'upsertNode') {
            index.upsertNode(o.n);
            nodes.set(o.n.name, o.n);
          } else if (o.kind === 'deleteNode') {
            index.deleteNode(o.name);
            nodes.delete(o.name);
          } else if (o.kind === 'upsertPod') {
            index.upsertPod(o.p);
            pods.set(o.p.uid, o.p);
          } else if (o.kind === 'deletePod') {
            index.deletePod(o.uid);
            pods.delete(o.uid);
          } else index.clusterTotals();
        }
        const expected = computeRancherSums('c', [...nodes.values()], [...pods.values()]);
        expect(index.clusterTotals()).toEqual(expected.cluster);
        const sortById = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
        expect(index.nodeViews().sort(sortById)).toEqual([...expected.nodes].sort(sortById));
        expect(index.nodeCount).toBe(nodes.size);
        expect(index.podCount).toBe(pods.size);
      }),
      { numRuns: 500 },
    );
  });
});

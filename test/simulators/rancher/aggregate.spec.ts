import { describe, expect, it } from '@jest/globals';
import { aggregateCluster, isCounted } from './aggregate.js';

const cp = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
const etcd = { key: 'node-role.kubernetes.io/etcd', effect: 'NoExecute' };
const node = (extra: Record<string, unknown>) => ({
  worker: false,
  controlPlane: false,
  etcd: false,
  requested: { cpu: '500m', memory: '640Mi', pods: '10' },
  allocatable: { cpu: '4', memory: '16265236Ki', pods: '110' },
  ...extra,
});

describe("Rancher's cluster totals (§3.5)", () => {
  it('leaves out cordoned nodes and tainted non-workers, keeps the rest', () => {
    expect(isCounted(node({ worker: true }))).toBe(true);
    expect(isCounted(node({ worker: true, unschedulable: true }))).toBe(false);
    expect(isCounted(node({ controlPlane: true, etcd: true, taints: [cp, etcd] }))).toBe(false);
    expect(isCounted(node({ etcd: true, taints: [etcd] }))).toBe(false);
    expect(isCounted(node({ controlPlane: true, taints: [{ ...cp, effect: 'PreferNoSchedule' }] }))).toBe(
      true,
    );
    expect(isCounted(node({ controlPlane: true, worker: true, taints: [cp] }))).toBe(true);
    expect(isCounted(node({ controlPlane: true }))).toBe(true);
    expect(isCounted(node({}))).toBe(true); // no role at all: a worker
  });

  it('counts every node and sums the counted ones canonically', () => {
    const cluster: Record<string, unknown> = { info: { nodeCount: 0 } };
    const nodes = [
      node({ controlPlane: true, etcd: true, taints: [cp, etcd] }),
      node({ worker: true }),
      node({ worker: true, requested: { cpu: '525m', memory: '384Mi' } }),
      node({ worker: true, unschedulable: true }),
    ];
    aggregateCluster(cluster, nodes);
    expect(cluster).toMatchObject({
      nodeCount: 4,
      linuxWorkerCount: 2,
      windowsWorkerCount: 0,
      requested: { cpu: '1025m', memory: '1Gi', pods: '10' },
      allocatable: { cpu: '8', memory: '32530472Ki', pods: '220' },
      capacity: {},
      info: { nodeCount: 4 },
    });
  });

  it('omits a resource no counted node reports', () => {
    const cluster: Record<string, unknown> = {};
    aggregateCluster(cluster, [node({ worker: true, requested: { cpu: '125m', memory: '128Mi' } })]);
    expect(cluster.requested).toEqual({ cpu: '125m', memory: '128Mi' });
  });
});

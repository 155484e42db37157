import { describe, expect, it } from '@jest/globals';
import type { SlimNode } from './k8s-slim.types.js';
import { formatQuantity, parseQuantity } from './quantity.js';
import {
  clusterProvider,
  countsTowardsCluster,
  nodeRoles,
  nodeV3State,
  providerFromVersion,
  QuantityTotal,
  rancherPodAmounts,
} from './rancher-sums.js';

const q = parseQuantity;
const base: SlimNode = {
  name: 'n',
  resourceVersion: '1',
  labels: {},
  unschedulable: false,
  taints: [],
  capacity: {},
  allocatable: {},
  conditions: [],
  addresses: [],
  kubeletVersion: '',
};

describe('nodeRoles', () => {
  it.each([
    [{}, { etcd: false, controlPlane: false, worker: true }],
    [{ 'node-role.kubernetes.io/worker': 'true' }, { etcd: false, controlPlane: false, worker: true }],
    [{ 'node-role.kubernetes.io/control-plane': '' }, { etcd: false, controlPlane: true, worker: false }],
    [{ 'node-role.kubernetes.io/controlplane': 'true' }, { etcd: false, controlPlane: true, worker: false }],
    [{ 'node-role.kubernetes.io/master': 'true' }, { etcd: false, controlPlane: true, worker: false }],
    [{ 'node-role.kubernetes.io/etcd': 'true' }, { etcd: true, controlPlane: false, worker: false }],
    [
      { 'node-role.kubernetes.io/etcd': 'true', 'node-role.kubernetes.io/worker': 'true' },
      { etcd: true, controlPlane: false, worker: true },
    ],
    [{ 'node-role.kubernetes.io/gpu': 'true' }, { etcd: false, controlPlane: false, worker: true }],
  ])('%j → %j', (labels, roles) => {
    expect(nodeRoles(labels)).toEqual(roles);
  });
});

describe('countsTowardsCluster', () => {
  const cp = { 'node-role.kubernetes.io/control-plane': 'true' };
  const taint = (key: string, effect: string) => [{ key, effect }];
  it('leaves out cordoned nodes, workers included', () => {
    expect(countsTowardsCluster({ ...base, unschedulable: true })).toBe(false);
  });
  it('leaves out non-workers with a NoSchedule/NoExecute control-plane, etcd or master taint', () => {
    for (const key of ['control-plane', 'controlplane', 'etcd', 'master'].map(
      (r) => `node-role.kubernetes.io/${r}`,
    )) {
      expect(countsTowardsCluster({ ...base, labels: cp, taints: taint(key, 'NoSchedule') })).toBe(false);
      expect(countsTowardsCluster({ ...base, labels: cp, taints: taint(key, 'NoExecute') })).toBe(false);
    }
  });
  it('keeps tainted workers, softly tainted or untainted control planes, and other taints', () => {
    const workerCp = { ...cp, 'node-role.kubernetes.io/worker': 'true' };
    const cpTaint = taint('node-role.kubernetes.io/control-plane', 'NoSchedule');
    expect(countsTowardsCluster({ ...base, labels: workerCp, taints: cpTaint })).toBe(true);
    expect(countsTowardsCluster({ ...base, labels: cp })).toBe(true);
    expect(
      countsTowardsCluster({
        ...base,
        labels: cp,
        taints: taint('node-role.kubernetes.io/control-plane', 'PreferNoSchedule'),
      }),
    ).toBe(true);
    expect(countsTowardsCluster({ ...base, labels: cp, taints: taint('dedicated', 'NoSchedule') })).toBe(
      true,
    );
  });
});

describe('nodeV3State (wrangler summary of the Ready condition)', () => {
  const ready = (status: string) => ({ ...base, conditions: [{ type: 'Ready', status, message: 'why' }] });
  it('active, unavailable (transitioning) or unavailable (error)', () => {
    expect(nodeV3State(ready('True'))).toEqual({
      state: 'active',
      transitioning: 'no',
      transitioningMessage: '',
    });
    expect(nodeV3State(ready('False'))).toEqual({
      state: 'unavailable',
      transitioning: 'yes',
      transitioningMessage: 'why',
    });
    expect(nodeV3State(ready('Unknown'))).toEqual({
      state: 'unavailable',
      transitioning: 'error',
      transitioningMessage: 'why',
    });
  });
  it('keeps a cordoned node active, as the v3 API does', () => {
    expect(nodeV3State({ ...ready('True'), unschedulable: true }).state).toBe('active');
  });
});

describe('provider', () => {
  it.each([
    ['v1.31.4+rke2r1', 'rke2'],
    ['v1.30.2+k3s1', 'k3s'],
    ['v1.29.8-eks-a737599', 'eks'],
    ['v1.30.5-gke.1014001', 'gke'],
    ['v1.31.0', ''],
    ['', ''],
  ])('%s → %p', (version, provider) => {
    expect(providerFromVersion(version)).toBe(provider);
  });
  it('prefers the API server, then the most common node provider', () => {
    expect(clusterProvider('v1.31.4+rke2r1', new Map([['k3s', 3]]))).toBe('rke2');
    expect(
      clusterProvider(
        'v1.31.4',
        new Map([
          ['', 5],
          ['k3s', 3],
          ['rke2', 1],
        ]),
      ),
    ).toBe('k3s');
    expect(clusterProvider(undefined, new Map([['', 2]]))).toBe('');
  });
});

describe('rancherPodAmounts', () => {
  it('takes an init-only resource as it is and keeps the larger value with its own format', () => {
    const total = rancherPodAmounts(
      [{ cpu: q('100m'), memory: q('100M') }],
      [{ memory: q('1Gi') }, { 'example.com/x': q('1') }],
    );
    expect(Object.fromEntries(Object.entries(total).map(([k, v]) => [k, formatQuantity(v)]))).toEqual({
      cpu: '100m',
      memory: '1Gi',
      'example.com/x': '1',
    });
  });
  it('sums containers with the format of the first non-zero one', () => {
    const total = rancherPodAmounts([{ memory: q('0') }, { memory: q('64Mi') }, { memory: q('100M') }], []);
    expect(formatQuantity(total.memory)).toBe('167108864'); // 64Mi + 100M is not a whole number of Ki
    expect(total.memory.format).toBe('BinarySI');
  });
});

describe('QuantityTotal', () => {
  it('takes values out again and forgets a format once no term has it', () => {
    const t = new QuantityTotal();
    t.add(q('1Gi'));
    t.add(q('500M'));
    t.add(q('1G'));
    expect(t.value().format).toBe('DecimalSI');
    t.remove(q('1G'));
    expect(t.value().format).toBe('BinarySI'); // tie: binary first
    t.remove(q('500M'));
    expect(formatQuantity(t.value())).toBe('1Gi');
    t.add(q('0'));
    expect(t.size).toBe(2);
    t.remove(q('1Gi'));
    expect(formatQuantity(t.value())).toBe('0');
  });
});

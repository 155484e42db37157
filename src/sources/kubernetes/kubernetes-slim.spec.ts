import { describe, expect, it } from '@jest/globals';
import { formatQuantity } from '../../clusters/quantity.js';
import { slimNode, slimPod } from './kubernetes-slim.js';
import { SlimInterner } from './kubernetes-slim.interner.js';

const text = (amounts: Record<string, { nano: bigint; format: string }>) =>
  Object.fromEntries(Object.entries(amounts).map(([k, v]) => [k, formatQuantity(v as never)]));

const rawNode = {
  metadata: {
    name: 'w-1',
    resourceVersion: '42',
    creationTimestamp: '2026-11-01T10:00:00Z',
    labels: {
      'kubernetes.io/os': 'linux',
      'node-role.kubernetes.io/worker': 'true',
      'topology.kubernetes.io/zone': 'az-1',
      'feature.node.kubernetes.io/cpu-model': 'dropped',
    },
    annotations: { big: 'x'.repeat(1000) },
  },
  spec: {
    unschedulable: true,
    taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }, { effect: 'NoSchedule' }],
  },
  status: {
    capacity: { cpu: '16', memory: '65851340Ki', pods: '110', 'nvidia.com/gpu': '1' },
    allocatable: { cpu: '15900m', memory: '12XB', pods: '110' },
    conditions: [
      { type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: '2026-11-26T12:00:00Z' },
      { type: 'MemoryPressure', status: 'False' },
    ],
    addresses: [
      { type: 'InternalIP', address: '10.0.0.5' },
      { type: 'Hostname', address: 'w-1' },
    ],
    nodeInfo: { kubeletVersion: 'v1.31.4+rke2r1', osImage: 'Ubuntu' },
    images: [{ names: ['a'], sizeBytes: 1 }],
  },
};

describe('slimNode', () => {
  it('keeps the labels of interest and the fields the sums and views need', () => {
    const { value, problems } = slimNode(rawNode, new SlimInterner());
    expect(value).toMatchObject({
      name: 'w-1',
      resourceVersion: '42',
      creationTimestamp: '2026-11-01T10:00:00Z',
      labels: {
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/worker': 'true',
        'topology.kubernetes.io/zone': 'az-1',
      },
      unschedulable: true,
      taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }],
      kubeletVersion: 'v1.31.4+rke2r1',
      addresses: rawNode.status.addresses,
    });
    expect(value?.labels).not.toHaveProperty('feature.node.kubernetes.io/cpu-model');
    expect(value?.conditions[0]).toEqual(rawNode.status.conditions[0]);
    expect(text(value!.capacity)).toEqual({
      cpu: '16',
      memory: '65851340Ki',
      pods: '110',
      'nvidia.com/gpu': '1',
    });
    expect(text(value!.allocatable)).toEqual({ cpu: '15900m', pods: '110' });
    expect(problems).toEqual([
      { object: 'node/w-1', field: 'spec.taints[1]', problem: 'taint without key or effect' },
      {
        object: 'node/w-1',
        field: 'status.allocatable.memory',
        problem: expect.stringContaining('invalid quantity "12XB"'),
      },
    ]);
  });

  it('drops an object without a name', () => {
    expect(slimNode({ metadata: {} }, new SlimInterner())).toEqual({
      value: null,
      problems: [{ object: 'node/?', field: 'metadata.name', problem: 'missing' }],
    });
  });
});

const rawPod = (over: Record<string, unknown> = {}) => ({
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u-1', resourceVersion: '7' },
  spec: {
    nodeName: 'w-1',
    containers: [
      { name: 'app', resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
      { name: 'proxy', resources: { requests: { cpu: '0.1', memory: '64Mi' } } },
    ],
    initContainers: [{ name: 'init', resources: { requests: { cpu: '1', memory: 'lots' } } }],
    overhead: { cpu: '10m' },
  },
  status: { phase: 'Running', containerStatuses: [] },
  ...over,
});

describe('slimPod', () => {
  it("computes Rancher's amounts at ingest and reports unreadable quantities by field", () => {
    const { value, problems } = slimPod(rawPod(), new SlimInterner());
    expect(value).toMatchObject({
      uid: 'u-1',
      namespace: 'shop',
      name: 'web-1',
      nodeName: 'w-1',
      phase: 'Running',
    });
    expect(text(value!.requests)).toEqual({ cpu: '1', memory: '320Mi' });
    expect(text(value!.limits)).toEqual({ memory: '512Mi' });
    expect(problems).toEqual([
      {
        object: 'pod/shop/web-1',
        field: 'spec.initContainers[0].resources.requests.memory',
        problem: expect.stringContaining('invalid quantity "lots"'),
      },
    ]);
  });

  it('shares equal amounts between pods and keeps none for finished ones', () => {
    const interner = new SlimInterner();
    const a = slimPod(rawPod(), interner).value!;
    const b = slimPod(
      { ...rawPod(), metadata: { name: 'web-2', namespace: 'shop', uid: 'u-2' } },
      interner,
    ).value!;
    expect(a.requests).toBe(b.requests);
    expect(Object.isFrozen(a.requests)).toBe(true);
    const done = slimPod(rawPod({ status: { phase: 'Succeeded' } }), interner);
    expect(done.value?.requests).toEqual({});
    expect(done.problems).toEqual([]);
  });

  it('keys a pod without uid by namespace/name and an unscheduled one by an empty node', () => {
    const { value } = slimPod(
      { metadata: { name: 'p', namespace: 'n' }, spec: {}, status: {} },
      new SlimInterner(),
    );
    expect(value).toMatchObject({ uid: 'n/p', nodeName: '', phase: '', requests: {}, limits: {} });
  });
});

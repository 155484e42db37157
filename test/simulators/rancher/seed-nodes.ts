/** The v3 nodes (and v3 node pools) of one cluster. */
import type { Rng } from '../openstack/prng.js';
import { ipv4, randomString } from './ids.js';
import type { Json } from './model.js';
import { layoutNodes, type NodeLayout } from './node-layout.js';
import { nodeResources } from './node-resources.js';
import type { ClusterPlan } from './seed-clusters.js';
import { nodeConditions } from './states.js';

export interface SeededNodes {
  nodes: Json[];
  pools: Json[];
}

function kubernetesName(rng: Rng, plan: ClusterPlan, layout: NodeLayout, ordinal: number): string {
  const label = plan.name || plan.id;
  switch (plan.nodeStyle) {
    case 'local':
      return `rancher-${ordinal}`;
    case 'eks':
      return `ip-10-0-${rng.int(0, 255)}-${rng.int(1, 254)}.eu-west-1.compute.internal`;
    case 'gke':
      return `gke-${label}-default-pool-${rng.hex(8)}-${randomString(rng, 4)}`;
    case 'aks':
      return `aks-nodepool1-${rng.int(10_000_000, 99_999_999)}-vmss00000${ordinal - 1}`;
    default:
      return `${label}-${layout.worker && !layout.controlPlane && !layout.etcd ? 'worker' : 'cp'}-${ordinal}`;
  }
}

function state(plan: ClusterPlan, layout: NodeLayout): string {
  if (plan.state === 'removing') return 'removing';
  if (layout.unreachable) return 'unavailable';
  return layout.cordoned ? 'cordoned' : 'active';
}

function roleLabels(layout: NodeLayout): Record<string, string> {
  const labels: Record<string, string> = {};
  if (layout.controlPlane) labels['node-role.kubernetes.io/control-plane'] = 'true';
  if (layout.etcd) labels['node-role.kubernetes.io/etcd'] = 'true';
  if (layout.worker) labels['node-role.kubernetes.io/worker'] = 'true';
  return labels;
}

export function seedNodes(
  rng: Rng,
  plan: ClusterPlan,
  n: number,
  newId: (prefix: string, length: number) => string,
  withPools: boolean,
): SeededNodes {
  const layouts = layoutNodes(rng, plan, n);
  const pool =
    withPools && plan.pools
      ? {
          id: newId(`${plan.id}:np-`, 5),
          hostnamePrefix: `${plan.name || plan.id}-worker-`,
        }
      : null;
  const counters = { cp: 0, worker: 0 };
  const nodes = layouts.map((layout, i): Json => {
    const plainWorker = layout.worker && !layout.controlPlane && !layout.etcd;
    const ordinal = plainWorker ? ++counters.worker : ++counters.cp;
    const k8sName = kubernetesName(rng, plan, layout, ordinal);
    const res = nodeResources(rng, plan.nodeStyle, !layout.worker, plan.requestedPods);
    const created = new Date(plan.created.getTime() + (i + 1) * rng.int(60_000, 3_600_000));
    const taints: Json[] = layout.taints.map((t) => ({ ...t }));
    if (layout.cordoned) {
      const timeAdded = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
      taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded });
    }
    const node: Json = {
      id: newId(`${plan.id}:machine-`, 5),
      type: 'node',
      baseType: 'node',
      name: layout.displayName,
      nodeName: layout.hostnameOnly ? '' : k8sName,
      requestedHostname: k8sName,
      description: layout.description,
      clusterId: plan.id,
      namespaceId: plan.id,
      uuid: rng.uuid(),
      created: created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      createdTS: created.getTime(),
      creatorId: null,
      state: state(plan, layout),
      transitioning: 'no',
      transitioningMessage: '',
      conditions: nodeConditions(layout.unreachable ? 'Unknown' : 'True', created),
      controlPlane: layout.controlPlane,
      etcd: layout.etcd,
      worker: layout.worker,
      imported: plan.driver === 'imported' || plan.kind === 'local',
      unschedulable: layout.cordoned,
      taints,
      capacity: res.capacity,
      allocatable: res.allocatable,
      requested: res.requested,
      limits: res.limits,
      hostname: k8sName,
      ipAddress: ipv4(rng),
      externalIpAddress: plan.nodeStyle === 'gke' ? ipv4(rng, 35) : '',
      podCidr: `10.42.${i}.0/24`,
      labels: {
        ...roleLabels(layout),
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': k8sName,
      },
      annotations: {},
      info: {
        cpu: { count: res.cpuCores },
        memory: { memTotalKiB: res.memTotalKiB },
        os: {
          dockerVersion: `containerd://1.7.23-${plan.provider}`,
          kernelVersion: '5.15.0-127-generic',
          operatingSystem: 'Ubuntu 22.04.5 LTS',
        },
        kubernetes: { kubeletVersion: plan.gitVersion, kubeProxyVersion: plan.gitVersion },
      },
    };
    if (withPools) node.nodePoolId = pool && plainWorker ? pool.id : '';
    if (layout.unreachable) node.transitioningMessage = 'Kubelet stopped posting node status.';
    return node;
  });
  if (!pool) return { nodes, pools: [] };
  const members = nodes.filter((n) => n.nodePoolId === pool.id);
  const poolName = pool.id.split(':')[1]!;
  return {
    nodes,
    pools: [
      {
        id: pool.id,
        type: 'nodePool',
        baseType: 'nodePool',
        name: poolName,
        displayName: poolName,
        clusterId: plan.id,
        namespaceId: plan.id,
        hostnamePrefix: pool.hostnamePrefix,
        quantity: members.length,
        nodeTemplateId: `cattle-global-nt:nt-${randomString(rng, 5)}`,
        controlPlane: false,
        etcd: false,
        worker: true,
        driver: 'openstack',
        state: 'active',
        transitioning: 'no',
        transitioningMessage: '',
        nodeLabels: {},
        nodeAnnotations: {},
        nodeTaints: [],
        drainBeforeDelete: false,
        deleteNotReadyAfterSecs: 0,
        created: plan.created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    ],
  };
}

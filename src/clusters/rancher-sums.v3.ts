import type { ResourceList, V3Cluster, V3Condition, V3Node } from './cluster.model.js';
import type { ResourceAmounts, SlimNode } from './k8s-slim.types.js';
import { formatQuantity } from './quantity.js';
import { nodeRoles, nodeV3State, type V3State } from './rancher-sums.rules.js';

/** Cluster-wide sums and counts (statsaggregator); each list has `cpu`, `memory` and `pods`. */
export interface ClusterTotals {
  nodeCount: number;
  linuxWorkerCount: number;
  windowsWorkerCount: number;
  capacity: ResourceList;
  allocatable: ResourceList;
  requested: ResourceList;
  limits: ResourceList;
}

/** The API server's `/version`, as Rancher stores it in the cluster (`buildDate`, `platform` blank). */
export interface KubernetesVersion {
  major?: string;
  minor?: string;
  gitVersion?: string;
  gitCommit?: string;
  gitTreeState?: string;
  goVersion?: string;
  compiler?: string;
  platform?: string;
  buildDate?: string;
}

export interface V3ClusterInput {
  /** The configured Kubernetes entry name: the cluster id and name fedwatch shows. */
  clusterId: string;
  totals: ClusterTotals;
  provider: string;
  version: KubernetesVersion | null;
  /** How the source is doing (waiting, active, unavailable, error), decided by the adapter. */
  state: V3State;
  /** The `Ready` condition matching `state`. */
  ready: V3Condition;
  apiEndpoint?: string;
}

/** A directly watched cluster in the shape of a Rancher v3 cluster (§3.3) of an imported cluster. */
export function v3Cluster(input: V3ClusterInput): V3Cluster {
  const { totals } = input;
  return {
    id: input.clusterId,
    type: 'cluster',
    name: input.clusterId,
    ...input.state,
    driver: 'imported',
    provider: input.provider,
    nodeCount: totals.nodeCount,
    linuxWorkerCount: totals.linuxWorkerCount,
    windowsWorkerCount: totals.windowsWorkerCount,
    capacity: totals.capacity,
    allocatable: totals.allocatable,
    requested: totals.requested,
    limits: totals.limits,
    conditions: [input.ready],
    ...(input.version ? { version: { ...input.version, buildDate: '', platform: '' } } : {}),
    ...(input.apiEndpoint ? { apiEndpoint: input.apiEndpoint } : {}),
    internal: false,
  };
}

/** A node in the shape of a Rancher v3 node (§3.4); id `<cluster>:<node name>`. */
export function v3Node(
  clusterId: string,
  node: SlimNode,
  requested: ResourceList,
  limits: ResourceList,
): V3Node {
  const roles = nodeRoles(node.labels);
  const address = (type: string) => node.addresses.find((a) => a.type === type)?.address;
  return {
    id: `${clusterId}:${node.name}`,
    type: 'node',
    clusterId,
    nodeName: node.name,
    requestedHostname: node.name,
    ...nodeV3State(node),
    conditions: node.conditions.map((c) => ({
      type: c.type,
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
      ...(c.lastHeartbeatTime ? { lastUpdateTime: c.lastHeartbeatTime } : {}),
      ...(c.lastTransitionTime ? { lastTransitionTime: c.lastTransitionTime } : {}),
    })),
    controlPlane: roles.controlPlane,
    etcd: roles.etcd,
    worker: roles.worker,
    unschedulable: node.unschedulable,
    taints: node.taints.map((t) => ({ ...t })),
    capacity: formatAmounts(node.capacity),
    allocatable: formatAmounts(node.allocatable),
    requested,
    limits,
    imported: true,
    labels: { ...node.labels },
    ...optional('hostname', address('Hostname')),
    ...optional('ipAddress', address('InternalIP')),
    ...optional('externalIpAddress', address('ExternalIP')),
    ...optional('created', node.creationTimestamp),
    info: {
      kubernetes: { kubeletVersion: node.kubeletVersion, kubeProxyVersion: node.kubeletVersion },
      os: { operatingSystem: node.labels['kubernetes.io/os'] ?? '' },
    },
  };
}

/** Canonical strings, keys sorted as Go's JSON encoder writes a map. */
export function formatAmounts(amounts: ResourceAmounts): ResourceList {
  const out: ResourceList = {};
  for (const key of Object.keys(amounts).sort()) out[key] = formatQuantity(amounts[key]);
  return out;
}

function optional(key: string, value: string | undefined): Record<string, string> {
  return value ? { [key]: value } : {};
}

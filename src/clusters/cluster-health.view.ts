import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import type {
  ClusterHealth,
  NodeHealth,
  ResourceList,
  SourceFailure,
  SourceSnapshot,
  V3Cluster,
  V3Condition,
  V3Node,
  V3NodePool,
  V3Taint,
} from './cluster.model.js';
import { toBytes, toCores, toNumber, tryParseQuantity, type Quantity } from './quantity.js';
import { nodeName, nodePoolName, providerName } from './rancher-format/index.js';

/** Where a cluster's v3 object comes from, for {@link toClusterHealth}. */
export interface ClusterContext {
  /** Every source that reaches the cluster, the one the object (and so its numbers) comes from first. */
  sources: readonly string[];
  /** fedwatch id; defaults to `<sources[0]>:<v3.id>` (the registry passes its own when it merges). */
  id?: string;
  /** When the first source last answered; null if it never did. */
  lastSeen: Date | null;
  /** Set while the first source fails: the cluster keeps its last numbers but shows this state and reason. */
  failure?: Pick<SourceFailure, 'state' | 'reason'> | null;
  /** Live usage of the cluster from `metrics.k8s.io`, when its source reads it. */
  usage?: { cpuCores: number; memoryBytes: number } | null;
}

/**
 * fedwatch's view of a v3 cluster (REST, gRPC, metrics). Names and PROVIDER follow the rancher CLI
 * (§1.2, §1.4); quantities become cores, bytes and counts. A missing quantity counts as 0 (Rancher
 * sums nothing), one that does not parse as NaN, so that it cannot pass for a real zero.
 */
export function toClusterHealth(v3: V3Cluster, context: ClusterContext): ClusterHealth {
  const failure = context.failure ?? null;
  const sources = [...new Set(context.sources)];
  if (sources.length === 0) throw new FedwatchError(ErrorCode.INTERNAL, `cluster ${v3.id} has no source`);
  const state = failure?.state ?? (v3.state || 'unknown');
  const info = v3.info as { kubernetesVersion?: unknown } | undefined;
  const infoVersion = typeof info?.kubernetesVersion === 'string' ? info.kubernetesVersion : '';
  return {
    id: context.id ?? `${sources[0]}:${v3.id}`,
    clusterId: v3.id,
    name: v3.name || v3.id,
    state,
    reason: failure?.reason ?? (state === 'active' ? null : clusterReason(v3)),
    provider: providerName(v3.driver, v3.provider),
    kubernetesVersion: v3.version?.gitVersion || infoVersion || null,
    nodeCount: v3.nodeCount ?? 0,
    cpu: { requestedCores: cores(v3.requested, 'cpu'), allocatableCores: cores(v3.allocatable, 'cpu') },
    memory: {
      requestedBytes: bytes(v3.requested, 'memory'),
      allocatableBytes: bytes(v3.allocatable, 'memory'),
    },
    pods: { requested: count(v3.requested, 'pods'), allocatable: count(v3.allocatable, 'pods') },
    usage: context.usage ?? null,
    conditions: v3.conditions ?? [],
    sources,
    lastSeen: context.lastSeen ? context.lastSeen.toISOString() : null,
    v3,
  };
}

/** The transitioning message, else the message of the first condition that is not True. */
function clusterReason(v3: V3Cluster): string | null {
  if (v3.transitioningMessage) return v3.transitioningMessage;
  return v3.conditions?.find((c) => c.status !== 'True' && c.message)?.message ?? null;
}

/**
 * Where a node comes from, for {@link toNodeHealth}: its source (ids are then derived like
 * `fedwatchId`), or the ids the registry already chose.
 */
export type NodeContext = { source: string; id?: string; cluster?: string } | { id: string; cluster: string };

/**
 * fedwatch's view of a v3 node. `cluster` is the fedwatch id of its cluster (by default
 * `<source>:<clusterId>`, as {@link toClusterHealth} builds it); NAME and POOL as `rancher nodes`
 * prints them (§2).
 */
export function toNodeHealth(v3: V3Node, pools: readonly V3NodePool[], context: NodeContext): NodeHealth {
  const source = 'source' in context ? context.source : '';
  const colon = v3.id.indexOf(':');
  const clusterId = v3.clusterId ?? (colon < 0 ? '' : v3.id.slice(0, colon));
  const conditions = v3.conditions ?? [];
  return {
    id: context.id ?? `${source}:${v3.id}`,
    nodeId: v3.id,
    cluster: context.cluster ?? `${source}:${clusterId}`,
    name: nodeName(v3),
    state: v3.state || 'unknown',
    pool: nodePoolName(v3, pools),
    roles: nodeRoles(v3),
    cordoned: v3.unschedulable === true,
    taints: v3.taints ?? (v3.nodeTaints as V3Taint[] | undefined) ?? [],
    cpu: { requestedCores: cores(v3.requested, 'cpu'), allocatableCores: cores(v3.allocatable, 'cpu') },
    memory: {
      requestedBytes: bytes(v3.requested, 'memory'),
      allocatableBytes: bytes(v3.allocatable, 'memory'),
    },
    pods: { requested: count(v3.requested, 'pods'), allocatable: count(v3.allocatable, 'pods') },
    conditions,
    ready: isReady(conditions),
    v3,
  };
}

/** Rancher's role flags; a node with none of them is a worker (rancher-kubernetes §3.5). */
function nodeRoles(v3: V3Node): string[] {
  const roles = [v3.controlPlane && 'controlplane', v3.etcd && 'etcd', v3.worker && 'worker'].filter(
    (r): r is string => typeof r === 'string',
  );
  return roles.length ? roles : ['worker'];
}

/** Ready when there is a Ready condition and every one (Rancher's and Kubernetes', merged) is True. */
function isReady(conditions: readonly V3Condition[]): boolean {
  const ready = conditions.filter((c) => c.type === 'Ready');
  return ready.length > 0 && ready.every((c) => c.status === 'True');
}

/** Every cluster and node one poll of a source returned, as fedwatch views. */
export function snapshotHealth(snapshot: SourceSnapshot): { clusters: ClusterHealth[]; nodes: NodeHealth[] } {
  const { source, observedAt } = snapshot;
  return {
    clusters: snapshot.clusters.map((c) => toClusterHealth(c, { sources: [source], lastSeen: observedAt })),
    nodes: snapshot.nodes.map((n) => toNodeHealth(n, snapshot.nodePools, { source })),
  };
}

function quantityOf(list: ResourceList | undefined, key: string, convert: (q: Quantity) => number): number {
  const raw = list?.[key];
  if (raw === undefined || raw === '') return 0;
  const parsed = tryParseQuantity(raw);
  return parsed instanceof Error ? NaN : convert(parsed);
}

const cores = (list: ResourceList | undefined, key: string) => quantityOf(list, key, toCores);
const bytes = (list: ResourceList | undefined, key: string) => quantityOf(list, key, toBytes);
const count = (list: ResourceList | undefined, key: string) => quantityOf(list, key, toNumber);

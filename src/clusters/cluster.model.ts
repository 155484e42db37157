/**
 * The cluster-health model shared by the sources (Rancher, Kubernetes), the registry, the
 * `rancher`-style tables, REST, gRPC and the metrics. Reference: `shared/reference/rancher-kubernetes.md`.
 *
 * Sources speak Rancher's v3 shapes (§3.3, §3.4): a Rancher server returns them as they are, and a
 * cluster read directly through Kubernetes is summed up into the same shapes with Rancher's rules
 * (§3.5), so that every view downstream has one input and the tables print what `rancher cluster`
 * would print for the same cluster.
 */

/** Resource name → Kubernetes Quantity string, as Rancher reports them (`cpu`, `memory`, `pods`). */
export type ResourceList = Record<string, string>;

/** A v3 (norman) condition; node conditions from Kubernetes are merged in with the same keys. */
export interface V3Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface V3Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/**
 * A v3 cluster object, status flattened (§3.3). Kept as Rancher sent it (fields fedwatch does not
 * name are carried through) because `--format json` prints the whole object.
 */
export interface V3Cluster {
  id: string;
  type?: string;
  name?: string;
  description?: string;
  state?: string;
  transitioning?: string;
  transitioningMessage?: string;
  driver?: string;
  provider?: string;
  nodeCount?: number;
  requested?: ResourceList;
  allocatable?: ResourceList;
  capacity?: ResourceList;
  limits?: ResourceList;
  conditions?: V3Condition[];
  version?: { gitVersion?: string; major?: string; minor?: string; [key: string]: unknown };
  apiEndpoint?: string;
  internal?: boolean;
  [key: string]: unknown;
}

/** A v3 node object (§3.4), kept whole for the same reason. */
export interface V3Node {
  id: string;
  type?: string;
  name?: string;
  nodeName?: string;
  requestedHostname?: string;
  description?: string;
  clusterId?: string;
  state?: string;
  transitioningMessage?: string;
  conditions?: V3Condition[];
  controlPlane?: boolean;
  etcd?: boolean;
  worker?: boolean;
  unschedulable?: boolean;
  taints?: V3Taint[];
  requested?: ResourceList;
  allocatable?: ResourceList;
  capacity?: ResourceList;
  nodePoolId?: string;
  [key: string]: unknown;
}

/** A v3 node pool (RKE1, Rancher ≤ 2.14); only `hostnamePrefix` is printed (POOL column). */
export interface V3NodePool {
  id: string;
  clusterId?: string;
  hostnamePrefix?: string;
  [key: string]: unknown;
}

/** What one poll (or the live watch state) of one source says about the clusters it reaches. */
export interface SourceSnapshot {
  /** Configured name of the Rancher server or Kubernetes cluster entry. */
  source: string;
  sourceKind: 'rancher' | 'kubernetes';
  /** When the source last answered. */
  observedAt: Date;
  clusters: V3Cluster[];
  /** Nodes of every cluster in `clusters`, each with its `clusterId`. */
  nodes: V3Node[];
  nodePools: V3NodePool[];
  /** Live usage from `metrics.k8s.io` per cluster id, when served. */
  usage?: Record<string, { cpuCores: number; memoryBytes: number }>;
}

/** A source that did not answer; its clusters keep their last data and show this reason. */
export interface SourceFailure {
  source: string;
  sourceKind: 'rancher' | 'kubernetes';
  observedAt: Date;
  /** `unavailable` (it answered with an error, e.g. 401) or `unknown` (no answer at all). */
  state: 'unavailable' | 'unknown';
  reason: string;
}

/** fedwatch's own view of a cluster (REST, gRPC, `--output json`, metrics). */
export interface ClusterHealth {
  /** `<source>:<rancher cluster id>` (or `<source>:<context>` for a directly reached cluster). */
  id: string;
  /** The id `rancher cluster` shows (Rancher's id, or the Kubernetes entry name). */
  clusterId: string;
  name: string;
  state: string;
  /** Why the state is not `active`, when known. */
  reason: string | null;
  /** As the rancher CLI prints it (§1.4): `RKE2`, `Imported`, `Unknown`, … */
  provider: string;
  kubernetesVersion: string | null;
  nodeCount: number;
  cpu: { requestedCores: number; allocatableCores: number };
  memory: { requestedBytes: number; allocatableBytes: number };
  pods: { requested: number; allocatable: number };
  /** Live usage from `metrics.k8s.io` (clusters read directly, when metrics-server answers); else null. */
  usage: { cpuCores: number; memoryBytes: number } | null;
  conditions: V3Condition[];
  /** Every source that reaches the cluster, the first being the one its numbers come from. */
  sources: string[];
  lastSeen: string | null;
  /** The v3 object the tables and `--format json` print. */
  v3: V3Cluster;
}

/** fedwatch's own view of a node. */
export interface NodeHealth {
  /** `<source>:<v3 node id>`. */
  id: string;
  /** The v3 node id, `<clusterId>:<name>`. */
  nodeId: string;
  /** fedwatch id of its cluster. */
  cluster: string;
  name: string;
  state: string;
  pool: string;
  roles: string[];
  cordoned: boolean;
  taints: V3Taint[];
  cpu: { requestedCores: number; allocatableCores: number };
  memory: { requestedBytes: number; allocatableBytes: number };
  pods: { requested: number; allocatable: number };
  conditions: V3Condition[];
  ready: boolean;
  v3: V3Node;
}

/**
 * The simulated cluster: options and the stored records. Records are small and immutable (a change
 * makes a new record), so the event history and paged-list snapshots can hold old versions by
 * reference; API objects are rendered from them on demand (see `*.render.ts`).
 */

export type Json = Record<string, unknown>;

export interface KubernetesSimulatorOptions {
  /** Same seed and `now` → identical objects, resource versions and churn sequence. */
  seed: number | string;
  nodes: number;
  pods: number;
  /** Churn events per second (0: none until `churn.start()`/`setRate()`). */
  churn: number;
  /** The cluster's "current time" at start; seeded times are before it, churn times after it. */
  now: Date;
  tls: boolean;
  /** The bearer token clients must send; default derived from the seed. */
  token: string | null;
  /** Serve `metrics.k8s.io/v1beta1` (404 and absent from `/apis` when false). */
  metrics: boolean;
  /** Added to every request. */
  latencyMs: number;
  /** Events older than this are compacted (watches from before → 410); etcd's default is 5 min. */
  historySeconds: number;
  /** At most this many events are kept, whatever their age. */
  historyLimit: number;
  /** BOOKMARK interval on watches that allow them (kube-apiserver: about a minute). */
  bookmarkSeconds: number;
  /** How a watch from a compacted resourceVersion fails: 200 + ERROR event, or HTTP 410. */
  watchGone: 'event' | 'status';
  /** Serve quantities in canonical form (`500m`, `1536Mi`) like a real API server, not as written. */
  canonicalQuantities: boolean;
  /** Gzip large responses to clients that accept it, as kube-apiserver does (costs CPU at scale). */
  gzip: boolean;
  kubernetesVersion: string;
}

export const DEFAULT_OPTIONS: Omit<KubernetesSimulatorOptions, 'now'> = {
  seed: 1,
  nodes: 10,
  pods: 200,
  churn: 0,
  tls: false,
  token: null,
  metrics: true,
  latencyMs: 0,
  historySeconds: 300,
  historyLimit: 100_000,
  bookmarkSeconds: 60,
  watchGone: 'event',
  canonicalQuantities: false,
  gzip: true,
  kubernetesVersion: 'v1.31.4+rke2r1',
};

/** A quantity as written in a manifest and its exact value (millicores for CPU, bytes otherwise). */
export interface Amount {
  text: string;
  value: number;
}

export interface ContainerSpec {
  name: string;
  image: string;
  requests: Partial<Record<'cpu' | 'memory' | 'nvidia.com/gpu' | 'ephemeral-storage', Amount>>;
  limits: Partial<Record<'cpu' | 'memory' | 'nvidia.com/gpu' | 'ephemeral-storage', Amount>>;
  /** `Always` on an init container marks a sidecar. */
  restartPolicy?: 'Always';
  ports?: { name: string; containerPort: number; protocol: 'TCP' | 'UDP' }[];
  args?: string[];
}

export type OwnerKind = 'ReplicaSet' | 'DaemonSet' | 'StatefulSet' | 'Job' | 'Node';

/** What the pods of one controller share: everything but name, node, phase and times. */
export interface Workload {
  namespace: string;
  /** Deployment, DaemonSet, StatefulSet, Job or static-pod component name. */
  app: string;
  ownerKind: OwnerKind;
  /** ReplicaSet name (`<deployment>-<hash>`), or the owner's own name. */
  ownerName: string;
  ownerUid: string;
  /** Labels every pod carries (per-pod ones are added when rendered). */
  labels: Record<string, string>;
  containers: ContainerSpec[];
  initContainers: ContainerSpec[];
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  hostNetwork: boolean;
  priorityClassName: string | null;
  /** Needs a node with `nvidia.com/gpu`, this many per pod. */
  gpus: number;
  /** Windows workloads land on Windows nodes only, Linux ones on Linux nodes. */
  os: 'linux' | 'windows';
  /** Runs on control-plane/etcd nodes too (tolerates every taint): DaemonSets, static pods. */
  tolerateAll: boolean;
  /** RuntimeClass overhead (`spec.overhead`). */
  overhead: { cpu: Amount; memory: Amount } | null;
  runtimeClassName: string | null;
  qosClass: 'Guaranteed' | 'Burstable' | 'BestEffort';
  /** Job pods finish (Succeeded/Failed); others run until deleted. */
  finishes: boolean;
  /** Next pod ordinal (StatefulSets) or name counter. */
  ordinal: number;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodRecord {
  /** `<namespace>/<name>`: the store and continue-token key (etcd order). */
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  /** Identity for uid, container ids and usage (the uid is rendered from it). */
  readonly serial: number;
  readonly rv: number;
  readonly workload: Workload;
  /** Index into the node list; -1 while unscheduled. */
  readonly node: number;
  readonly phase: PodPhase;
  /** Why a Pending/Failed pod is so (`ContainerCreating`, `Unschedulable`, `Evicted`, `Error`, …). */
  readonly reason: string | null;
  readonly createdMs: number;
  readonly startedMs: number | null;
  readonly finishedMs: number | null;
  /** Graceful deletion in progress (`metadata.deletionTimestamp`). */
  readonly deletingMs: number | null;
  readonly restarts: number;
}

export interface InstanceType {
  name: string;
  cpu: number;
  /** Node capacity in KiB as the kubelet reports it (a little under the VM's nominal size). */
  memoryKi: number;
  gpus: number;
  arch: 'amd64' | 'arm64';
  ephemeralKi: number;
}

export type NodeRole = 'control-plane' | 'etcd' | 'worker';

export interface NodeRecord {
  readonly key: string;
  readonly name: string;
  readonly index: number;
  readonly serial: number;
  readonly rv: number;
  readonly createdMs: number;
  /** Role labels it carries (a node with none is a worker for Rancher). */
  readonly roles: readonly NodeRole[];
  /** `node-role.kubernetes.io/<role>` taints it carries (control-plane NoSchedule, etcd NoExecute). */
  readonly roleTaints: readonly ('control-plane' | 'etcd')[];
  readonly type: InstanceType;
  readonly zone: string;
  readonly os: 'linux' | 'windows';
  readonly ready: 'True' | 'False' | 'Unknown';
  readonly readySinceMs: number;
  readonly unschedulable: boolean;
  readonly pressure: 'MemoryPressure' | 'DiskPressure' | 'PIDPressure' | null;
  /** `faults.malformedQuantity`: this resource is served with an unparseable value. */
  readonly malformed: { resource: string; value: string } | null;
}

export interface NamespaceRecord {
  readonly key: string;
  readonly name: string;
  readonly serial: number;
  readonly rv: number;
  readonly createdMs: number;
  readonly labels: Record<string, string>;
  /** `Terminating` namespaces have a deletionTimestamp. */
  readonly phase: 'Active' | 'Terminating';
}

export type StoredRecord = PodRecord | NodeRecord | NamespaceRecord;
export type ResourceName = 'pods' | 'nodes' | 'namespaces';

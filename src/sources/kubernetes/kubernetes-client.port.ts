import type { ErrorCode } from '../../common/errors/index.js';
import type { SourceSnapshot } from '../../clusters/cluster.model.js';
import type { KubernetesCluster } from '../../config/config.types.js';

/**
 * How a watched cluster is doing, in the words the v3 cluster `state` uses:
 * `waiting` (first full list not done yet), `active`, `error` (connected, but some objects carry
 * fields fedwatch cannot read: the sums leave those values out), `unavailable` (the API server
 * refuses or cannot be reached; the last known data is kept), `stopped`.
 */
export type KubernetesClientState = 'waiting' | 'active' | 'error' | 'unavailable' | 'stopped';

/** An object field that could not be read, e.g. a malformed quantity. */
export interface MalformedField {
  /** `node/<name>` or `pod/<namespace>/<name>`. */
  object: string;
  /** Dotted path, e.g. `status.allocatable.memory`. */
  field: string;
  problem: string;
}

export interface KubernetesResourceStatus {
  synced: boolean;
  count: number;
  resourceVersion: string | null;
  lists: number;
  relists: number;
  watches: number;
  events: number;
}

export interface KubernetesClientStatus {
  state: KubernetesClientState;
  /** Why the state is not `active`; never contains a credential. */
  reason: string | null;
  /** The failure behind `unavailable`: `SOURCE_UNREACHABLE`, `SOURCE_REJECTED` or `SOURCE_MALFORMED`. */
  errorCode: ErrorCode | null;
  /** Last watch event received, bookmarks included: how fresh the data is. */
  lastEventAt: Date | null;
  /** List items and watch events applied since start. */
  eventsProcessed: number;
  /** Objects with unreadable fields right now (the first 100), and how many there are in all. */
  malformed: readonly MalformedField[];
  malformedCount: number;
  resources: Readonly<Record<'nodes' | 'pods' | 'namespaces', KubernetesResourceStatus>>;
  /** Whether `metrics.k8s.io` answered the last poll (live usage in the snapshot). */
  metricsAvailable: boolean;
}

/** What changed; `name` is the node name, `<namespace>/<name>` of a pod, or the namespace. */
export type KubernetesChange =
  | { kind: 'node' | 'pod' | 'namespace'; type: 'added' | 'modified' | 'deleted'; name: string }
  | { kind: 'status'; status: KubernetesClientStatus }
  | { kind: 'usage' | 'version' };

/**
 * Port to one Kubernetes cluster, read directly (not through Rancher): it lists and then watches
 * nodes, pods and namespaces, keeps Rancher's sums current (rancher-kubernetes.md §3.5) and hands
 * out v3-shaped snapshots, so the cluster appears beside Rancher-managed ones with the same numbers
 * Rancher would show. Adapters translate failures into FedwatchError codes: `SOURCE_UNREACHABLE`
 * (network, timeouts, 5xx/429), `SOURCE_REJECTED` (401/403/404: credentials or RBAC),
 * `SOURCE_MALFORMED` (bodies that are not the documented JSON). They never put a credential in a
 * message.
 */
export abstract class KubernetesClient {
  /** The configured entry name; also the cluster id of the snapshot. */
  abstract readonly name: string;

  /**
   * Resolves once nodes, pods and namespaces have each been listed in full. Rejects with the first
   * failure if that happens before (the client keeps retrying in the background; a later success
   * shows in `status()` and `onChange`). Never rejects unhandled.
   */
  abstract readonly synced: Promise<void>;

  /** Starts listing and watching in the background; calling it again does nothing. */
  abstract start(): void;

  /** Ends every request and timer; the snapshot keeps the last data. */
  abstract stop(): Promise<void>;

  /** The cluster and its nodes as v3 objects, built from the running sums (cheap: no re-summing). */
  abstract snapshot(): SourceSnapshot;

  abstract status(): KubernetesClientStatus;

  /** Calls `listener` on every change; returns the function that unsubscribes it. */
  abstract onChange(listener: (change: KubernetesChange) => void): () => void;
}

/** Hands out one client per configured cluster entry (Nest token). */
export abstract class KubernetesClientFactory {
  /** The running client of the entry, created (not started) on first use. */
  abstract forCluster(cluster: KubernetesCluster): Promise<KubernetesClient>;
  /** Stops every client. */
  abstract close(): Promise<void>;
}

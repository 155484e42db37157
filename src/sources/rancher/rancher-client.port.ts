import type { SourceSnapshot, V3Cluster, V3Node, V3NodePool } from '../../clusters/cluster.model.js';

export type RancherResource = 'cluster' | 'node' | 'nodePool';

/** An item of a v3 list that does not have the shape fedwatch relies on. */
export interface MalformedItem {
  resource: RancherResource;
  /** The item's `id` when it has a string one, else `#<index>` in the listing. */
  id: string;
  /** Dotted path of the offending field, e.g. `requested.cpu`. */
  field: string;
  problem: string;
  /**
   * false: left out of `items` (not an object, or no usable `id`). true: kept as Rancher sent it,
   * because the `rancher` CLI would still print it (a bad quantity is printed raw, §1.3); the
   * caller warns and treats the field as unknown.
   */
  kept: boolean;
}

/** A v3 list: every page read, items in the order Rancher returned them (the CLI does not sort). */
export interface Listing<T> {
  items: T[];
  malformed: MalformedItem[];
}

/** One poll of a Rancher server, in the shared cluster-health model. */
export interface RancherSnapshot extends SourceSnapshot {
  sourceKind: 'rancher';
  /** Problems found in any of the three lists. */
  malformed: MalformedItem[];
  /** False when the server has no `/v3/nodepools` (Rancher ≥ 2.15 answers 404): no POOL column data. */
  nodePoolsServed: boolean;
}

/**
 * Port to ONE Rancher server's v3 API (a `rancher.servers[]` entry), reading what the `rancher`
 * CLI reads (reference `shared/reference/rancher-kubernetes.md` §1.1, §2, §3): the CLI's filters
 * (`removed_null=1`, `state_ne=inactive|stopped|removing`, `system=false`), every page followed.
 *
 * Adapters authenticate with the API key as a Bearer token, retry and translate failures into
 * `FedwatchError` codes: `SOURCE_UNREACHABLE` (network, TLS, timeout, 5xx/429 after retries),
 * `SOURCE_REJECTED` (401/403: the key is wrong, expired or lacks rights; other final 4xx),
 * `SOURCE_MALFORMED` (not JSON, not a norman collection, pages that never end). The API key never
 * appears in a message, detail or log line.
 */
export abstract class RancherClient {
  /** The configured server name, used as `SourceSnapshot.source`. */
  abstract readonly name: string;

  /** `GET /v3/clusters` with the CLI's filters: what `rancher cluster` lists (§1.1). */
  abstract listClusters(): Promise<Listing<V3Cluster>>;

  /** `GET /v3/nodes` with the CLI's filters, of one cluster (`clusterId`) or of all (§2). */
  abstract listNodes(clusterId?: string): Promise<Listing<V3Node>>;

  /**
   * `GET /v3/nodepools` with the same filters (the legacy POOL column, §2). An empty listing when
   * the server has no node pools (Rancher 2.15 removed them: HTTP 404).
   */
  abstract listNodePools(clusterId?: string): Promise<Listing<V3NodePool>>;

  /**
   * Clusters, their nodes and node pools in one snapshot (the three lists read concurrently).
   * Nodes and pools of clusters the filters hide (e.g. `removing`) are left out, so every node
   * belongs to a cluster of the snapshot.
   */
  abstract snapshot(): Promise<RancherSnapshot>;

  /** Releases keep-alive sockets; in-flight requests finish. */
  abstract close(): Promise<void>;
}

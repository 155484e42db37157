/**
 * The simulated Rancher server: options and the seeded data. Data objects are the v3 API objects
 * (`shared/reference/rancher-kubernetes.md` §3.3, §3.4) minus the `links` and `actions` that depend
 * on the simulator's URL (added when served).
 */

export type Json = Record<string, unknown>;

export interface RancherSimulatorOptions {
  /** Same seed (and `now`) → identical data. */
  seed: number | string;
  /** Clusters served, `local` and the ones the CLI's filters hide included; at least 1. */
  clusters: number;
  /** Nodes per cluster; at least 1. */
  nodes: number;
  /** `token-xxxxx:secret` to accept; null → one derived from the seed. */
  token: string | null;
  /** Base of every seeded time (`created`, condition times); fixed by default so data is stable. */
  now: Date;
  /** Latency added to every request. */
  latencyMs: number;
  /** Serve HTTPS with a throwaway CA (`caFile`). */
  tls: boolean;
  /**
   * Rancher ≤ 2.14 (true): `/v3/nodepools` exists and RKE2 workers carry a `nodePoolId`.
   * Rancher 2.15 (false): `/v3/nodepools` answers 404 and nodes have no `nodePoolId`.
   */
  nodePools: boolean;
}

export const DEFAULT_OPTIONS: RancherSimulatorOptions = {
  seed: 1,
  clusters: 10,
  nodes: 3,
  token: null,
  now: new Date('2026-11-26T12:00:00Z'),
  latencyMs: 0,
  tls: false,
  nodePools: true,
};

/**
 * What a seeded cluster stands for. The first clusters take these in order (so a small simulator
 * still has the cases the CLI and fedwatch must handle); the rest are `generic`.
 */
export const CLUSTER_KINDS = [
  'local', // driver local, provider k3s, internal: true
  'rke2', // Rancher-provisioned RKE2, tainted control plane, node pools, a cordoned worker
  'imported-eks', // empty name, updating, no requested.pods (§4's c-4kq8z)
  'inactive', // hidden by the CLI's state_ne filter
  'k3s',
  'removing', // hidden by state_ne and removed_null
  'imported-gke',
  'unavailable', // Ready=False: agent disconnected
  'generic',
] as const;
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

/** Cluster states `setClusterState` knows how to dress with conditions. */
export const CLUSTER_STATES = [
  'active',
  'provisioning',
  'updating',
  'upgrading',
  'pending',
  'waiting',
  'unavailable',
  'error',
  'inactive',
  'removing',
] as const;
export type ClusterState = (typeof CLUSTER_STATES)[number];

export interface SeededRancher {
  now: Date;
  /** The accepted API key, `token-xxxxx:secret`. */
  token: string;
  /** v3 clusters in the order the API lists them. */
  clusters: Json[];
  /** v3 nodes, grouped by cluster in cluster order. */
  nodes: Json[];
  /** v3 node pools (empty with `nodePools: false`). */
  nodePools: Json[];
  /** Cluster id → the kind it stands for (`imported-eks` stands for empty name, updating, no pods). */
  kinds: Record<string, ClusterKind>;
}

export function clustersOfKind(data: SeededRancher, kind: ClusterKind): Json[] {
  return data.clusters.filter((c) => data.kinds[c.id as string] === kind);
}

export function nodesOf(data: SeededRancher, clusterId: string): Json[] {
  return data.nodes.filter((n) => n.clusterId === clusterId);
}

/** The states `rancher cluster` never lists (§1.1). */
export const CLI_HIDDEN_STATES: readonly string[] = ['inactive', 'stopped', 'removing'];

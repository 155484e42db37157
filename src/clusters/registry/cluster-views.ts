import type { ClusterHealth, NodeHealth, V3Cluster, V3Node, V3NodePool } from '../cluster.model.js';
import { toClusterHealth, toNodeHealth } from '../cluster-health.view.js';
import { fedwatchId, sameClusterKey } from './cluster-identity.js';
import { clustersOf, type SourceState } from './source-state.js';

/** Everything the read side shows, rebuilt from the sources' states after each change. */
export interface RegistryView {
  /** Sources in configuration order (Rancher servers first), each cluster in its API order. */
  clusters: ClusterHealth[];
  nodesByCluster: Map<string, NodeHealth[]>;
  poolsByCluster: Map<string, V3NodePool[]>;
  /**
   * The fedwatch id for an id a user typed: a fedwatch id (`<source>:<id>`), or the id a source
   * uses (`c-m-7xk2p9qd`, `local`) when exactly one cluster has it; `ambiguous` when several do.
   */
  resolve(id: string): string | 'ambiguous' | null;
}

interface Entry {
  cluster: V3Cluster;
  state: SourceState;
  sources: string[];
}

export function buildRegistryView(states: readonly SourceState[]): RegistryView {
  const entries = new Map<string, Entry>();
  const aliases = new Map<string, string>();
  const byKey = new Map<string, string>();
  const plainIds = new Map<string, Set<string>>();
  for (const state of states) {
    for (const cluster of clustersOf(state)) {
      const id = fedwatchId(state.source, cluster.id);
      const key = sameClusterKey(cluster);
      const existing = key === null ? undefined : byKey.get(key);
      // A cluster's agent registers with one Rancher server, while every Rancher's own `local` has
      // the same in-cluster apiEndpoint (https://10.43.0.1:443): two Rancher clusters never merge.
      const merge =
        existing !== undefined &&
        !(state.sourceKind === 'rancher' && entries.get(existing)!.state.sourceKind === 'rancher');
      const target = merge ? existing : id;
      if (merge) entries.get(existing)!.sources.push(state.source);
      else {
        entries.set(id, { cluster, state, sources: [state.source] });
        if (key !== null && !byKey.has(key)) byKey.set(key, id);
      }
      aliases.set(id, target);
      plainIds.set(cluster.id, (plainIds.get(cluster.id) ?? new Set()).add(target));
    }
  }

  const clusters: ClusterHealth[] = [];
  const nodesByCluster = new Map<string, NodeHealth[]>();
  const poolsByCluster = new Map<string, V3NodePool[]>();
  for (const [id, entry] of entries) {
    const { state } = entry;
    const snapshot = state.snapshot;
    clusters.push(
      toClusterHealth(entry.cluster, {
        id,
        sources: entry.sources,
        lastSeen: snapshot?.observedAt ?? null,
        usage: snapshot?.usage?.[entry.cluster.id] ?? null,
      }),
    );
    const pools = (snapshot?.nodePools ?? []).filter((p) => p.clusterId === entry.cluster.id);
    poolsByCluster.set(id, pools);
    nodesByCluster.set(
      id,
      nodesOf(snapshot?.nodes ?? [], entry.cluster.id).map((n) =>
        toNodeHealth(n, pools, { id: fedwatchId(state.source, n.id), cluster: id }),
      ),
    );
  }

  return {
    clusters,
    nodesByCluster,
    poolsByCluster,
    resolve(typed: string) {
      const direct = aliases.get(typed);
      if (direct) return direct;
      const plain = plainIds.get(typed);
      if (!plain) return null;
      return plain.size === 1 ? [...plain][0]! : 'ambiguous';
    },
  };
}

function nodesOf(nodes: readonly V3Node[], clusterId: string): V3Node[] {
  return nodes.filter((n) => (n.clusterId ?? n.id.split(':')[0]) === clusterId);
}

/**
 * Changes at runtime, for tests of what fedwatch does when a Rancher server's answer changes
 * between polls. Each keeps the data consistent the way Rancher would (totals re-summed).
 */
import { aggregateCluster } from './aggregate.js';
import type { ClusterState, Json, SeededRancher } from './model.js';
import { applyClusterState } from './states.js';

function find(items: Json[], id: string, what: string): Json {
  const item = items.find((i) => i.id === id);
  if (!item) throw new Error(`no ${what} ${id} in the simulator`);
  return item;
}

export function setClusterState(data: SeededRancher, id: string, state: ClusterState, at = new Date()): void {
  applyClusterState(find(data.clusters, id, 'cluster'), state, at);
}

/** Cordons (or uncordons) a node, as `kubectl cordon` would, and re-sums its cluster. */
export function cordonNode(data: SeededRancher, id: string, cordoned: boolean, at = new Date()): void {
  const node = find(data.nodes, id, 'node');
  const key = 'node.kubernetes.io/unschedulable';
  const taints = ((node.taints as Json[] | undefined) ?? []).filter((t) => t.key !== key);
  if (cordoned)
    taints.push({ key, effect: 'NoSchedule', timeAdded: at.toISOString().replace(/\.\d{3}Z$/, 'Z') });
  node.taints = taints;
  node.unschedulable = cordoned;
  if (node.state === 'active' || node.state === 'cordoned') node.state = cordoned ? 'cordoned' : 'active';
  const clusterId = node.clusterId as string;
  aggregateCluster(
    find(data.clusters, clusterId, 'cluster'),
    data.nodes.filter((n) => n.clusterId === clusterId),
  );
}

/** The cluster, its nodes and node pools disappear (deletion finished). */
export function removeCluster(data: SeededRancher, id: string): void {
  find(data.clusters, id, 'cluster');
  const keep = (item: Json) => item.id !== id && item.clusterId !== id;
  data.clusters.splice(0, data.clusters.length, ...data.clusters.filter(keep));
  data.nodes.splice(0, data.nodes.length, ...data.nodes.filter(keep));
  data.nodePools.splice(0, data.nodePools.length, ...data.nodePools.filter(keep));
  delete data.kinds[id];
}

import type { V3Node } from './cluster.model.js';
import type { ResourceAmounts, SlimNode, SlimPod } from './k8s-slim.types.js';
import { formatQuantity, NANO, quantity, type Quantity } from './quantity.js';
import { countsTowardsCluster, nodeRoles, podCounts } from './rancher-sums.rules.js';
import { formatTotals, QuantityTotal, reparsed } from './rancher-sums.total.js';
import { v3Node, type ClusterTotals } from './rancher-sums.v3.js';

/**
 * Rancher's numbers for a cluster read straight from Kubernetes (rancher-kubernetes.md §3.5), so
 * that fedwatch prints what `rancher cluster` / `rancher nodes` would print for the same cluster:
 *
 * - per node, `requested` / `limits`: the pods scheduled there that are not Succeeded/Failed, each
 *   pod's amounts by Rancher's rule (rancher-sums.pod.ts: containers summed, init containers as a
 *   max; no sidecar or overhead handling, unlike the scheduler), summed per resource; `requested`
 *   also has `pods`, the number of those pods (absent when there are none);
 * - per cluster, `nodeCount`: every node; `capacity`, `allocatable`, `requested`, `limits` (`cpu`,
 *   `memory`, `pods`): sums over the nodes that are neither cordoned nor non-workers with a
 *   NoSchedule/NoExecute control-plane or etcd taint (rancher-sums.rules.ts);
 * - sums print in canonical Quantity form, keeping the format of their terms (rancher-sums.total.ts).
 *
 * This function computes everything from scratch; {@link RancherSumsIndex} keeps the same numbers
 * current under a stream of changes. Pure: no clock, no IO.
 */
export interface RancherSums {
  cluster: ClusterTotals;
  nodes: V3Node[];
}

export function computeRancherSums(
  clusterId: string,
  nodes: readonly SlimNode[],
  pods: readonly SlimPod[],
): RancherSums {
  const podsByNode = new Map<string, SlimPod[]>();
  for (const pod of pods) {
    if (!podCounts(pod)) continue;
    const list = podsByNode.get(pod.nodeName);
    if (list) list.push(pod);
    else podsByNode.set(pod.nodeName, [pod]);
  }

  const sums = {
    capacity: totals(),
    allocatable: totals(),
    requested: totals(),
    limits: totals(),
  };
  const workers = new Map<string, number>();
  const views: V3Node[] = [];
  for (const node of nodes) {
    const counted = podsByNode.get(node.name) ?? [];
    const requested = sumAmounts(counted.map((p) => p.requests));
    const limits = sumAmounts(counted.map((p) => p.limits));
    const requestedList = formatTotals(requested);
    if (counted.length > 0) requestedList.pods = formatQuantity(count(counted.length));
    views.push(v3Node(clusterId, node, sortKeys(requestedList), formatTotals(limits)));

    if (!countsTowardsCluster(node)) continue;
    const roles = nodeRoles(node.labels);
    const os = node.labels['kubernetes.io/os'];
    if (roles.worker && os !== undefined) workers.set(os, (workers.get(os) ?? 0) + 1);
    addTo(sums.capacity, node.capacity);
    addTo(sums.allocatable, node.allocatable);
    const nodeRequested: Record<string, Quantity> = {};
    for (const [key, total] of requested) nodeRequested[key] = reparsed(total.value());
    if (counted.length > 0) nodeRequested.pods = count(counted.length);
    addTo(sums.requested, nodeRequested);
    const nodeLimits: Record<string, Quantity> = {};
    for (const [key, total] of limits) nodeLimits[key] = reparsed(total.value());
    addTo(sums.limits, nodeLimits);
  }

  return {
    cluster: {
      nodeCount: nodes.length,
      linuxWorkerCount: workers.get('linux') ?? 0,
      windowsWorkerCount: workers.get('windows') ?? 0,
      capacity: formatTotals(sums.capacity),
      allocatable: formatTotals(sums.allocatable),
      requested: formatTotals(sums.requested),
      limits: formatTotals(sums.limits),
    },
    nodes: views,
  };
}

/** cpu, memory and pods, always present (a missing value sums to "0"). */
function totals(): Map<string, QuantityTotal> {
  return new Map(['cpu', 'memory', 'pods'].map((key) => [key, new QuantityTotal()]));
}

function addTo(target: Map<string, QuantityTotal>, amounts: ResourceAmounts): void {
  for (const [key, total] of target) {
    const value = amounts[key];
    if (value) total.add(value);
  }
}

function sumAmounts(all: readonly ResourceAmounts[]): Map<string, QuantityTotal> {
  const out = new Map<string, QuantityTotal>();
  for (const amounts of all) {
    for (const [key, value] of Object.entries(amounts)) {
      let total = out.get(key);
      if (!total) out.set(key, (total = new QuantityTotal()));
      total.add(value);
    }
  }
  return out;
}

function count(n: number): Quantity {
  return quantity(BigInt(n) * NANO, 'DecimalSI');
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export { RancherSumsIndex } from './rancher-sums.index.js';
export { rancherPodAmounts } from './rancher-sums.pod.js';
export * from './rancher-sums.rules.js';
export {
  v3Cluster,
  v3Node,
  formatAmounts,
  type ClusterTotals,
  type KubernetesVersion,
} from './rancher-sums.v3.js';
export { QuantityTotal } from './rancher-sums.total.js';

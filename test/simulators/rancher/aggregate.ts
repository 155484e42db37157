/**
 * Rancher's cluster totals from its nodes (reference §3.5, `clusterstats/statsaggregator.go`):
 * `nodeCount` counts every node; `capacity`, `allocatable`, `requested` and `limits` (cpu, memory,
 * pods) sum the nodes that are neither cordoned nor non-workers tainted NoSchedule/NoExecute with
 * a control-plane or etcd key. Sums stay in Kubernetes canonical form.
 */
import type { Json } from './model.js';
import { sumQuantities } from './quantity.js';

const CONTROL_PLANE_KEYS = [
  'node-role.kubernetes.io/controlplane',
  'node-role.kubernetes.io/control-plane',
  'node-role.kubernetes.io/etcd',
];
const RESOURCES = ['cpu', 'memory', 'pods'] as const;
export const SUMMED = ['capacity', 'allocatable', 'requested', 'limits'] as const;

/** A node with none of the role flags is a worker. */
export function isWorker(node: Json): boolean {
  return node.worker === true || (node.controlPlane !== true && node.etcd !== true);
}

/** Whether Rancher adds this node into its cluster's resource totals. */
export function isCounted(node: Json): boolean {
  if (node.unschedulable === true) return false;
  if (isWorker(node)) return true;
  const taints = (node.taints as { key: string; effect: string }[] | undefined) ?? [];
  return !taints.some(
    (t) => CONTROL_PLANE_KEYS.includes(t.key) && (t.effect === 'NoSchedule' || t.effect === 'NoExecute'),
  );
}

/** Rewrites the totals of `cluster` from `nodes` (the nodes of that cluster). */
export function aggregateCluster(cluster: Json, nodes: readonly Json[]): void {
  const counted = nodes.filter(isCounted);
  for (const field of SUMMED) {
    const total: Record<string, string> = {};
    for (const resource of RESOURCES) {
      const values = counted
        .map((n) => (n[field] as Record<string, string> | undefined)?.[resource])
        .filter((v): v is string => typeof v === 'string');
      // A resource no counted node reports stays absent (e.g. `requested.pods`), as in Rancher.
      if (values.length) total[resource] = sumQuantities(values);
    }
    cluster[field] = total;
  }
  const workers = counted.filter(isWorker);
  const os = (n: Json) => (n.labels as Record<string, string> | undefined)?.['kubernetes.io/os'];
  cluster.nodeCount = nodes.length;
  cluster.linuxWorkerCount = workers.filter((n) => os(n) !== 'windows').length;
  cluster.windowsWorkerCount = workers.filter((n) => os(n) === 'windows').length;
  const info = cluster.info as Json | undefined;
  if (info) info.nodeCount = nodes.length;
}

import type { ResourceList, V3Node } from './cluster.model.js';
import type { ResourceAmounts, SlimNode } from './k8s-slim.types.js';
import { formatQuantity, NANO, quantity, type Quantity } from './quantity.js';
import { nodeRoles } from './rancher-sums.rules.js';
import { formatTotals, QuantityTotal, reparsed } from './rancher-sums.total.js';

/** The per-node bookkeeping of {@link RancherSumsIndex} (rancher-sums.index.ts). */

export const CLUSTER_KEYS = ['cpu', 'memory', 'pods'] as const;
export const LISTS = ['capacity', 'allocatable', 'requested', 'limits'] as const;
export type ListName = (typeof LISTS)[number];

/** What one node added to the cluster sums, kept so that exactly that can be taken out again. */
export interface Contribution {
  lists: Record<ListName, (Quantity | undefined)[]>;
  os: string | null;
}

export interface NodeEntry {
  name: string;
  /** Null while pods name a node that is not (or no longer) listed. */
  node: SlimNode | null;
  requested: Map<string, QuantityTotal>;
  limits: Map<string, QuantityTotal>;
  /** Counted pods (scheduled here, not Succeeded/Failed). */
  pods: number;
  contribution: Contribution | null;
  /** The v3 view, built on demand and kept until the entry changes (most nodes do not, per second). */
  view: V3Node | null;
}

export function applyAmounts(
  totals: Map<string, QuantityTotal>,
  amounts: ResourceAmounts,
  sign: 1 | -1,
): void {
  for (const [name, value] of Object.entries(amounts)) {
    let total = totals.get(name);
    if (!total) totals.set(name, (total = new QuantityTotal()));
    if (sign > 0) total.add(value);
    else total.remove(value);
    if (total.size === 0) totals.delete(name);
  }
}

export function contributionOf(entry: NodeEntry, node: SlimNode): Contribution {
  const fromTotals = (totals: Map<string, QuantityTotal>, key: string) => {
    const total = totals.get(key);
    return total ? reparsed(total.value()) : undefined;
  };
  const roles = nodeRoles(node.labels);
  return {
    lists: {
      capacity: CLUSTER_KEYS.map((key) => node.capacity[key]),
      allocatable: CLUSTER_KEYS.map((key) => node.allocatable[key]),
      requested: [fromTotals(entry.requested, 'cpu'), fromTotals(entry.requested, 'memory'), podsOf(entry)],
      limits: CLUSTER_KEYS.map((key) => fromTotals(entry.limits, key)),
    },
    os: roles.worker ? (node.labels['kubernetes.io/os'] ?? null) : null,
  };
}

/** Rancher writes `pods` (the count, decimal) only when the node has counted pods. */
export function podsOf(entry: NodeEntry): Quantity | undefined {
  return entry.pods > 0 ? quantity(BigInt(entry.pods) * NANO, 'DecimalSI') : undefined;
}

export function requestedList(entry: NodeEntry): ResourceList {
  const pods = podsOf(entry);
  const list = formatTotals(entry.requested);
  if (!pods) return list;
  list.pods = formatQuantity(pods);
  return Object.fromEntries(Object.entries(list).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

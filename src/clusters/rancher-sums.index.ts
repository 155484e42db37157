import type { ResourceList, V3Node } from './cluster.model.js';
import type { SlimNode, SlimPod } from './k8s-slim.types.js';
import { formatQuantity } from './quantity.js';
import {
  applyAmounts,
  CLUSTER_KEYS,
  contributionOf,
  LISTS,
  requestedList,
  type Contribution,
  type ListName,
  type NodeEntry,
} from './rancher-sums.node-entry.js';
import { countsTowardsCluster, podCounts, providerFromVersion } from './rancher-sums.rules.js';
import { formatTotals, QuantityTotal } from './rancher-sums.total.js';
import { v3Node, type ClusterTotals } from './rancher-sums.v3.js';

/**
 * Rancher's sums for one cluster, kept current as nodes and pods change: every node holds running
 * totals of its counted pods, updated by taking a pod's previous amounts out and its new ones in,
 * and the cluster sums are updated by each changed node's difference. A pod event costs a few
 * BigInt additions; nothing is summed again. Nodes touched since the last read are settled lazily
 * (at `clusterTotals()`), so an initial list of 150,000 pods settles each node once.
 *
 * The rules are those of {@link computeRancherSums} (rancher-sums.ts), which computes the same
 * result from scratch and is what the tests compare this index with.
 */
export class RancherSumsIndex {
  private readonly entries = new Map<string, NodeEntry>();
  private readonly pods = new Map<string, SlimPod>();
  private readonly dirty = new Set<NodeEntry>();
  private readonly cluster = Object.fromEntries(
    LISTS.map((list) => [list, CLUSTER_KEYS.map(() => new QuantityTotal())]),
  ) as Record<ListName, QuantityTotal[]>;
  private readonly nodeProviders = new Map<string, number>();
  private listedNodes = 0;
  private readonly workers = new Map<string, number>();

  constructor(readonly clusterId: string) {}

  get nodeCount(): number {
    return this.listedNodes;
  }

  get podCount(): number {
    return this.pods.size;
  }

  upsertNode(node: SlimNode): void {
    const entry = this.entry(node.name);
    if (entry.node) this.countProvider(entry.node, -1);
    else this.listedNodes += 1;
    entry.node = node;
    this.countProvider(node, 1);
    this.touch(entry);
  }

  deleteNode(name: string): boolean {
    const entry = this.entries.get(name);
    if (!entry?.node) return false;
    this.countProvider(entry.node, -1);
    this.listedNodes -= 1;
    entry.node = null;
    this.touch(entry);
    return true;
  }

  upsertPod(pod: SlimPod): void {
    const previous = this.pods.get(pod.uid);
    if (previous) this.applyPod(previous, -1);
    this.pods.set(pod.uid, pod);
    this.applyPod(pod, 1);
  }

  deletePod(uid: string): boolean {
    const previous = this.pods.get(uid);
    if (!previous) return false;
    this.applyPod(previous, -1);
    this.pods.delete(uid);
    return true;
  }

  pod(uid: string): SlimPod | undefined {
    return this.pods.get(uid);
  }

  node(name: string): SlimNode | undefined {
    return this.entries.get(name)?.node ?? undefined;
  }

  podUids(): IterableIterator<string> {
    return this.pods.keys();
  }

  *nodeNames(): IterableIterator<string> {
    for (const entry of this.entries.values()) if (entry.node) yield entry.name;
  }

  /** Node count, worker counts by OS and the four sums (§3.5). */
  clusterTotals(): ClusterTotals {
    this.settle();
    const list = (name: ListName): ResourceList =>
      Object.fromEntries(CLUSTER_KEYS.map((key, i) => [key, formatQuantity(this.cluster[name][i].value())]));
    return {
      nodeCount: this.listedNodes,
      linuxWorkerCount: this.workers.get('linux') ?? 0,
      windowsWorkerCount: this.workers.get('windows') ?? 0,
      capacity: list('capacity'),
      allocatable: list('allocatable'),
      requested: list('requested'),
      limits: list('limits'),
    };
  }

  /** The node as a v3 object. Shared with later calls until the node changes: do not modify it. */
  nodeView(name: string): V3Node | undefined {
    const entry = this.entries.get(name);
    return entry?.node ? this.viewOf(entry, entry.node) : undefined;
  }

  /** Every listed node as a v3 object (unchanged nodes cost nothing: their views are kept). */
  nodeViews(): V3Node[] {
    const views: V3Node[] = [];
    for (const entry of this.entries.values()) if (entry.node) views.push(this.viewOf(entry, entry.node));
    return views;
  }

  /** Node count per provider their kubelet versions give away (`rke2`, `k3s`, … or empty). */
  providers(): ReadonlyMap<string, number> {
    return this.nodeProviders;
  }

  private viewOf(entry: NodeEntry, node: SlimNode): V3Node {
    entry.view ??= Object.freeze(
      v3Node(this.clusterId, node, requestedList(entry), formatTotals(entry.limits)),
    );
    return entry.view;
  }

  private touch(entry: NodeEntry): void {
    entry.view = null;
    this.dirty.add(entry);
  }

  private entry(name: string): NodeEntry {
    let entry = this.entries.get(name);
    if (!entry) {
      entry = {
        name,
        node: null,
        requested: new Map(),
        limits: new Map(),
        pods: 0,
        contribution: null,
        view: null,
      };
      this.entries.set(name, entry);
    }
    return entry;
  }

  private applyPod(pod: SlimPod, sign: 1 | -1): void {
    if (!podCounts(pod)) return;
    const entry = this.entry(pod.nodeName);
    applyAmounts(entry.requested, pod.requests, sign);
    applyAmounts(entry.limits, pod.limits, sign);
    entry.pods += sign;
    this.touch(entry);
  }

  private settle(): void {
    for (const entry of this.dirty) {
      if (entry.contribution) this.applyContribution(entry.contribution, -1);
      entry.contribution =
        entry.node && countsTowardsCluster(entry.node) ? contributionOf(entry, entry.node) : null;
      if (entry.contribution) this.applyContribution(entry.contribution, 1);
      if (!entry.node && entry.pods === 0) this.entries.delete(entry.name);
    }
    this.dirty.clear();
  }

  private applyContribution(c: Contribution, sign: 1 | -1): void {
    for (const list of LISTS) {
      c.lists[list].forEach((q, i) => {
        if (q && sign > 0) this.cluster[list][i].add(q);
        else if (q) this.cluster[list][i].remove(q);
      });
    }
    if (c.os) this.workers.set(c.os, (this.workers.get(c.os) ?? 0) + sign);
  }

  private countProvider(node: SlimNode, sign: 1 | -1): void {
    const provider = providerFromVersion(node.kubeletVersion);
    this.nodeProviders.set(provider, (this.nodeProviders.get(provider) ?? 0) + sign);
  }
}

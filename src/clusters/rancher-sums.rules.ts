import type { SlimNode, SlimPod } from './k8s-slim.types.js';

/**
 * Rancher's per-node and per-cluster rules (rancher-kubernetes.md §3.5, §3.6), each as a small pure
 * function so that the batch computation and the incremental index apply exactly the same ones.
 * Sources: rancher/rancher `nodesyncer/nodessyncer.go` (roles), `clusterstats/statsaggregator.go`
 * (which nodes are summed), `podresources/register.go` (which pods count), rancher/wrangler
 * `summary` (state).
 */

export const ROLE_LABELS = {
  etcd: 'node-role.kubernetes.io/etcd',
  controlPlane: ['node-role.kubernetes.io/controlplane', 'node-role.kubernetes.io/control-plane'],
  /** Rancher's node syncer still maps the legacy `master` label (RKE2 sets it too) to control plane. */
  master: 'node-role.kubernetes.io/master',
  worker: 'node-role.kubernetes.io/worker',
} as const;

/** Taint keys that keep a non-worker node out of the cluster sums (statsaggregator, incl. `master`). */
const CONTROL_TAINT_KEYS = new Set([
  'node-role.kubernetes.io/controlplane',
  'node-role.kubernetes.io/control-plane',
  'node-role.kubernetes.io/etcd',
  'node-role.kubernetes.io/master',
]);

export interface NodeRoles {
  etcd: boolean;
  controlPlane: boolean;
  worker: boolean;
}

/** Roles by label presence (any value: kubeadm sets `""`, RKE2 `"true"`); none at all → worker. */
export function nodeRoles(labels: Readonly<Record<string, string>>): NodeRoles {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  const etcd = has(ROLE_LABELS.etcd);
  const controlPlane = ROLE_LABELS.controlPlane.some(has) || has(ROLE_LABELS.master);
  const worker = has(ROLE_LABELS.worker) || (!etcd && !controlPlane);
  return { etcd, controlPlane, worker };
}

/**
 * Whether a node's capacity, allocatable, requests and limits go into the cluster sums: not when
 * cordoned, nor when it is not a worker and carries a NoSchedule/NoExecute control-plane or etcd
 * taint. `nodeCount` counts every node regardless.
 */
export function countsTowardsCluster(node: SlimNode, roles: NodeRoles = nodeRoles(node.labels)): boolean {
  if (node.unschedulable) return false;
  if (roles.worker) return true;
  return !node.taints.some(
    (t) => CONTROL_TAINT_KEYS.has(t.key) && (t.effect === 'NoSchedule' || t.effect === 'NoExecute'),
  );
}

/** Pods whose requests count on their node: scheduled, and not Succeeded or Failed. */
export function podCounts(pod: SlimPod): boolean {
  return pod.nodeName !== '' && pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}

export interface V3State {
  state: string;
  /** `no`, `yes` or `error`, as norman's status mapper writes it. */
  transitioning: 'no' | 'yes' | 'error';
  transitioningMessage: string;
}

/**
 * The state the v3 API shows for a node. Rancher copies only the Kubernetes `Ready` condition into
 * the management node (nodesyncer `cleanStatus`), so the summary looks at nothing else:
 * Ready False → `unavailable` (transitioning), Ready Unknown → `unavailable` (error), otherwise
 * `active`. A cordoned node stays `active` in v3 (the summary has no rule for `unschedulable`; the
 * old UI derived "Cordoned" on the client): fedwatch reports cordoning in `unschedulable` and in
 * its own node view instead of inventing a state Rancher would not print.
 */
export function nodeV3State(node: SlimNode): V3State {
  const ready = node.conditions.find((c) => c.type === 'Ready');
  if (ready?.status === 'False') {
    return { state: 'unavailable', transitioning: 'yes', transitioningMessage: ready.message ?? '' };
  }
  if (ready?.status === 'Unknown') {
    return { state: 'unavailable', transitioning: 'error', transitioningMessage: ready.message ?? '' };
  }
  return { state: 'active', transitioning: 'no', transitioningMessage: '' };
}

/**
 * The distribution a version string gives away, as Rancher's `provider` field names it: the
 * `+rke2r1` / `+k3s1` build suffixes, `-eks-` and `-gke.` of the managed offerings; else empty.
 */
export function providerFromVersion(version: string | undefined): string {
  if (!version) return '';
  if (/\+rke2/.test(version)) return 'rke2';
  if (/\+k3s/.test(version)) return 'k3s';
  if (/-eks-/.test(version)) return 'eks';
  if (/-gke\./.test(version)) return 'gke';
  return '';
}

/** The provider of the API server's version when it tells, else the most common one of the nodes. */
export function clusterProvider(
  serverVersion: string | undefined,
  nodeProviders: ReadonlyMap<string, number>,
) {
  const fromServer = providerFromVersion(serverVersion);
  if (fromServer !== '') return fromServer;
  let best = '';
  let bestCount = 0;
  for (const [provider, count] of nodeProviders) {
    if (provider !== '' && (count > bestCount || (count === bestCount && provider < best))) {
      best = provider;
      bestCount = count;
    }
  }
  return best;
}

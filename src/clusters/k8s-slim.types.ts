import type { Quantity } from './quantity.js';

/**
 * The parts of Kubernetes Nodes and Pods (rancher-kubernetes.md §5.1, §5.2) that fedwatch keeps.
 * A watch of a large cluster holds every object in memory for as long as it runs, so these carry
 * only what the Rancher sums and the v3 views need; quantities are parsed once, at ingest.
 */

/** Resource name → parsed quantity. Frozen and shared between objects with equal amounts. */
export type ResourceAmounts = Readonly<Record<string, Quantity>>;

export interface SlimTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
  readonly timeAdded?: string;
}

export interface SlimNodeCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastHeartbeatTime?: string;
  readonly lastTransitionTime?: string;
}

export interface SlimNodeAddress {
  readonly type: string;
  readonly address: string;
}

export interface SlimNode {
  readonly name: string;
  /** Opaque; equal versions mean an unchanged object (used to skip work on a relist). */
  readonly resourceVersion: string;
  readonly creationTimestamp?: string;
  /** Only the labels of interest (§5.1): roles, os, arch, hostname, instance type, zone, region. */
  readonly labels: Readonly<Record<string, string>>;
  readonly unschedulable: boolean;
  readonly taints: readonly SlimTaint[];
  /** Quantities that did not parse are left out (and reported by the adapter). */
  readonly capacity: ResourceAmounts;
  readonly allocatable: ResourceAmounts;
  readonly conditions: readonly SlimNodeCondition[];
  readonly addresses: readonly SlimNodeAddress[];
  readonly kubeletVersion: string;
}

export interface SlimPod {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly resourceVersion: string;
  /** Empty until the pod is scheduled. */
  readonly nodeName: string;
  readonly phase: string;
  /** The pod's effective requests and limits by Rancher's rule (see rancher-sums.pod.ts). */
  readonly requests: ResourceAmounts;
  readonly limits: ResourceAmounts;
}

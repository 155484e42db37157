/**
 * What Rancher would report for the simulated cluster right now (shared/reference/rancher-kubernetes.md
 * §3.5), computed from the exact values the simulator wrote, not by parsing what it serves: the
 * truth a client's own quantity parsing and summing is checked against. CPU in millicores, memory
 * in bytes. A `malformedQuantity` fault does not change these numbers.
 */
import type { NodeRecord, PodRecord } from './model.js';
import { allocatable } from './placement.js';
import { rancherPod, schedulerPod } from './requests.js';
import { rancherRoles } from './seed.nodes.js';

export interface Resources {
  cpu: number;
  memory: number;
  pods: number;
}

export interface RancherNode {
  name: string;
  roles: { controlPlane: boolean; etcd: boolean; worker: boolean };
  /** Whether the cluster sums include it (not cordoned; not a tainted non-worker control-plane/etcd node). */
  counted: boolean;
  capacity: Resources;
  allocatable: Resources;
  /** Rancher's rule over the node's pods not Succeeded/Failed; `pods` is their number. */
  requested: Resources;
  limits: Omit<Resources, 'pods'>;
  /** The scheduler's rule (sidecars, overhead) over the same pods, for comparison. */
  schedulerRequested: Omit<Resources, 'pods'>;
}

export interface RancherCluster {
  nodeCount: number;
  linuxWorkerCount: number;
  windowsWorkerCount: number;
  capacity: Resources;
  allocatable: Resources;
  requested: Resources;
  limits: Omit<Resources, 'pods'>;
}

export function countedByRancher(n: NodeRecord): boolean {
  if (n.unschedulable) return false;
  return rancherRoles(n).worker || n.roleTaints.length === 0;
}

const counts = (p: PodRecord) => p.node >= 0 && p.phase !== 'Succeeded' && p.phase !== 'Failed';

export function rancherNodes(nodes: readonly NodeRecord[], pods: readonly PodRecord[]): RancherNode[] {
  const out = nodes.map((n): RancherNode => {
    const a = allocatable(n);
    return {
      name: n.name,
      roles: rancherRoles(n),
      counted: countedByRancher(n),
      capacity: { cpu: n.type.cpu * 1000, memory: n.type.memoryKi * 1024, pods: a.pods },
      allocatable: { cpu: a.cpu, memory: a.memory, pods: a.pods },
      requested: { cpu: 0, memory: 0, pods: 0 },
      limits: { cpu: 0, memory: 0 },
      schedulerRequested: { cpu: 0, memory: 0 },
    };
  });
  for (const p of pods) {
    if (!counts(p)) continue;
    const n = out[p.node]!;
    const req = rancherPod(p.workload, 'requests');
    const lim = rancherPod(p.workload, 'limits');
    const sch = schedulerPod(p.workload);
    n.requested.cpu += req.cpu;
    n.requested.memory += req.memory;
    n.requested.pods += 1;
    n.limits.cpu += lim.cpu;
    n.limits.memory += lim.memory;
    n.schedulerRequested.cpu += sch.cpu;
    n.schedulerRequested.memory += sch.memory;
  }
  return out;
}

export function rancherCluster(
  nodes: readonly NodeRecord[],
  perNode: readonly RancherNode[],
): RancherCluster {
  const zero = () => ({ cpu: 0, memory: 0, pods: 0 });
  const c: RancherCluster = {
    nodeCount: nodes.length,
    linuxWorkerCount: 0,
    windowsWorkerCount: 0,
    capacity: zero(),
    allocatable: zero(),
    requested: zero(),
    limits: { cpu: 0, memory: 0 },
  };
  perNode.forEach((n, i) => {
    if (!n.counted) return;
    for (const key of ['capacity', 'allocatable', 'requested'] as const) {
      c[key].cpu += n[key].cpu;
      c[key].memory += n[key].memory;
      c[key].pods += n[key].pods;
    }
    c.limits.cpu += n.limits.cpu;
    c.limits.memory += n.limits.memory;
    if (n.roles.worker) {
      if (nodes[i]!.os === 'windows') c.windowsWorkerCount++;
      else c.linuxWorkerCount++;
    }
  });
  return c;
}

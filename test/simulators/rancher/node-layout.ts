/**
 * Which roles, taints and quirks each node of a cluster gets. Laid out so that every rule of
 * Rancher's totals (§3.5) is exercised: tainted control planes left out, untainted ones (k3s)
 * counted, a tainted control-plane-and-worker node counted, cordoned workers left out.
 */
import type { Rng } from '../openstack/prng.js';
import type { ClusterPlan } from './seed-clusters.js';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface NodeLayout {
  controlPlane: boolean;
  etcd: boolean;
  worker: boolean;
  taints: Taint[];
  cordoned: boolean;
  /** Kubelet stopped reporting: state `unavailable`, Ready `Unknown`. */
  unreachable: boolean;
  /** Registered without a Kubernetes name yet: only `requestedHostname` (§4's prod-worker-2). */
  hostnameOnly: boolean;
  /** A display name (`name`) set in Rancher's UI. */
  displayName: string;
  description: string;
}

const CP_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', value: 'true', effect: 'NoSchedule' };
const ETCD_TAINT: Taint = { key: 'node-role.kubernetes.io/etcd', value: 'true', effect: 'NoExecute' };
const GPU_TAINT: Taint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };

function roles(
  plan: ClusterPlan,
  i: number,
  n: number,
): Pick<NodeLayout, 'controlPlane' | 'etcd' | 'worker' | 'taints'> {
  const all = { controlPlane: true, etcd: true, worker: true, taints: [] };
  const worker = { controlPlane: false, etcd: false, worker: true, taints: [] };
  switch (plan.nodeStyle) {
    case 'local':
      return all;
    case 'eks':
    case 'gke':
    case 'aks':
      return worker; // managed control plane: no control-plane nodes are visible
    case 'k3s':
      // k3s servers are schedulable (no taint), so Rancher counts them although not workers.
      if (n === 1) return all;
      return i === 0 ? { controlPlane: true, etcd: true, worker: false, taints: [] } : worker;
    case 'rke2':
      if (n === 1) return all;
      if (n === 2) return i === 0 ? all : worker;
      if (i === 0) return { controlPlane: true, etcd: true, worker: false, taints: [CP_TAINT, ETCD_TAINT] };
      if (i === 1 && n >= 6) return { controlPlane: false, etcd: true, worker: false, taints: [ETCD_TAINT] };
      // A worker that also runs the control plane is counted despite the taint (it is a worker).
      if (i === 1 && n >= 5) return { controlPlane: true, etcd: false, worker: true, taints: [CP_TAINT] };
      return worker;
  }
}

export function layoutNodes(rng: Rng, plan: ClusterPlan, n: number): NodeLayout[] {
  const layouts: NodeLayout[] = Array.from({ length: n }, (_, i) => ({
    ...roles(plan, i, n),
    cordoned: false,
    unreachable: plan.state === 'unavailable' || plan.state === 'inactive',
    hostnameOnly: false,
    displayName: '',
    description: '',
  }));
  const workers = layouts.filter((l) => l.worker && !l.controlPlane);
  if (plan.kind === 'rke2' && workers.length >= 2) {
    const spare = workers[workers.length - 1]!;
    Object.assign(spare, { hostnameOnly: true, unreachable: true, description: 'spare capacity' });
    if (workers.length >= 3) workers[workers.length - 2]!.cordoned = true;
  }
  if (plan.kind === 'k3s' && workers.length >= 1) {
    const gpu = workers[0]!;
    gpu.taints = [GPU_TAINT]; // not a control-plane key: still counted
    gpu.displayName = 'gpu-box';
  }
  if (plan.kind === 'imported-gke') layouts.forEach((l, i) => (l.displayName = `analytics-${i + 1}`));
  if (plan.kind === 'generic') for (const w of workers) w.cordoned = rng.chance(0.1);
  return layouts;
}

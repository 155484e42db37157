/**
 * A pod's effective requests and limits from the exact values the simulator wrote, by the two
 * rules of shared/reference/rancher-kubernetes.md §5.2: Rancher's (what `rancher cluster` shows)
 * and the scheduler's (sidecars and overhead counted). CPU in millicores, memory in bytes.
 */
import type { ContainerSpec, Workload } from './model.js';

export interface Totals {
  cpu: number;
  memory: number;
  gpu: number;
}

type Which = 'requests' | 'limits';

const zero = (): Totals => ({ cpu: 0, memory: 0, gpu: 0 });

function of(c: ContainerSpec, which: Which): Totals {
  const list = c[which];
  return {
    cpu: list.cpu?.value ?? 0,
    memory: list.memory?.value ?? 0,
    gpu: list['nvidia.com/gpu']?.value ?? 0,
  };
}

const add = (a: Totals, b: Totals): Totals => ({
  cpu: a.cpu + b.cpu,
  memory: a.memory + b.memory,
  gpu: a.gpu + b.gpu,
});
const max = (a: Totals, b: Totals): Totals => ({
  cpu: Math.max(a.cpu, b.cpu),
  memory: Math.max(a.memory, b.memory),
  gpu: Math.max(a.gpu, b.gpu),
});

/** Rancher: Σ containers, then per resource the max with each init container; no overhead, no sidecars. */
export function rancherPod(w: Workload, which: Which = 'requests'): Totals {
  let total = w.containers.reduce((t, c) => add(t, of(c, which)), zero());
  for (const init of w.initContainers) total = max(total, of(init, which));
  return total;
}

/** The scheduler (kubectl describe node): sidecars run beside the containers; overhead on top. */
export function schedulerPod(w: Workload): Totals {
  const containers = w.containers.reduce((t, c) => add(t, of(c, 'requests')), zero());
  let sidecars = zero();
  let init = zero();
  for (const c of w.initContainers) {
    if (c.restartPolicy === 'Always') {
      sidecars = add(sidecars, of(c, 'requests'));
      init = max(init, sidecars);
    } else init = max(init, add(of(c, 'requests'), sidecars));
  }
  const overhead = w.overhead
    ? { cpu: w.overhead.cpu.value, memory: w.overhead.memory.value, gpu: 0 }
    : zero();
  return add(max(add(containers, sidecars), init), overhead);
}

/** QoS class by the kubelet's rules (requests default to limits when only limits are set). */
export function qosClass(containers: ContainerSpec[]): Workload['qosClass'] {
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    for (const r of ['cpu', 'memory'] as const) {
      const req = c.requests[r] ?? c.limits[r];
      const lim = c.limits[r];
      if (req || lim) any = true;
      if (!lim || !req || req.value !== lim.value) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

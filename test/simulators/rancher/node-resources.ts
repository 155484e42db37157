/**
 * A node's capacity, allocatable, requested and limits in the forms Kubernetes and Rancher write
 * them: kubelet memory in Ki, CPU capacity in whole cores, requests summed from pods (millicores,
 * Mi), all canonical.
 */
import type { Rng } from '../openstack/prng.js';
import type { NodeStyle } from './seed-clusters.js';
import { bytes, cores, count } from './quantity.js';

const KI = 1024;
const GI = 1024 ** 3;
const MI = 1024 ** 2;

export interface NodeResources {
  cpuCores: number;
  memTotalKiB: number;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  requested: Record<string, string>;
  limits: Record<string, string>;
}

export function nodeResources(
  rng: Rng,
  style: NodeStyle,
  controlPlaneOnly: boolean,
  requestedPods: boolean,
): NodeResources {
  const cpu = style === 'eks' ? 2 : style === 'local' || controlPlaneOnly ? 4 : rng.pick([4, 8, 16]);
  // Physical memory minus what the firmware and kernel keep: never a round number of Ki.
  const memKi = cpu * 4 * 1024 * 1024 - rng.int(150_000, 520_000);
  const maxPods = style === 'eks' ? 35 : 110;
  let allocCpuMilli = cpu * 1000;
  let allocMem = memKi * KI - 100 * MI; // rke2/k3s: only the 100Mi hard-eviction threshold
  if (style === 'eks') {
    allocCpuMilli -= 70;
    allocMem = 5 * GI; // (an odd cloud image reserving to a whole Gi: the sums stay in Gi, §4)
  } else if (style === 'gke' || style === 'aks') {
    allocCpuMilli -= rng.int(6, 9) * 10;
    allocMem = memKi * KI - rng.int(1500, 2600) * MI;
  }
  const reqCpu = 25 * rng.int(controlPlaneOnly ? 24 : 8, Math.min(Math.floor(allocCpuMilli / 25) - 1, 90));
  const reqMem = 64 * MI * rng.int(4, 40);
  const pods = rng.int(5, 40);
  const requested: Record<string, string> = { cpu: cores(reqCpu), memory: bytes(reqMem) };
  if (requestedPods) requested.pods = count(pods);
  return {
    cpuCores: cpu,
    memTotalKiB: memKi,
    capacity: { cpu: count(cpu), memory: bytes(memKi * KI), pods: count(maxPods) },
    allocatable: {
      cpu: cores(allocCpuMilli),
      memory: bytes(allocMem),
      pods: count(maxPods),
    },
    requested,
    limits: { cpu: cores(reqCpu * rng.int(2, 4)), memory: bytes(reqMem * 2) },
  };
}

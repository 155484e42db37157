import type { ResourceAmounts } from './k8s-slim.types.js';
import { addQuantities, maxQuantity, type Quantity } from './quantity.js';

/**
 * A pod's effective requests (or limits) by Rancher's rule (podresources `getPodData`): the
 * containers summed per resource, then for each init container and resource the larger of that
 * running total and the init container's value. A resource only one init container names is taken
 * as it is.
 *
 * Where this differs from the scheduler (`kubectl describe node`, "Allocated resources"):
 * - sidecars (init containers with `restartPolicy: Always`, Kubernetes ≥ 1.28) run beside the
 *   containers, so the scheduler adds them to the container sum and to every later init container;
 *   Rancher treats them like any init container (max, not sum), so a pod with a sidecar usually
 *   shows less here than the scheduler reserves;
 * - the RuntimeClass `spec.overhead` is added by the scheduler and ignored by Rancher;
 * - pod-level `spec.resources` (feature-gated) replaces the per-container sums for the scheduler;
 *   Rancher does not read it.
 * fedwatch's Rancher-compatible views use this rule so that their numbers equal Rancher's.
 */
export function rancherPodAmounts(
  containers: readonly ResourceAmounts[],
  initContainers: readonly ResourceAmounts[],
): ResourceAmounts {
  const total: Record<string, Quantity> = {};
  for (const amounts of containers) {
    for (const [name, value] of Object.entries(amounts)) {
      total[name] = Object.prototype.hasOwnProperty.call(total, name)
        ? addQuantities(total[name], value)
        : value;
    }
  }
  for (const amounts of initContainers) {
    for (const [name, value] of Object.entries(amounts)) {
      total[name] = Object.prototype.hasOwnProperty.call(total, name)
        ? maxQuantity(total[name], value)
        : value;
    }
  }
  return total;
}

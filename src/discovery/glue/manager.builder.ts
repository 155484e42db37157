import { entity, type GlueContext } from './glue-context.js';
import type { CloudComputingInstanceType, CloudComputingManager } from './glue-document.types.js';

/**
 * The CloudComputingManager (glue-cloud-info.md §2.2) with the true smallest and largest instance
 * over the instance types of all shares (CPU = vcpus, RAM = MiB); without any instance type the four
 * attributes are omitted.
 *
 * cloud-info-provider v1.2.0 gets both wrong: in its share loop `max_ram = max(0, share.instance_max_ram)`
 * overwrites instead of accumulating, so the maxima are the last share's, and
 * `min_ram = min(0, share.instance_min_ram)` is always 0 for sizes ≥ 0, so the minima are always 0.
 */
export function buildManager(
  ctx: GlueContext,
  instanceTypes: readonly CloudComputingInstanceType[],
): CloudComputingManager {
  const cpus = instanceTypes.map((t) => t.CPU);
  const rams = instanceTypes.map((t) => t.RAM);
  const sizes =
    instanceTypes.length === 0
      ? {}
      : {
          InstanceMaxCPU: Math.max(...cpus),
          InstanceMinCPU: Math.min(...cpus),
          InstanceMaxRAM: Math.max(...rams),
          InstanceMinRAM: Math.min(...rams),
        };
  return {
    ...entity(ctx, ctx.ids.manager, null, undefined, { CloudComputingService: [ctx.ids.service] }),
    ...sizes,
  };
}

import type { NovaFlavor } from '../../sources/openstack/openstack.types.js';
import { buildAccelerator } from './accelerator.builder.js';
import { entity, type GlueContext } from './glue-context.js';
import type { CloudComputingInstanceType, CloudComputingVirtualAccelerator } from './glue-document.types.js';
import type { FlavorSelection } from './glue-input.types.js';

export interface ShareInstanceTypes {
  instanceTypes: CloudComputingInstanceType[];
  /** One per GPU flavor of the share; the document keeps one per flavor id. */
  accelerators: CloudComputingVirtualAccelerator[];
}

/** Nova requires vcpus and ram ≥ 1; disk 0 is a boot-from-volume flavor. */
const SIZES = [
  { field: 'vcpus', min: 1 },
  { field: 'ram', min: 1 },
  { field: 'disk', min: 0 },
] as const;

function selected(flavor: NovaFlavor, selection: FlavorSelection): boolean {
  // novaclient reads a missing `os-flavor-access:is_public` as public ('N/A' is truthy).
  const isPublic = flavor['os-flavor-access:is_public'] !== false;
  return selection === 'all' || (selection === 'public') === isPublic;
}

/** The flavor's id, or null after reporting why it cannot become an instance type. */
function checkedId(ctx: GlueContext, flavor: NovaFlavor): string | null {
  const id = typeof flavor.id === 'string' || typeof flavor.id === 'number' ? String(flavor.id) : '';
  if (id === '') {
    const message = 'flavor without id: not published';
    ctx.problems.add({ objectType: 'flavor', id: String(flavor.name), field: 'id', message, skipped: true });
    return null;
  }
  for (const { field, min } of SIZES) {
    const value: unknown = flavor[field];
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) continue;
    const message =
      value === undefined || value === null
        ? `flavor without ${field}: not published`
        : `${field} is not a whole number ≥ ${min} (${JSON.stringify(value)}): not published`;
    ctx.problems.add({ objectType: 'flavor', id, field, message, skipped: true });
    return null;
  }
  return id;
}

/**
 * CloudComputingInstanceType objects of one share (glue-cloud-info.md §2.5): one per selected flavor,
 * `ID` = the Nova flavor id (repeated in every share), `Platform` `amd64`, `CPU` vcpus, `RAM` MiB,
 * `Disk` GiB, `NetworkIn` `UNKNOWN`, `NetworkOut` true; GPU flavors also get an accelerator.
 */
export function buildInstanceTypes(
  ctx: GlueContext,
  shareId: string,
  flavors: readonly NovaFlavor[],
  selection: FlavorSelection,
): ShareInstanceTypes {
  const result: ShareInstanceTypes = { instanceTypes: [], accelerators: [] };
  for (const flavor of flavors.filter((f) => selected(f, selection))) {
    const id = checkedId(ctx, flavor);
    if (id === null) continue;
    const accelerator = buildAccelerator(ctx, flavor, id);
    const associations: Record<string, string[]> = {
      Share: [shareId],
      CloudComputingEndpoint: [ctx.ids.endpoint],
      CloudComputingManager: [ctx.ids.manager],
      ...(accelerator ? { CloudComputingVirtualAccelerator: [accelerator.ID] } : {}),
    };
    result.instanceTypes.push({
      ...entity(ctx, id, flavor.name, undefined, associations),
      Platform: 'amd64',
      CPU: flavor.vcpus,
      RAM: flavor.ram,
      Disk: flavor.disk,
      NetworkIn: 'UNKNOWN',
      NetworkOut: true,
    });
    if (accelerator) result.accelerators.push(accelerator);
  }
  return result;
}

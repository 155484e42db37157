import type { NovaFlavor } from '../../sources/openstack/openstack.types.js';
import { entity, type GlueContext } from './glue-context.js';
import type { CloudComputingVirtualAccelerator } from './glue-document.types.js';

/** Flavor extra specs cloud-info-provider reads by default (`--property-flavor-gpu-*`). */
export const ACCELERATOR_SPEC = {
  number: 'Accelerator:Number',
  vendor: 'Accelerator:Vendor',
  model: 'Accelerator:Model',
} as const;

function spec(flavor: NovaFlavor, key: string): string | undefined {
  const specs = flavor.extra_specs;
  const value = specs && Object.hasOwn(specs, key) ? specs[key] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * CloudComputingVirtualAccelerator of a GPU flavor (glue-cloud-info.md §2.6): `ID`/`Name` are the
 * flavor's plus `_gpu`, `Type` `GPU`, `Number` from `Accelerator:Number`, `Vendor`/`Model` from the
 * specs or `UNKNOWN`. Null when the flavor sets no positive count; a count that is no whole number
 * is a problem and the instance type is published without accelerator. (v1.2.0 turns any non-empty
 * string into one, `"0"` included, and fails on a non-number.)
 */
export function buildAccelerator(
  ctx: GlueContext,
  flavor: NovaFlavor,
  flavorId: string,
): CloudComputingVirtualAccelerator | null {
  const numberText = spec(flavor, ACCELERATOR_SPEC.number);
  if (numberText === undefined) return null;
  if (!/^\d+$/.test(numberText)) {
    const message = `not a whole number: ${JSON.stringify(numberText)}; published without accelerator`;
    const field = `extra_specs.${ACCELERATOR_SPEC.number}`;
    ctx.problems.add({ objectType: 'flavor', id: flavorId, field, message, skipped: false });
    return null;
  }
  const count = Number(numberText);
  if (count === 0) return null;
  return {
    ...entity(ctx, ctx.ids.accelerator(flavorId), `${flavor.name}_gpu`, undefined, {
      CloudComputingInstanceType: [flavorId],
    }),
    Type: 'GPU',
    Number: count,
    Vendor: spec(flavor, ACCELERATOR_SPEC.vendor) ?? 'UNKNOWN',
    Model: spec(flavor, ACCELERATOR_SPEC.model) ?? 'UNKNOWN',
    ComputeCapability: [],
  };
}

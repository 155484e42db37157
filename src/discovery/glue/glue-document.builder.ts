import { selectEndpoint } from '../../sources/openstack/auth/catalog.js';
import { buildEndpoint, healthOf } from './endpoint.builder.js';
import { creationTimeOf, type GlueContext, glueIds, GlueProblemList } from './glue-context.js';
import type {
  CloudComputingVirtualAccelerator,
  GlueBuildResult,
  GlueDocument,
} from './glue-document.types.js';
import type { GlueBuildInput, GlueShareRead } from './glue-input.types.js';
import { buildManager } from './manager.builder.js';
import { buildAccessPolicy } from './policy.builder.js';
import { buildService } from './service.builder.js';
import { type BuiltShare, buildShare } from './share.builder.js';
import { sumVmCounts } from './vm-counts.js';

/** glue-cloud-info.md §5: 12 h, far above the 30 min publication cycle. */
export const DEFAULT_GLUE_VALIDITY_SECONDS = 43_200;

function contextOf(input: GlueBuildInput): GlueContext {
  const { now, validitySeconds = DEFAULT_GLUE_VALIDITY_SECONDS } = input;
  if (!(now instanceof Date) || isNaN(now.getTime()))
    throw new RangeError('GLUE document: now is not a valid date');
  if (!Number.isInteger(validitySeconds) || validitySeconds <= 0) {
    throw new RangeError(`GLUE document: validitySeconds must be a positive integer, got ${validitySeconds}`);
  }
  if (input.endpoint.url === '') throw new RangeError('GLUE document: the Keystone URL is empty');
  return {
    ids: glueIds(input.endpoint.url),
    validity: validitySeconds,
    creationTime: creationTimeOf(now),
    problems: new GlueProblemList(),
  };
}

/** GPU flavors repeat per share with identical accelerators; one object per flavor id suffices. */
function uniqueById(accelerators: CloudComputingVirtualAccelerator[]): CloudComputingVirtualAccelerator[] {
  const first = new Map<string, CloudComputingVirtualAccelerator>();
  for (const accelerator of accelerators)
    if (!first.has(accelerator.ID)) first.set(accelerator.ID, accelerator);
  return [...first.values()];
}

/**
 * Builds the GLUE 2.1 cloud-info document of one Keystone endpoint (glue-cloud-info.md), as EGI's
 * cloud-info-provider v1.2.0 writes it (class and attribute order included) minus its bugs: one
 * Share and MappingPolicy per VO whose project was read, instance types and images repeated per
 * share, accelerators for GPU flavors, true instance size extremes, a `HealthState` that says which
 * shares failed. Pure: the time comes in `input.now`. Every class key is present (cloud-info-api
 * indexes them directly) except `CloudComputingVirtualAccelerator`, written only with GPU flavors.
 * Bad input objects are left out or trimmed and listed in `problems`; the rest is still built.
 * Throws `RangeError` for an invalid `now`, `validitySeconds` or empty Keystone URL.
 */
export function buildGlueDocument(input: GlueBuildInput): GlueBuildResult {
  const ctx = contextOf(input);
  const { endpoint: endpointInput, site } = input;
  const glanceUrl = selectEndpoint(endpointInput.catalog, 'image', {
    interface: endpointInput.interface,
    region: endpointInput.region,
  });
  const read = input.shares.filter((s): s is GlueShareRead => s.error === undefined);
  const built: BuiltShare[] = read.map((s) =>
    buildShare(ctx, s, glanceUrl, input.flavorSelection ?? 'public'),
  );
  for (const failed of input.shares.filter((s) => s.error !== undefined)) {
    const message = `project ${failed.projectId} not read (${failed.error}): no share`;
    ctx.problems.add({ objectType: 'share', id: failed.vo, field: 'project', message, skipped: true });
  }
  const instanceTypes = built.flatMap((b) => b.instanceTypes);
  const accelerators = uniqueById(built.flatMap((b) => b.accelerators));
  const shares = built.map((b) => b.share);
  const document: GlueDocument = {
    CloudComputingService: [buildService(ctx, site, shares.length, sumVmCounts(shares))],
    CloudComputingManager: [buildManager(ctx, instanceTypes)],
    CloudComputingEndpoint: [
      buildEndpoint(ctx, endpointInput, site.name, healthOf(input.shares), input.producerVersion),
    ],
    CloudComputingImage: built.flatMap((b) => b.images),
    CloudComputingInstanceType: instanceTypes,
    ...(accelerators.length > 0 ? { CloudComputingVirtualAccelerator: accelerators } : {}),
    Share: shares,
    MappingPolicy: built.map((b) => b.mappingPolicy),
    AccessPolicy: [
      buildAccessPolicy(
        ctx,
        input.shares.map((s) => s.vo),
      ),
    ],
  };
  return { document, problems: ctx.problems.items };
}

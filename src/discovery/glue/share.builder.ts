import { entity, type GlueContext, present } from './glue-context.js';
import type {
  CloudComputingImage,
  CloudComputingInstanceType,
  CloudComputingVirtualAccelerator,
  Policy,
  Share,
} from './glue-document.types.js';
import type { FlavorSelection, GlueShareRead, NovaQuotaSet } from './glue-input.types.js';
import { buildImages } from './image.builder.js';
import { buildInstanceTypes } from './instance-type.builder.js';
import { buildMappingPolicy } from './policy.builder.js';
import { vmCounts } from './vm-counts.js';

/** The quota keys v1.2.0 publishes, in its order; others (and `id`) are left out. */
export const QUOTA_KEYS = [
  'instances',
  'cores',
  'ram',
  'floating_ips',
  'fixed_ips',
  'metadata_items',
  'injected_files',
  'injected_file_content_bytes',
  'injected_file_path_bytes',
  'key_pairs',
  'security_groups',
  'security_group_rules',
  'server_groups',
  'server_group_members',
] as const;

/** Everything one VO's project contributes to the document. */
export interface BuiltShare {
  share: Share;
  mappingPolicy: Policy;
  images: CloudComputingImage[];
  instanceTypes: CloudComputingInstanceType[];
  accelerators: CloudComputingVirtualAccelerator[];
}

/** The quota set's integer values under the published keys (the microversion decides which exist). */
function publishedQuotas(quotas: NovaQuotaSet): Record<string, number> {
  const picked: [string, number][] = [];
  for (const key of QUOTA_KEYS) {
    const value = quotas[key];
    if (typeof value === 'number' && Number.isInteger(value)) picked.push([key, value]);
  }
  return Object.fromEntries(picked);
}

/**
 * The Share of one VO (glue-cloud-info.md §2.4) with its images, instance types and MappingPolicy.
 * `InstanceMaxCPU`/`InstanceMaxRAM` are over the share's published flavors (0 without any); `MaxVM`
 * is `quotas.instances`, and quotas that could not be read leave out `MaxVM` and `OtherInfo.quotas`
 * (v1.2.0 writes `MaxVM: 0` then, which reads as "no VM allowed").
 */
export function buildShare(
  ctx: GlueContext,
  input: GlueShareRead,
  glanceUrl: string | undefined,
  selection: FlavorSelection,
): BuiltShare {
  const { vo, projectId } = input;
  const shareId = ctx.ids.share(vo, projectId);
  const images = buildImages(ctx, shareId, input.images, glanceUrl);
  const { instanceTypes, accelerators } = buildInstanceTypes(ctx, shareId, input.flavors, selection);
  const quotas = input.quotas === null ? undefined : publishedQuotas(input.quotas);
  if (quotas === undefined) {
    const message = 'quota set not readable: published without MaxVM and quotas';
    ctx.problems.add({ objectType: 'share', id: shareId, field: 'quotas', message, skipped: false });
  }
  const otherInfo = present({
    project_name: input.projectName,
    project_domain_name: input.projectDomainName,
    quotas,
  });
  const associations = {
    CloudComputingService: [ctx.ids.service],
    CloudComputingEndpoint: [ctx.ids.endpoint],
  };
  const share: Share = {
    ...entity(ctx, shareId, `${vo} - ${projectId} share`, otherInfo, associations),
    InstanceMaxCPU: Math.max(0, ...instanceTypes.map((t) => t.CPU)),
    InstanceMaxRAM: Math.max(0, ...instanceTypes.map((t) => t.RAM)),
    ...vmCounts(input.servers, projectId),
    ...present({ MaxVM: quotas?.instances }),
    ProjectID: projectId,
  };
  return { share, mappingPolicy: buildMappingPolicy(ctx, shareId, vo), images, instanceTypes, accelerators };
}

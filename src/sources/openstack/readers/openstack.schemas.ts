import { z } from 'zod';
import type { Listing, MalformedItem } from '../openstack-client.port.js';
import type {
  CinderVolume,
  GlanceImage,
  KeystoneProject,
  KeystoneUser,
  NeutronFloatingIp,
  NovaFlavor,
  NovaQuotaSet,
  NovaServer,
  NovaServerUsage,
  NovaVersionDocument,
} from '../openstack.types.js';

/**
 * The shapes fedwatch relies on (openstack.types.ts), checked per item. Objects are loose: the APIs
 * send many more keys, and properties (project `VO`, image `vmcatcher_event_ad_mpuri`) must survive.
 */

// `2026-11-26T14:13:52Z` (Nova, Glance, Neutron) or naive `2026-11-26T14:14:00.000000` (usage, Cinder).
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;
const time = z.string().regex(TIMESTAMP, 'expected an ISO 8601 time');
const stringMap = z.record(z.string(), z.string());

const project: z.ZodType<KeystoneProject> = z.looseObject({
  id: z.string(),
  name: z.string(),
  domain_id: z.string(),
  enabled: z.boolean(),
  tags: z.array(z.string()).optional(),
});

const user: z.ZodType<KeystoneUser> = z.looseObject({
  id: z.string(),
  name: z.string(),
  domain_id: z.string().optional(),
});

const embeddedFlavor = z.looseObject({
  vcpus: z.number(),
  ram: z.number(),
  disk: z.number(),
  ephemeral: z.number(),
  swap: z.number(),
  original_name: z.string(),
  extra_specs: stringMap.optional(),
});

const server: z.ZodType<NovaServer> = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  tenant_id: z.string(),
  user_id: z.string(),
  image: z.union([z.looseObject({ id: z.string() }), z.literal('')]),
  flavor: embeddedFlavor,
  created: time,
  updated: time,
  addresses: z.record(
    z.string(),
    z.array(z.looseObject({ addr: z.string(), version: z.union([z.literal(4), z.literal(6)]) })),
  ),
  'OS-SRV-USG:launched_at': time.nullable().default(null),
  'OS-SRV-USG:terminated_at': time.nullable().default(null),
});

const flavor: z.ZodType<NovaFlavor> = z.looseObject({
  id: z.string(),
  name: z.string(),
  vcpus: z.number(),
  ram: z.number(),
  disk: z.number(),
  'OS-FLV-EXT-DATA:ephemeral': z.number(),
  swap: z.union([z.number(), z.literal('')]),
  extra_specs: stringMap.optional(),
});

const usage: z.ZodType<NovaServerUsage> = z.looseObject({
  instance_id: z.string(),
  name: z.string(),
  tenant_id: z.string(),
  flavor: z.string(),
  hours: z.number(),
  memory_mb: z.number(),
  local_gb: z.number(),
  vcpus: z.number(),
  started_at: time,
  ended_at: time.nullable().default(null),
  state: z.string(),
  uptime: z.number(),
});

const image: z.ZodType<GlanceImage> = z.looseObject({
  id: z.string(),
  // Glance allows images without a name (null); fedwatch never keys on it.
  name: z
    .string()
    .nullable()
    .transform((n) => n ?? ''),
  status: z.string(),
  visibility: z.string(),
  owner: z
    .string()
    .nullable()
    .optional()
    .transform((o) => o ?? undefined),
  created_at: time,
  updated_at: time,
});

const floatingIp: z.ZodType<NeutronFloatingIp> = z.looseObject({
  id: z.string(),
  project_id: z.string(),
  floating_ip_address: z.string(),
  status: z.string(),
  port_id: z.string().nullable(),
  created_at: time,
  updated_at: time,
});

const volume: z.ZodType<CinderVolume> = z.looseObject({
  id: z.string(),
  name: z.string().nullable(),
  status: z.string(),
  size: z.number(),
  created_at: time,
  updated_at: time.nullable(),
  user_id: z.string(),
  volume_type: z.string().nullable(),
  bootable: z.enum(['true', 'false']),
  attachments: z.array(z.looseObject({ server_id: z.string() })),
});

// Quota values are integers; `id` is the project. Unknown keys of a newer Nova stay.
const quotaSet: z.ZodType<NovaQuotaSet> = z.record(z.string(), z.union([z.number(), z.string()]));

const novaVersion: z.ZodType<NovaVersionDocument> = z.looseObject({
  id: z.string().optional(),
  status: z.string().optional(),
  version: z.string(),
  min_version: z.string(),
});

export const schemas = {
  project,
  user,
  server,
  flavor,
  usage,
  image,
  floatingIp,
  volume,
  quotaSet,
  novaVersion,
};

/** Checks one item; `idKey` names the field that identifies it in reports. */
export function checkItem<T>(
  schema: z.ZodType<T>,
  item: unknown,
  fallbackId: string,
  idKey = 'id',
): { ok: true; value: T } | { ok: false; malformed: MalformedItem } {
  const result = schema.safeParse(item);
  if (result.success) return { ok: true, value: result.data };
  const rawId = item && typeof item === 'object' ? (item as Record<string, unknown>)[idKey] : undefined;
  const issue = result.error.issues[0];
  return {
    ok: false,
    malformed: {
      id: typeof rawId === 'string' ? rawId : fallbackId,
      field: issue?.path.length ? issue.path.map(String).join('.') : '(item)',
      problem: issue?.message ?? 'invalid',
    },
  };
}

/** Splits raw items into those of the right shape and reports of the others. */
export function checkItems<T>(schema: z.ZodType<T>, items: readonly unknown[], idKey = 'id'): Listing<T> {
  const listing: Listing<T> = { items: [], malformed: [] };
  items.forEach((item, index) => {
    const checked = checkItem(schema, item, `#${index}`, idKey);
    if (checked.ok) listing.items.push(checked.value);
    else listing.malformed.push(checked.malformed);
  });
  return listing;
}

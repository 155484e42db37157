import type { GlanceImage, NovaServer, NovaServerUsage } from '../../sources/openstack/openstack.types.js';
import type { RecordProblem } from './record.types.js';
import { serverProblem } from './server-lifetime.js';

/** `CpuCount`, `Memory` (MiB) and `Disk` (GiB) of a cloud record. */
export interface Resources {
  CpuCount: number;
  Memory: number;
  Disk: number;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

type FlavorPart = 'vcpus' | 'ram' | 'disk' | 'ephemeral';
const SOURCES: Record<keyof Resources, [usage: keyof NovaServerUsage, flavor: FlavorPart[]]> = {
  CpuCount: ['vcpus', ['vcpus']],
  Memory: ['memory_mb', ['ram']],
  Disk: ['local_gb', ['disk', 'ephemeral']],
};

/**
 * apel.md §2.1/§2.3: `CpuCount` = flavor `vcpus`, `Memory` = flavor `ram`, `Disk` = flavor `disk`
 * + `ephemeral`, from the flavor embedded in the server (microversion ≥ 2.47, survives flavor
 * deletion); the os-simple-tenant-usage entry's `vcpus`, `memory_mb`, `local_gb` override them
 * field by field when present.
 */
export function serverResources(
  server: NovaServer,
  usage: NovaServerUsage | undefined,
): Resources | RecordProblem {
  const id = String(server.id);
  const flavor: unknown = server.flavor;
  const resources = { CpuCount: 0, Memory: 0, Disk: 0 };
  for (const [key, [usageField, flavorParts]] of Object.entries(SOURCES) as [
    keyof Resources,
    (typeof SOURCES)['Disk'],
  ][]) {
    const override: unknown = usage?.[usageField];
    if (override !== undefined && override !== null) {
      if (!isCount(override)) {
        const message = `not a count: ${JSON.stringify(override)}`;
        return { objectType: 'usage', id, field: usageField, message, skipped: true };
      }
      resources[key] = override;
      continue;
    }
    if (typeof flavor !== 'object' || flavor === null) {
      return serverProblem(id, 'flavor', 'no embedded flavor (needs compute microversion >= 2.47)');
    }
    for (const part of flavorParts) {
      // Older embedded flavors may lack `ephemeral`: none is 0 GiB.
      const value: unknown =
        (flavor as Record<string, unknown>)[part] ?? (part === 'ephemeral' ? 0 : undefined);
      if (!isCount(value))
        return serverProblem(id, `flavor.${part}`, `not a count: ${JSON.stringify(value)}`);
      resources[key] += value;
    }
  }
  return resources;
}

/**
 * apel.md §2.1 `ImageId`: the server's image id, replaced by the Glance property
 * `vmcatcher_event_ad_mpuri` when the image has it; null for boot-from-volume (`image: ""`).
 */
export function imageIdOf(
  server: NovaServer,
  images: Record<string, GlanceImage> | undefined,
): string | null {
  const image: unknown = server.image;
  if (typeof image !== 'object' || image === null) return null;
  const id = (image as { id?: unknown }).id;
  if (typeof id !== 'string' || id === '') return null;
  const mpuri = images && Object.hasOwn(images, id) ? images[id]?.vmcatcher_event_ad_mpuri : undefined;
  return typeof mpuri === 'string' && mpuri.trim() !== '' ? mpuri : id;
}

/** apel.md §2.1 `PublicIPCount`: entries of `addresses.<network>[]` of type `floating`. */
export function floatingIpCount(server: NovaServer): number {
  const addresses: unknown = server.addresses;
  if (typeof addresses !== 'object' || addresses === null) return 0;
  let count = 0;
  for (const list of Object.values(addresses as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) if (entry?.['OS-EXT-IPS:type'] === 'floating') count++;
  }
  return count;
}

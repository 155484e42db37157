/**
 * The marketplace properties EGI's image sync tools write into Glance (image-lists.md §3.3) and
 * discovery publishes (glue-cloud-info.md §2.7): `vmcatcher_*`, `appdb_id`, `architecture` and
 * `APPLIANCE_ATTRIBUTES`, the JSON string of the HEPiX `hv:image` object (AppDB images) or of the
 * registry annotations plus `eu.egi.cloud.image_ref` (registry.egi.eu images). Deterministic from
 * the marketplace URI, so the seeding's random sequence (and every other object) stays the same.
 */
import { createHash } from 'node:crypto';
import type { Json } from './model.js';

const REGISTRY = 'registry.egi.eu/';

/** A stable hex digest of a text, standing in for the digests and build tags of real images. */
function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** `registry.egi.eu/<project>/<repo>:<tag>-sha256:<digest>` → the registry annotations. */
function registryAttributes(mpuri: string, title: string, distro?: [string, string]): Json {
  const reference = mpuri.slice(REGISTRY.length).replace(/-sha256:[0-9a-f]+$/, '');
  return {
    'eu.egi.cloud.tag': `2025-09-04-${digest(mpuri, 8)}`,
    'eu.egi.cloud.image_ref': reference,
    'eu.egi.cloud.image.title': title,
    'eu.egi.cloud.description': `${title}, built by the EGI image pipeline`,
    'org.openstack.glance.disk_format': 'qcow2',
    'org.openstack.glance.container_format': 'bare',
    'org.openstack.glance.architecture': 'x86_64',
    ...(distro
      ? { 'org.openstack.glance.os_distro': distro[0], 'org.openstack.glance.os_version': distro[1] }
      : {}),
  };
}

/** `https://appdb.egi.eu/store/vo/image/<uuid>:<revision>/` → the HEPiX `hv:image` object. */
function appdbAttributes(mpuri: string, title: string, distro?: [string, string]): Json {
  const [, identifier = digest(mpuri, 32), revision = '1'] = /image\/([^:/]+):(\d+)/.exec(mpuri) ?? [];
  return {
    'ad:mpuri': mpuri,
    'ad:base_mpuri': `https://appdb.egi.eu/store/vm/image/${identifier}/`,
    'ad:appid': String(1000 + (parseInt(digest(mpuri, 4), 16) % 1000)),
    'ad:group': 'General group',
    'ad:user:fullname': 'EGI Cloud Compute team',
    'dc:identifier': identifier,
    'dc:title': title,
    'dc:description': `${title} for the EGI Federated Cloud`,
    'hv:format': 'QCOW2',
    'hv:version': `${revision}.0`,
    'hv:size': 2147483648,
    'hv:ram_minimum': 1024,
    'hv:core_minimum': 1,
    'sl:arch': 'x86_64',
    'sl:os': 'Linux',
    ...(distro ? { 'sl:osname': distro[0], 'sl:osversion': distro[1] } : {}),
  };
}

/** Every marketplace property of an image synchronised from AppDB or registry.egi.eu. */
export function marketplaceProperties(mpuri: string, title: string, distro?: [string, string]): Json {
  const registry = mpuri.startsWith(REGISTRY);
  const attributes = registry
    ? registryAttributes(mpuri, title, distro)
    : appdbAttributes(mpuri, title, distro);
  return {
    vmcatcher_event_ad_mpuri: mpuri,
    vmcatcher_event_dc_title: title,
    // Only the registry sync sets a description: AppDB images exercise the title fallback.
    ...(registry ? { vmcatcher_event_dc_description: attributes['eu.egi.cloud.description'] } : {}),
    appdb_id: registry ? mpuri : attributes['dc:identifier'],
    architecture: 'x86_64',
    APPLIANCE_ATTRIBUTES: JSON.stringify(attributes),
  };
}

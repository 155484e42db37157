/**
 * What service discovery reads beyond accounting: images in other states than `active`, images
 * whose marketplace URL comes from the fallbacks, one whose `APPLIANCE_ATTRIBUTES` is not JSON, and
 * (optionally) a flavor without `vcpus`. Seeded after the servers with their own random sequence,
 * so that no server uses them and the rest of the cloud is the same as without them.
 */
import type { Json, SimFlavor } from './model.js';
import { createRng } from './prng.js';
import { glanceImage } from './seed-images.js';
import { DAY } from './time.js';

const BROKEN_MPURI = 'https://appdb.egi.eu/store/vo/image/0d7c4f3e-9a1b-5c2d-8e3f-4a5b6c7d8e9f:15001/';

/** Extra public images: two active with unusual properties, three not active. */
export function seedDiscoveryImages(seed: number | string, nowMs: number, adminProject: string): Json[] {
  const rng = createRng(`${String(seed)}/discovery-images`);
  const at = () => nowMs - rng.int(10, 300) * DAY;
  const image = (name: string, distro: [string, string], extra: Json, status = 'active'): Json => {
    const built = { ...glanceImage(rng, { name, distro }, adminProject, 'public', at()), ...extra, status };
    if (status === 'queued' || status === 'importing') {
      // No data uploaded yet: Glance has no size or checksums (openstack.md §3.2).
      Object.assign(built, { size: null, virtual_size: null, checksum: null, os_hash_value: null });
    }
    return built;
  };
  return [
    image('EGI Rocky Linux 9 (broken attributes)', ['rocky', '9'], {
      vmcatcher_event_ad_mpuri: BROKEN_MPURI,
      vmcatcher_event_dc_title: 'EGI Rocky Linux 9',
      // Cut off mid-way, as a failed property update once left it on a real site.
      APPLIANCE_ATTRIBUTES: `{"ad:mpuri": "${BROKEN_MPURI}", "dc:title": "EGI Rocky`,
    }),
    image('Ubuntu 24.04 (marketplace link)', ['ubuntu', '24.04'], {
      marketplace: 'https://marketplace.example.org/images/ubuntu-24.04',
      architecture: 'aarch64',
    }),
    image('Ubuntu 24.04 upload', ['ubuntu', '24.04'], {}, 'queued'),
    image(
      'EGI CentOS 7 (retired)',
      ['centos', '7'],
      { vmcatcher_event_dc_title: 'EGI CentOS 7' },
      'deactivated',
    ),
    image('Debian 13 import', ['debian', '13'], {}, 'importing'),
  ];
}

/** A public flavor whose `vcpus` is missing: bad input for discovery, never used by a server. */
export function malformedFlavor(seed: number | string): SimFlavor {
  const id = createRng(`${String(seed)}/malformed-flavor`).uuid();
  return {
    id,
    deleted: false,
    api: {
      id,
      name: 'x1.no-vcpus',
      ram: 4096,
      disk: 20,
      swap: '',
      'OS-FLV-EXT-DATA:ephemeral': 0,
      'OS-FLV-DISABLED:disabled': false,
      'os-flavor-access:is_public': true,
      rxtx_factor: 1.0,
      description: null,
      extra_specs: {},
    },
  };
}

/** Glance images of the seeded cloud: public (some from the marketplace), per-project, community. */
import type { Json } from './model.js';
import type { Rng } from './prng.js';
import { marketplaceProperties } from './seed-appliance.js';
import { DAY, secondsZ } from './time.js';

export interface ImageSeed {
  name: string;
  distro?: [string, string];
  /** AppDB/registry image: carries the vmcatcher properties fedwatch reads for `ImageId`. */
  mpuri?: string;
  format?: string;
}

const PUBLIC_IMAGES: ImageSeed[] = [
  { name: 'cirros-0.6.2-x86_64-disk', format: 'qcow2' },
  {
    name: 'EGI Ubuntu 22.04',
    distro: ['ubuntu', '22.04'],
    mpuri: 'https://appdb.egi.eu/store/vo/image/63fcad1c-b737-5091-9668-1342b6d4f84c:15705/',
  },
  {
    name: 'EGI AlmaLinux 9',
    distro: ['almalinux', '9'],
    mpuri: 'https://appdb.egi.eu/store/vo/image/2a0a9d5f-3c2a-5e0b-9f10-8e0b6a7c1d2e:16001/',
  },
  {
    name: 'registry.egi.eu egi_vm_images/ubuntu-gpu:24.04',
    distro: ['ubuntu', '24.04'],
    mpuri: 'registry.egi.eu/egi_vm_images/ubuntu-gpu:24.04-sha256:9f2c4e1a',
  },
  { name: 'Debian 12 (bookworm)', distro: ['debian', '12'] },
  { name: 'Rocky Linux 9.4', distro: ['rocky', '9.4'] },
  {
    name: 'EGI Docker (Ubuntu 22.04)',
    distro: ['ubuntu', '22.04'],
    mpuri: 'https://appdb.egi.eu/store/vo/image/b5a6b7c8-1d2e-5f3a-8b4c-6d7e8f9a0b1c:15990/',
  },
  { name: 'Fedora CoreOS 40', distro: ['fedora-coreos', '40'], format: 'qcow2' },
];

/** A Glance image as an admin sees it, `active` with its data uploaded. */
export function glanceImage(
  rng: Rng,
  seed: ImageSeed,
  owner: string,
  visibility: string,
  createdMs: number,
): Json {
  const id = rng.uuid();
  const size = rng.int(12, 2400) * 1048576;
  const props: Json = {};
  if (seed.name.startsWith('cirros')) {
    props['owner_specified.openstack.md5'] = '';
    props['owner_specified.openstack.sha256'] = '';
    props['owner_specified.openstack.object'] = 'images/cirros';
  }
  if (seed.distro) [props.os_distro, props.os_version] = seed.distro;
  if (seed.mpuri) Object.assign(props, marketplaceProperties(seed.mpuri, seed.name, seed.distro));
  const created = secondsZ(createdMs);
  return {
    ...props,
    name: seed.name,
    disk_format: seed.format ?? 'raw',
    container_format: 'bare',
    visibility,
    size,
    virtual_size: size,
    status: 'active',
    checksum: rng.hex(32),
    protected: false,
    min_ram: 0,
    min_disk: seed.format === 'qcow2' ? 0 : 1,
    owner,
    os_hidden: false,
    os_hash_algo: 'sha512',
    os_hash_value: rng.hex(128),
    id,
    created_at: created,
    updated_at: created,
    tags: [],
    self: `/v2/images/${id}`,
    file: `/v2/images/${id}/file`,
    schema: '/v2/schemas/image',
    stores: 'file',
  };
}

export interface ImageSet {
  images: Json[];
  publicIds: string[];
  /** Project id → ids of its private images. */
  privateIds: Map<string, string[]>;
  deletedIds: string[];
}

export function seedImages(rng: Rng, nowMs: number, adminProject: string, projects: string[]): ImageSet {
  const images: Json[] = [];
  const at = () => nowMs - rng.int(200, 700) * DAY;
  for (const seed of PUBLIC_IMAGES) images.push(glanceImage(rng, seed, adminProject, 'public', at()));
  const privateIds = new Map<string, string[]>();
  projects.forEach((project, i) => {
    const snapshot = glanceImage(
      rng,
      { name: `snapshot-${i}-base`, distro: ['ubuntu', '22.04'] },
      project,
      'private',
      at(),
    );
    snapshot.image_type = 'snapshot';
    images.push(snapshot);
    privateIds.set(project, [snapshot.id as string]);
  });
  const community = glanceImage(
    rng,
    { name: 'community-centos-7', distro: ['centos', '7'] },
    adminProject,
    'community',
    at(),
  );
  images.push(community);
  return {
    images,
    publicIds: images.filter((i) => i.visibility === 'public').map((i) => i.id as string),
    privateIds,
    deletedIds: [rng.uuid()],
  };
}

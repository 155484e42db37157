/** Flavors and Glance images of the seeded cloud. */
import type { Json, SimFlavor } from './model.js';
import type { Rng } from './prng.js';
import { DAY, secondsZ } from './time.js';

const BENCHMARK = (value: string) => ({
  'accounting:benchmark_type': 'HEPscore23',
  'accounting:benchmark_value': value,
});
const GPU = (model: string, count: number) => ({
  'Accelerator:Type': 'GPU',
  'Accelerator:Vendor': 'NVIDIA',
  'Accelerator:Model': model,
  'Accelerator:Number': String(count),
  'pci_passthrough:alias': `${model.toLowerCase()}:${count}`,
});

interface FlavorSeed {
  id?: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral?: number;
  swap?: number;
  isPublic?: boolean;
  deleted?: boolean;
  gpu?: boolean;
  specs?: Record<string, string>;
}

const FLAVORS: FlavorSeed[] = [
  { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 },
  { id: '2', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20, specs: BENCHMARK('11.2') },
  { id: '3', name: 'm1.medium', vcpus: 2, ram: 4096, disk: 40, specs: BENCHMARK('11.2') },
  { id: '4', name: 'm1.large', vcpus: 4, ram: 8192, disk: 80, specs: BENCHMARK('11.2') },
  { id: '5', name: 'm1.xlarge', vcpus: 8, ram: 16384, disk: 160, ephemeral: 20, specs: BENCHMARK('11.2') },
  { id: '6', name: 'm1.medium.swap', vcpus: 2, ram: 4096, disk: 40, swap: 2048 },
  { name: 'hpc.16core', vcpus: 16, ram: 65536, disk: 100, specs: BENCHMARK('14.75') },
  { name: 'p1.project-special', vcpus: 4, ram: 8192, disk: 40, isPublic: false },
  {
    name: 'g1.large.1xa100',
    vcpus: 8,
    ram: 65536,
    disk: 80,
    gpu: true,
    specs: { ...GPU('A100', 1), ...BENCHMARK('14.75') },
  },
  {
    name: 'g2.xlarge.2xv100',
    vcpus: 16,
    ram: 131072,
    disk: 160,
    ephemeral: 100,
    gpu: true,
    specs: GPU('V100', 2),
  },
  { id: '7', name: 'm1.legacy', vcpus: 2, ram: 2048, disk: 20, deleted: true, specs: BENCHMARK('9.5') },
];

export interface Catalog {
  flavors: SimFlavor[];
  /** Flavors servers are built with, by purpose. */
  standard: SimFlavor[];
  gpu: SimFlavor[];
  deleted: SimFlavor[];
}

export function seedFlavors(rng: Rng): Catalog {
  const flavors = FLAVORS.map((f): SimFlavor & { gpu: boolean } => ({
    id: f.id ?? rng.uuid(),
    deleted: f.deleted ?? false,
    gpu: f.gpu ?? false,
    api: {
      name: f.name,
      ram: f.ram,
      disk: f.disk,
      swap: f.swap ? f.swap : '',
      'OS-FLV-EXT-DATA:ephemeral': f.ephemeral ?? 0,
      'OS-FLV-DISABLED:disabled': false,
      vcpus: f.vcpus,
      'os-flavor-access:is_public': f.isPublic ?? true,
      rxtx_factor: 1.0,
      description: null,
      extra_specs: { ...(f.specs ?? {}) },
    },
  }));
  for (const f of flavors) f.api = { id: f.id, ...f.api };
  const isPublic = (f: SimFlavor) => f.api['os-flavor-access:is_public'] === true;
  return {
    flavors,
    standard: flavors.filter((f) => !f.gpu && !f.deleted && isPublic(f)),
    gpu: flavors.filter((f) => f.gpu),
    deleted: flavors.filter((f) => f.deleted),
  };
}

/** Nova's embedded copy (microversion ≥ 2.47): `swap` is an integer here, `""` in flavors/detail. */
export function embeddedFlavor(flavor: SimFlavor): Json {
  const a = flavor.api;
  return {
    vcpus: a.vcpus,
    ram: a.ram,
    disk: a.disk,
    ephemeral: a['OS-FLV-EXT-DATA:ephemeral'],
    swap: a.swap === '' ? 0 : a.swap,
    original_name: a.name,
    extra_specs: { ...(a.extra_specs as Record<string, string>) },
  };
}

interface ImageSeed {
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

function image(rng: Rng, seed: ImageSeed, owner: string, visibility: string, createdMs: number): Json {
  const id = rng.uuid();
  const size = rng.int(12, 2400) * 1048576;
  const props: Json = {};
  if (seed.name.startsWith('cirros')) {
    props['owner_specified.openstack.md5'] = '';
    props['owner_specified.openstack.sha256'] = '';
    props['owner_specified.openstack.object'] = 'images/cirros';
  }
  if (seed.distro) [props.os_distro, props.os_version] = seed.distro;
  if (seed.mpuri) {
    props.vmcatcher_event_ad_mpuri = seed.mpuri;
    props.vmcatcher_event_dc_title = seed.name;
    props.APPLIANCE_ATTRIBUTES = JSON.stringify({ 'ad:mpuri': seed.mpuri, 'dc:title': seed.name });
  }
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
  for (const seed of PUBLIC_IMAGES) images.push(image(rng, seed, adminProject, 'public', at()));
  const privateIds = new Map<string, string[]>();
  projects.forEach((project, i) => {
    const snapshot = image(
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
  const community = image(
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

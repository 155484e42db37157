/** Flavors of the seeded cloud (images: seed-images.ts). */
import type { Json, SimFlavor } from './model.js';
import type { Rng } from './prng.js';

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

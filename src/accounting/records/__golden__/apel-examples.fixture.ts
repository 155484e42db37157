import type {
  CinderVolume,
  NovaEmbeddedFlavor,
  NovaServer,
  NovaServerUsage,
  ProjectUsageData,
} from '../../../sources/openstack/openstack.types.js';
import type { RecordBuildInput } from '../record.types.js';

/** The inputs of apel.md §12 (worked cloud examples) and §3.4 (storage example), as OpenStack sends them. */

export const PROJECT_ID = '6c1e2f3a4b5c4d6e8f9a0b1c2d3e4f50';
export const USER_A = '9a1b6f0e2d3c4b5a8e7f6d5c4b3a2910';
export const USER_B = '5e6f7a8b9c0d4e1f2a3b4c5d6e7f8091';
export const IMAGE_A = 'd8e2f4a6-1b3c-4d5e-8f90-a1b2c3d4e5f6';
export const IMAGE_C = 'a2b3c4d5-e6f7-4a8b-9c0d-1e2f3a4b5c6d';
/** 2026-11-01T00:00:00Z = 1793491200 … 2026-11-01T01:00:00Z = 1793494800. */
export const WINDOW = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-01T01:00:00Z') };

export function flavor(
  vcpus: number,
  ram: number,
  disk: number,
  ephemeral = 0,
  extra_specs = {},
): NovaEmbeddedFlavor {
  return { vcpus, ram, disk, ephemeral, swap: 0, original_name: `f${vcpus}`, extra_specs };
}

/** A Nova server (microversion 2.47) with the fields the builders read; override what matters. */
export function server(overrides: Partial<NovaServer> & Pick<NovaServer, 'id'>): NovaServer {
  return {
    name: 'vm',
    status: 'ACTIVE',
    tenant_id: PROJECT_ID,
    user_id: USER_A,
    image: { id: IMAGE_C },
    flavor: flavor(1, 512, 1),
    created: '2026-10-01T00:00:00Z',
    updated: '2026-10-01T00:01:00Z',
    addresses: {},
    'OS-SRV-USG:launched_at': '2026-10-01T00:00:30.000000',
    'OS-SRV-USG:terminated_at': null,
    ...overrides,
  };
}

export function usageOf(s: NovaServer, overrides: Partial<NovaServerUsage> = {}): NovaServerUsage {
  return {
    instance_id: s.id,
    name: s.name,
    tenant_id: s.tenant_id,
    flavor: s.flavor.original_name,
    hours: 1,
    memory_mb: s.flavor.ram,
    local_gb: s.flavor.disk + s.flavor.ephemeral,
    vcpus: s.flavor.vcpus,
    started_at: s['OS-SRV-USG:launched_at'] ?? s.created.replace('Z', '.000000'),
    ended_at: s['OS-SRV-USG:terminated_at'],
    state: s.status.toLowerCase(),
    uptime: 3600,
    ...overrides,
  };
}

export const VM_A = server({
  id: '3f0d5c9e-8a51-4a8e-9d55-1c2b7e0a9f10',
  name: 'worker-01',
  image: { id: IMAGE_A },
  flavor: flavor(2, 4096, 20, 0, {
    'accounting:benchmark_type': 'HEPscore23',
    'accounting:benchmark_value': '12.5',
  }),
  created: '2026-10-28T09:15:00Z',
  updated: '2026-10-28T09:16:00Z',
  'OS-SRV-USG:launched_at': '2026-10-28T09:15:41.000000',
  addresses: {
    private: [
      { addr: '10.0.0.12', version: 4, 'OS-EXT-IPS:type': 'fixed' },
      { addr: '192.0.2.45', version: 4, 'OS-EXT-IPS:type': 'floating' },
    ],
  },
});

export const VM_B = server({
  id: 'b7a4c2e1-5d6f-4e3a-9b8c-7d6e5f4a3b21',
  name: 'análisis-ñ',
  user_id: USER_B,
  status: 'DELETED',
  image: '',
  flavor: flavor(4, 8192, 40),
  created: '2026-11-01T00:10:00Z',
  updated: '2026-11-01T00:40:31Z',
  'OS-SRV-USG:launched_at': '2026-11-01T00:10:19.000000',
  'OS-SRV-USG:terminated_at': '2026-11-01T00:40:30.000000',
});

const GPU_SPECS = {
  'Accelerator:Type': 'GPU',
  'Accelerator:Vendor': 'NVIDIA',
  'Accelerator:Model': 'A100',
  'Accelerator:Number': '1',
};
export const VM_C = server({
  id: 'e9d8c7b6-a5f4-4e3d-8c2b-1a0f9e8d7c6b',
  name: 'gpu-train',
  status: 'SHUTOFF',
  image: { id: IMAGE_C },
  flavor: flavor(8, 65536, 80, 100, GPU_SPECS),
  created: '2026-10-30T12:00:00Z',
  updated: '2026-10-31T08:00:00Z',
  'OS-SRV-USG:launched_at': '2026-10-30T12:00:25.000000',
});

/** §12 "no record": deleted before the window but updated after `from` (still in changes-since). */
export const DELETED_BEFORE = server({
  id: '11111111-2222-4333-8444-555555555555',
  status: 'DELETED',
  created: '2026-10-20T00:00:00Z',
  updated: '2026-11-01T00:05:00Z',
  'OS-SRV-USG:terminated_at': '2026-10-31T23:59:59.000000',
});

/** §12 "no record": created after the window end. */
export const CREATED_AFTER = server({
  id: '66666666-7777-4888-9999-aaaaaaaaaaaa',
  created: '2026-11-01T01:00:01Z',
});

export const VOLUME: CinderVolume = {
  id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
  name: 'data',
  status: 'in-use',
  size: 50,
  created_at: '2026-06-01T10:00:00.000000',
  updated_at: '2026-06-01T10:00:05.000000',
  user_id: USER_A,
  volume_type: '__DEFAULT__',
  bootable: 'false',
  attachments: [{ server_id: VM_A.id }],
};

export function projectData(overrides: Partial<ProjectUsageData> = {}): ProjectUsageData {
  const servers = [VM_A, VM_B, VM_C, DELETED_BEFORE, CREATED_AFTER];
  return {
    project: { id: PROJECT_ID, name: 'example', domain_id: 'default', enabled: true, VO: 'vo.example.eu' },
    servers,
    usages: [VM_A, VM_B, VM_C].map((s) => usageOf(s)),
    images: {
      [IMAGE_A]: {
        id: IMAGE_A,
        name: 'ubuntu',
        status: 'active',
        visibility: 'public',
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
        vmcatcher_event_ad_mpuri: 'registry.egi.eu/egi_vm_images/ubuntu:22.04-sha256:4d06e1c3b2a1',
      },
    },
    userNames: { [USER_A]: '0a1b2c3d4e5f6a7b@egi.eu', [USER_B]: null },
    floatingIps: [],
    volumes: [VOLUME],
    ...overrides,
  };
}

/** The common inputs of §12: site and service `EXAMPLE-SITE`, VO `vo.example.eu`, version 1.0.0. */
export function exampleInput(overrides: Partial<RecordBuildInput> = {}): RecordBuildInput {
  return {
    data: projectData(),
    window: WINDOW,
    site: { siteName: 'EXAMPLE-SITE', cloudComputeService: null },
    vo: 'vo.example.eu',
    version: '1.0.0',
    ...overrides,
  };
}

/** The §12 common inputs with only the given OpenStack objects (no servers, usages or volumes otherwise). */
export function inputWith(
  data: Partial<ProjectUsageData>,
  overrides: Partial<RecordBuildInput> = {},
): RecordBuildInput {
  return exampleInput({ data: projectData({ servers: [], usages: [], volumes: [], ...data }), ...overrides });
}

import type { NovaFlavor, NovaServer } from '../../../sources/openstack/openstack.types.js';
import type { GlueBuildInput } from '../glue-input.types.js';
import { IMAGES } from './glue-images.fixture.js';

export { IMAGES };

/**
 * One Keystone endpoint with three VOs, as OpenStack sends them: vo.example.eu (a GPU flavor, a
 * private flavor, registry, AppDB and plain images, one queued), a VO whose project cannot be read,
 * and biomed (smaller flavors, so v1.2.0's "last share" maxima would be wrong).
 */

export const KEYSTONE_URL = 'https://keystone.example.org:5000/v3';
export const PROJECT_EXAMPLE = '6c1e2f3a4b5c4d6e8f9a0b1c2d3e4f50';
export const PROJECT_BROKEN = '0a1b2c3d4e5f40718293a4b5c6d7e8f9';
export const PROJECT_BIOMED = 'b10med00c0de4d1e9f8a7b6c5d4e3f21';

export function flavor(id: string, name: string, vcpus: number, ram: number, disk: number): NovaFlavor {
  const base = { id, name, vcpus, ram, disk, swap: '' as const, extra_specs: {} };
  return { ...base, 'OS-FLV-EXT-DATA:ephemeral': 0, 'os-flavor-access:is_public': true };
}

export function server(id: string, status: string, projectId: string): NovaServer {
  return {
    id,
    name: `vm-${id.slice(0, 4)}`,
    status,
    tenant_id: projectId,
    user_id: '9a1b6f0e2d3c4b5a8e7f6d5c4b3a2910',
    image: { id: IMAGES.ubuntu.id },
    flavor: { vcpus: 1, ram: 2048, disk: 20, ephemeral: 0, swap: 0, original_name: 'm1.small' },
    created: '2026-11-20T09:00:00Z',
    updated: '2026-11-26T08:00:00Z',
    addresses: {},
    'OS-SRV-USG:launched_at': '2026-11-20T09:00:30.000000',
    'OS-SRV-USG:terminated_at': null,
  };
}

const gpuFlavor: NovaFlavor = {
  ...flavor('11', 'g1.large', 8, 65536, 40),
  extra_specs: {
    'Accelerator:Type': 'GPU',
    'Accelerator:Vendor': 'NVIDIA',
    'Accelerator:Model': 'A100',
    'Accelerator:Number': '1',
    'hw:cpu_policy': 'dedicated',
  },
};

export function glueInput(): GlueBuildInput {
  return {
    site: { name: 'EXAMPLE-SITE', gocdbId: '1234G0' },
    endpoint: {
      url: KEYSTONE_URL,
      region: 'RegionOne',
      interface: 'public',
      catalog: [
        {
          type: 'compute',
          name: 'nova',
          endpoints: [
            { interface: 'public', region_id: 'RegionOne', url: 'https://compute.example.org:8774/v2.1' },
          ],
        },
        {
          type: 'image',
          name: 'glance',
          endpoints: [
            { interface: 'internal', region_id: 'RegionOne', url: 'http://glance.internal:9292' },
            { interface: 'public', region_id: 'RegionOne', url: 'https://image.example.org:9292' },
          ],
        },
      ],
      novaVersion: { id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1' },
      authType: 'applicationCredential',
      issuerCa: '/C=NL/O=GEANT Vereniging/CN=GEANT OV RSA CA 4',
      trustedCa: [],
      auditorRole: false,
    },
    shares: [
      {
        vo: 'vo.example.eu',
        projectId: PROJECT_EXAMPLE,
        projectName: 'vo-example',
        projectDomainName: 'default',
        quotas: {
          id: PROJECT_EXAMPLE,
          cores: 20,
          fixed_ips: -1,
          floating_ips: -1,
          injected_file_content_bytes: 10240,
          injected_file_path_bytes: 255,
          injected_files: 5,
          instances: 10,
          key_pairs: 100,
          metadata_items: 128,
          ram: 51200,
          security_group_rules: -1,
          security_groups: -1,
          server_group_members: 10,
          server_groups: 10,
        },
        servers: [
          server('0f1e2d3c-0001-4000-8000-000000000001', 'ACTIVE', PROJECT_EXAMPLE),
          server('0f1e2d3c-0002-4000-8000-000000000002', 'ACTIVE', PROJECT_EXAMPLE),
          server('0f1e2d3c-0003-4000-8000-000000000003', 'ERROR', PROJECT_EXAMPLE),
          server('0f1e2d3c-0004-4000-8000-000000000004', 'SHUTOFF', PROJECT_EXAMPLE),
          server('0f1e2d3c-0005-4000-8000-000000000005', 'DELETED', PROJECT_EXAMPLE),
        ],
        flavors: [
          flavor('2', 'm1.small', 1, 2048, 20),
          flavor('4', 'm1.large', 8, 32768, 80),
          gpuFlavor,
          { ...flavor('99', 'p1.huge', 64, 262144, 200), 'os-flavor-access:is_public': false },
        ],
        images: [IMAGES.ubuntu, IMAGES.centos, IMAGES.cirros, IMAGES.queued],
      },
      {
        vo: 'vo.broken.example.org',
        projectId: PROJECT_BROKEN,
        error: 'Keystone 401: could not scope to the project',
      },
      {
        vo: 'biomed',
        projectId: PROJECT_BIOMED,
        projectName: 'biomed',
        projectDomainName: 'egi',
        // Microversion ≥ 2.36: no network quotas any more.
        quotas: {
          id: PROJECT_BIOMED,
          cores: 40,
          instances: 20,
          ram: 102400,
          key_pairs: 100,
          server_groups: 10,
        },
        servers: [
          server('1a2b3c4d-0001-4000-8000-000000000011', 'ACTIVE', PROJECT_BIOMED),
          server('1a2b3c4d-0002-4000-8000-000000000012', 'SUSPENDED', PROJECT_BIOMED),
        ],
        flavors: [flavor('1', 'm1.tiny', 1, 512, 1), flavor('3', 'm1.medium', 2, 4096, 40)],
        images: [IMAGES.ubuntu, IMAGES.cirros],
      },
    ],
    now: new Date(Date.UTC(2026, 10, 26, 13, 48, 6, 90)),
    producerVersion: '1.0.0',
  };
}

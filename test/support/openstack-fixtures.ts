import type { OpenStackSite } from '../../src/config/config.types.js';
import type {
  CinderVolume,
  GlanceImage,
  KeystoneProject,
  NeutronFloatingIp,
  NovaServer,
  NovaServerUsage,
} from '../../src/sources/openstack/openstack.types.js';

/** Valid OpenStack objects in the shapes of openstack.md, for unit tests. */
export function novaServer(id: string, overrides: Partial<NovaServer> = {}): NovaServer {
  return {
    id,
    name: `vm-${id}`,
    status: 'ACTIVE',
    tenant_id: 'p1',
    user_id: 'u1',
    image: { id: 'img-1' },
    flavor: { vcpus: 1, ram: 512, disk: 1, ephemeral: 0, swap: 0, original_name: 'm1.tiny', extra_specs: {} },
    created: '2026-11-26T14:13:52Z',
    updated: '2026-11-26T14:16:25Z',
    addresses: {},
    'OS-SRV-USG:launched_at': '2026-11-26T14:14:00.000000',
    'OS-SRV-USG:terminated_at': null,
    ...overrides,
  };
}

export function serverUsage(instanceId: string, overrides: Partial<NovaServerUsage> = {}): NovaServerUsage {
  return {
    instance_id: instanceId,
    name: `vm-${instanceId}`,
    tenant_id: 'p1',
    flavor: 'm1.tiny',
    hours: 1,
    memory_mb: 512,
    local_gb: 1,
    vcpus: 1,
    started_at: '2026-11-26T14:17:31.000000',
    ended_at: null,
    state: 'active',
    uptime: 86,
    ...overrides,
  };
}

export function keystoneProject(id: string, properties: Record<string, unknown> = {}): KeystoneProject {
  return { id, name: `project-${id}`, domain_id: 'default', enabled: true, tags: [], ...properties };
}

export function glanceImage(id: string, properties: Record<string, unknown> = {}): GlanceImage {
  return {
    id,
    name: `image-${id}`,
    status: 'active',
    visibility: 'public',
    created_at: '2026-11-26T14:07:41Z',
    updated_at: '2026-11-26T14:07:41Z',
    ...properties,
  };
}

export function floatingIp(id: string, projectId = 'p1'): NeutronFloatingIp {
  return {
    id,
    project_id: projectId,
    floating_ip_address: '203.0.113.25',
    status: 'DOWN',
    port_id: null,
    created_at: '2026-11-26T14:11:39Z',
    updated_at: '2026-11-26T14:11:39Z',
  };
}

export function cinderVolume(id: string): CinderVolume {
  return {
    id,
    name: `vol-${id}`,
    status: 'available',
    size: 10,
    created_at: '2026-11-26T14:12:09.000000',
    updated_at: '2026-11-26T14:12:10.000000',
    user_id: 'u1',
    volume_type: '__DEFAULT__',
    bootable: 'false',
    attachments: [],
  };
}

/** A validated OpenStack site entry as the config loader produces it. */
export function openStackSite(overrides: Partial<OpenStackSite> = {}): OpenStackSite {
  return {
    name: 'site-a',
    siteName: 'SITE-A',
    authUrl: 'http://127.0.0.1:1/identity/v3',
    region: null,
    interface: 'public',
    caBundle: null,
    credential: null,
    vos: [],
    projects: { select: 'all', ids: [], tag: 'caso' },
    voProperty: 'VO',
    voMap: {},
    timeoutSeconds: 5,
    maxConcurrency: 8,
    ...overrides,
  };
}

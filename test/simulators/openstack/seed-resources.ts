/** Cinder volumes, Neutron floating IPs and Nova quotas of the seeded cloud. */
import type { Json, SimProject, SimServer } from './model.js';
import type { Rng } from './prng.js';
import { DAY, HOUR, SECOND, naiveMicros, secondsZ } from './time.js';

const VOLUME_TYPES: [string, string][] = [
  ['__DEFAULT__', '7c1f3a52-8d2e-4b6a-9f0c-1e2d3c4b5a69'],
  ['ceph-ssd', 'b2e4f6a8-0c1d-4e3f-8a5b-6c7d8e9f0a1b'],
];
const SIZES = [1, 5, 10, 20, 50, 100, 500];
const PUBLIC_NET = '3f0e8a4c-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const PUBLIC_NET_V6 = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/** Servers a volume or floating IP can be attached to: alive and with a port. */
function attachable(servers: SimServer[]): Map<string, SimServer[]> {
  const by = new Map<string, SimServer[]>();
  for (const s of servers) {
    if (s.deleted || s.state === 'error' || s.state === 'building' || s.state === 'deleted-before-window')
      continue;
    const list = by.get(s.projectId);
    if (list) list.push(s);
    else by.set(s.projectId, [s]);
  }
  return by;
}

function volume(rng: Rng, project: string, user: string, createdMs: number, extra: Json): Json {
  const [type, typeId] = rng.pick(VOLUME_TYPES);
  return {
    id: rng.uuid(),
    status: 'available',
    size: rng.pick(SIZES),
    availability_zone: 'nova',
    created_at: naiveMicros(createdMs),
    updated_at: naiveMicros(createdMs + rng.int(1, 30) * SECOND),
    name: null,
    description: null,
    volume_type: type,
    snapshot_id: null,
    source_volid: null,
    metadata: {},
    user_id: user,
    bootable: 'false',
    encrypted: false,
    replication_status: null,
    consistencygroup_id: null,
    multiattach: false,
    attachments: [],
    migration_status: null,
    group_id: null,
    provider_id: null,
    shared_targets: false,
    service_uuid: '4e1c6b2a-7d8f-4a9b-b0c1-d2e3f4a5b6c7',
    cluster_name: null,
    volume_type_id: typeId,
    consumes_quota: true,
    'os-vol-tenant-attr:tenant_id': project,
    'os-vol-mig-status-attr:migstat': null,
    'os-vol-mig-status-attr:name_id': null,
    'os-vol-host-attr:host': `volume1@${type === 'ceph-ssd' ? 'ceph-ssd#ceph-ssd' : 'ceph#ceph'}`,
    ...extra,
  };
}

function attach(rng: Rng, vol: Json, server: SimServer, device: string, atMs: number): void {
  const attachmentId = rng.uuid();
  vol.status = 'in-use';
  vol.metadata = { attached_mode: 'rw' };
  vol.attachments = [
    {
      server_id: server.id,
      attachment_id: attachmentId,
      attached_at: naiveMicros(atMs),
      host_name: server.api['OS-EXT-SRV-ATTR:host'] ?? null,
      volume_id: vol.id,
      device,
      id: vol.id,
    },
  ];
  (server.api['os-extended-volumes:volumes_attached'] as Json[]).push({
    id: vol.id,
    delete_on_termination: false,
  });
}

export function seedVolumes(
  rng: Rng,
  now: number,
  count: number,
  projects: SimProject[],
  servers: SimServer[],
  users: Map<string, string[]>,
) {
  const volumes: Json[] = [];
  for (const s of servers) {
    if (!s.kinds.includes('boot-from-volume')) continue;
    const vol = volume(rng, s.projectId, s.userId, s.createdMs - 30 * SECOND, {
      name: '',
      bootable: 'true',
      size: Math.max(20, s.api.flavor ? ((s.api.flavor as Json).disk as number) : 20),
      volume_image_metadata: { image_name: 'EGI Ubuntu 22.04', os_distro: 'ubuntu', os_version: '22.04' },
    });
    if (!s.deleted) attach(rng, vol, s, '/dev/vda', s.createdMs);
    volumes.push(vol);
  }
  const candidates = attachable(servers);
  for (let j = 0; j < count; j++) {
    const project = projects[j % projects.length]!;
    const created = now - rng.int(HOUR / SECOND, (300 * DAY) / SECOND) * SECOND;
    const vol = volume(rng, project.id, rng.pick(users.get(project.id)!), created, { name: `vol-${j}` });
    const roll = rng.next();
    const targets = candidates.get(project.id) ?? [];
    if (roll < 0.45 && targets.length) attach(rng, vol, rng.pick(targets), '/dev/vdb', created + HOUR);
    else if (roll > 0.97) vol.status = 'error';
    else if (roll > 0.95) vol.status = 'creating';
    volumes.push(vol);
  }
  const key = (v: Json) => v.created_at as string;
  return volumes.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
}

function address(j: number): { addr: string; v6: boolean } {
  if (j % 40 === 39) return { addr: `2001:db8:cafe::${(j + 1).toString(16)}`, v6: true };
  const n = j + 1;
  return { addr: `100.${64 + ((n >> 16) & 63)}.${(n >> 8) & 255}.${n & 255}`, v6: false };
}

export function seedFloatingIps(
  rng: Rng,
  now: number,
  count: number,
  projects: SimProject[],
  servers: SimServer[],
) {
  const free = attachable(servers);
  const fips: Json[] = [];
  for (let j = 0; j < count; j++) {
    const project = projects[j % projects.length]!;
    const { addr, v6 } = address(j);
    const created = secondsZ(now - rng.int(1, 400) * DAY);
    const targets = free.get(project.id) ?? [];
    const server =
      !v6 && targets.length && rng.chance(0.7) ? targets.splice(rng.int(0, targets.length - 1), 1)[0]! : null;
    const fip: Json = {
      id: rng.uuid(),
      tenant_id: project.id,
      project_id: project.id,
      floating_ip_address: addr,
      floating_network_id: v6 ? PUBLIC_NET_V6 : PUBLIC_NET,
      router_id: null,
      port_id: null,
      fixed_ip_address: null,
      status: 'DOWN',
      description: '',
      port_details: null,
      tags: [],
      created_at: created,
      updated_at: created,
      revision_number: 0,
    };
    if (server) {
      const [net, entries] = Object.entries(server.api.addresses as Record<string, Json[]>)[0]!;
      const fixed = entries[0]!;
      const portId = rng.uuid();
      Object.assign(fip, {
        router_id: rng.uuid(),
        port_id: portId,
        fixed_ip_address: fixed.addr,
        status: 'ACTIVE',
        port_details: {
          name: '',
          network_id: rng.uuid(),
          mac_address: fixed['OS-EXT-IPS-MAC:mac_addr'],
          admin_state_up: true,
          status: 'ACTIVE',
          device_id: server.id,
          device_owner: 'compute:nova',
        },
        updated_at: secondsZ(Math.max(server.createdMs, now - 30 * DAY)),
        revision_number: 2,
      });
      (server.api.addresses as Record<string, Json[]>)[net]!.push({
        addr,
        version: 4,
        'OS-EXT-IPS:type': 'floating',
        'OS-EXT-IPS-MAC:mac_addr': fixed['OS-EXT-IPS-MAC:mac_addr'],
      });
    }
    fips.push(fip);
  }
  return fips.sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1));
}

/**
 * Nova quota sets at the base microversion: the first project unlimited, every second one a large
 * allocation, every third a small one (with limited server groups), the rest Nova's defaults.
 */
export function seedQuotas(projects: SimProject[]): Record<string, Json> {
  const quotas: Record<string, Json> = {};
  projects.forEach((p, i) => {
    const limited = i % 2 === 1;
    const small = !limited && i % 3 === 2;
    const pick = (big: number, little: number, otherwise: number) =>
      limited ? big : small ? little : otherwise;
    quotas[p.id] = {
      id: p.id,
      cores: pick(200, 32, i === 0 ? -1 : 20),
      fixed_ips: -1,
      floating_ips: -1,
      injected_file_content_bytes: 10240,
      injected_file_path_bytes: 255,
      injected_files: 5,
      instances: pick(100, 8, i === 0 ? -1 : 10),
      key_pairs: 100,
      metadata_items: 128,
      ram: pick(512000, 65536, i === 0 ? -1 : 51200),
      security_group_rules: -1,
      security_groups: -1,
      server_group_members: small ? 4 : -1,
      server_groups: small ? 2 : -1,
    };
  });
  return quotas;
}

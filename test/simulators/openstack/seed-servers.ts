/** Nova servers of the seeded cloud: one full 2.93 admin-view object per server. */
import type { Json, ServerState, ServerTrait, SimFlavor, SimProject, SimServer } from './model.js';
import type { Rng } from './prng.js';
import type { Catalog } from './seed-catalog.js';
import type { ImageSet } from './seed-images.js';
import { embeddedFlavor } from './seed-catalog.js';
import { assignStates, assignTraits } from './seed-states.js';
import { DAY, HOUR, MINUTE, SECOND, naiveMicros, secondsZ } from './time.js';

const PREFIXES = ['worker', 'jupyter', 'train', 'db', 'web', 'test-vm', 'pipeline', 'k8s-node'];
const NON_ASCII = ['análisis-ñ', 'données-été', 'überwachung-groß', '計算ノード', 'проверка'];

interface Times {
  created: number;
  launched: number | null;
  terminated: number | null;
  updated: number;
}

/** Times of one server; `now` is the cloud's fixed current time, all whole seconds. */
function timesFor(rng: Rng, state: ServerState, now: number): Times {
  const at = (from: number, to: number) => Math.floor((from + rng.next() * (to - from)) / SECOND) * SECOND;
  const boot = () => rng.int(15, 120) * SECOND;
  const settle = () => rng.int(1, 5) * SECOND;
  switch (state) {
    case 'building': {
      const created = now - rng.int(20, 600) * SECOND;
      return { created, launched: null, terminated: null, updated: created + settle() };
    }
    case 'error': {
      const created = at(now - 25 * DAY, now - HOUR);
      return { created, launched: null, terminated: null, updated: created + rng.int(2, 30) * SECOND };
    }
    case 'resized': {
      const created = at(now - 200 * DAY, now - 2 * DAY);
      const launched = at(created + DAY, now - HOUR);
      return { created, launched, terminated: null, updated: launched + settle() };
    }
    case 'created-and-deleted':
    case 'deleted-in-window':
    case 'deleted-before-window': {
      const created =
        state === 'created-and-deleted'
          ? at(now - 29 * DAY, now - 3 * HOUR)
          : state === 'deleted-in-window'
            ? at(now - 200 * DAY, now - 31 * DAY)
            : at(now - 300 * DAY, now - 62 * DAY);
      const launched = created + boot();
      const terminated =
        state === 'created-and-deleted'
          ? at(launched + 5 * MINUTE, now - 10 * MINUTE)
          : state === 'deleted-in-window'
            ? at(now - 30 * DAY + HOUR, now - 10 * MINUTE)
            : at(launched + HOUR, now - 31 * DAY);
      return { created, launched, terminated, updated: terminated + settle() };
    }
    default: {
      const created = at(now - 200 * DAY, now - HOUR);
      const launched = created + boot();
      return { created, launched, terminated: null, updated: at(launched, now - MINUTE) };
    }
  }
}

const STATUS: Record<ServerState, [string, string, number, string | null]> = {
  running: ['ACTIVE', 'active', 1, null],
  resized: ['ACTIVE', 'active', 1, null],
  building: ['BUILD', 'building', 0, 'spawning'],
  error: ['ERROR', 'error', 0, null],
  shutoff: ['SHUTOFF', 'stopped', 4, null],
  shelved: ['SHELVED_OFFLOADED', 'shelved_offloaded', 4, null],
  suspended: ['SUSPENDED', 'suspended', 7, null],
  paused: ['PAUSED', 'paused', 3, null],
  'created-and-deleted': ['DELETED', 'deleted', 0, null],
  'deleted-in-window': ['DELETED', 'deleted', 0, null],
  'deleted-before-window': ['DELETED', 'deleted', 0, null],
};

function hostname(name: string, id: string): string {
  const clean = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return clean || `server-${id}`;
}

const mac = (rng: Rng) => `fa:16:3e:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}`;

export interface ServerSeedInput {
  now: number;
  count: number;
  deletedShare: number;
  gpuShare: number;
  projects: SimProject[];
  serverUsers: Map<string, string[]>;
  catalog: Catalog;
  images: ImageSet;
}

export function seedServers(rng: Rng, input: ServerSeedInput): SimServer[] {
  const { now, projects, catalog, images } = input;
  const states = assignStates(rng, input.count, input.deletedShare);
  const traits = assignTraits(rng, states, input.gpuShare);
  const hosts = Array.from({ length: 40 }, (_, i) => `cmp-${String(i + 1).padStart(3, '0')}`);
  let nonAscii = 0;
  const servers = states.map((state, i): SimServer => {
    const project = projects[i % projects.length]!;
    const local = Math.floor(i / projects.length);
    const has = traits.get(i)!;
    const id = rng.uuid();
    const t = timesFor(rng, state, now);
    const flavor: SimFlavor = has.has('gpu')
      ? rng.pick(catalog.gpu)
      : has.has('deleted-flavor')
        ? rng.pick(catalog.deleted)
        : rng.pick(catalog.standard);
    const privateIds = images.privateIds.get(project.id) ?? [];
    const imageId = has.has('boot-from-volume')
      ? null
      : has.has('deleted-image')
        ? images.deletedIds[0]!
        : privateIds.length && rng.chance(0.15)
          ? rng.pick(privateIds)
          : rng.pick(images.publicIds);
    const name = has.has('non-ascii')
      ? nonAscii++ === 0
        ? NON_ASCII[0]!
        : `${rng.pick(NON_ASCII)}-${i}`
      : `${rng.pick(PREFIXES)}-${i}`;
    const [status, vmState, power, task] = STATUS[state];
    const deleted = status === 'DELETED';
    const scheduled = t.launched !== null || state === 'building';
    const host = scheduled ? rng.pick(hosts) : null;
    const offloaded = state === 'shelved';
    const addresses: Json = {};
    if (!deleted && state !== 'error') {
      const net = `${project.name}-net`;
      const p = i % projects.length;
      addresses[net] = [
        {
          addr: `10.${(p >> 4) & 255}.${((p & 15) << 4) | ((local >> 8) & 15)}.${local & 255 || 1}`,
          version: 4,
          'OS-EXT-IPS:type': 'fixed',
          'OS-EXT-IPS-MAC:mac_addr': mac(rng),
        },
      ];
    }
    const api: Json = {
      id,
      name,
      status,
      tenant_id: project.id,
      user_id: rng.pick(input.serverUsers.get(project.id)!),
      metadata: rng.chance(0.3) ? { purpose: rng.pick(['analysis', 'ci', 'service']) } : {},
      hostId: host && !offloaded ? rng.hex(56) : '',
      image: imageId === null ? '' : { id: imageId },
      flavor: embeddedFlavor(flavor),
      created: secondsZ(t.created),
      updated: secondsZ(t.updated),
      addresses,
      accessIPv4: '',
      accessIPv6: '',
      'OS-DCF:diskConfig': rng.chance(0.8) ? 'MANUAL' : 'AUTO',
      'OS-EXT-AZ:availability_zone': offloaded ? '' : 'nova',
      config_drive: '',
      key_name: rng.chance(0.6) ? `key-${project.name}` : null,
      'OS-SRV-USG:launched_at': t.launched === null ? null : naiveMicros(t.launched),
      'OS-SRV-USG:terminated_at': t.terminated === null ? null : naiveMicros(t.terminated),
      'OS-EXT-SRV-ATTR:host': offloaded ? null : host,
      'OS-EXT-SRV-ATTR:instance_name': `instance-${(i + 1).toString(16).padStart(8, '0')}`,
      'OS-EXT-SRV-ATTR:hypervisor_hostname': offloaded || !host ? null : `${host}.sim.example.org`,
      'OS-EXT-SRV-ATTR:reservation_id': `r-${rng.hex(8)}`,
      'OS-EXT-SRV-ATTR:launch_index': 0,
      'OS-EXT-SRV-ATTR:hostname': hostname(name, id),
      'OS-EXT-SRV-ATTR:kernel_id': '',
      'OS-EXT-SRV-ATTR:ramdisk_id': '',
      'OS-EXT-SRV-ATTR:root_device_name': scheduled ? '/dev/vda' : null,
      'OS-EXT-SRV-ATTR:user_data': null,
      'OS-EXT-STS:task_state': task,
      'OS-EXT-STS:vm_state': vmState,
      'OS-EXT-STS:power_state': power,
      'os-extended-volumes:volumes_attached': [],
      locked: false,
      locked_reason: null,
      description: null,
      tags: [],
      trusted_image_certificates: null,
      host_status: deleted || offloaded || !host ? '' : 'UP',
    };
    // Nova shows progress only while a server is ACTIVE or building.
    if (status === 'ACTIVE' || status === 'BUILD') api.progress = 0;
    if (!deleted) api.security_groups = [{ name: 'default' }];
    if (state === 'error') {
      api.fault = {
        code: 500,
        created: secondsZ(t.updated),
        message: 'No valid host was found. There are not enough hosts available.',
        details: 'Traceback (most recent call last): … nova.exception.NoValidHost',
      };
    }
    return {
      id,
      projectId: project.id,
      userId: api.user_id as string,
      state,
      kinds: [state, ...[...has].sort()] as (ServerState | ServerTrait)[],
      flavorId: flavor.id,
      createdMs: t.created,
      updatedMs: t.updated,
      launchedMs: t.launched,
      terminatedMs: t.terminated,
      deleted,
      api,
    };
  });
  return servers.sort(newestFirst);
}

/** Nova's default order: `created_at` descending, then id descending. */
export function newestFirst(a: SimServer, b: SimServer): number {
  return b.createdMs - a.createdMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

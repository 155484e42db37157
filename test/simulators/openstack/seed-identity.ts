/** Keystone side of the seeded cloud: projects (with VO properties), users and credentials. */
import type { Json, SimCredentials, SimProject } from './model.js';
import type { Rng } from './prng.js';

const VOS = [
  'fedcloud.egi.eu',
  'vo.access.egi.eu',
  'biomed',
  'eosc-synergy.eu',
  'vo.notebooks.egi.eu',
  'vo.emso-eric.eu',
  'training.egi.eu',
  'vo.cta.in2p3.fr',
  'enmr.eu',
  'vo.lifewatch.eu',
];
const FEDERATED_DOMAIN = '6b8f0a7c2d1e4f3a9b5c8d7e6f1a2b3c';

function project(
  id: string,
  name: string,
  vo: string | null,
  voProperty: SimProject['voProperty'],
  extra: Json,
) {
  const api: Json = {};
  if (vo && voProperty) api[voProperty] = vo;
  Object.assign(api, {
    id,
    name,
    domain_id: 'default',
    description: vo ? `Resources of ${vo}` : '',
    enabled: true,
    parent_id: 'default',
    is_domain: false,
    tags: ['caso'],
    options: {},
    ...extra,
  });
  return { id, name, vo, voProperty, api };
}

/**
 * Tenant projects carry their VO in `VO`, every fourth (from the second) in `accounting:VO`, and
 * the last one (with three or more) in neither, for the "project without VO" path.
 */
export function seedProjects(rng: Rng, count: number): { projects: SimProject[]; other: SimProject[] } {
  const projects: SimProject[] = [];
  for (let i = 0; i < count; i++) {
    const vo = VOS[i] ?? `vo${i}.sim.example.eu`;
    const noVo = count >= 3 && i === count - 1;
    const property = noVo ? null : i % 4 === 1 ? 'accounting:VO' : 'VO';
    const name = noVo ? `orphan-${i}` : `vo-${vo.replace(/[^a-z0-9]+/g, '-')}`;
    projects.push(project(rng.hex(32), name, noVo ? null : vo, property, {}));
  }
  const admin = project(rng.hex(32), 'admin', null, null, { tags: [], description: 'Bootstrap project' });
  const retired = project(rng.hex(32), 'vo-retired', 'vo.retired.example.eu', 'VO', { enabled: false });
  return { projects, other: [admin, retired] };
}

function user(id: string, name: string, domain = 'default'): Json {
  return { id, name, domain_id: domain, enabled: true, password_expires_at: null, options: {} };
}

export interface Identity {
  users: Json[];
  unknownUserIds: string[];
  credentials: SimCredentials;
  /** Project id → user ids its servers are owned by (known and unknown). */
  serverUsers: Map<string, string[]>;
  /** User id → project ids it has a role on (the system user: all). */
  memberships: Map<string, string[]>;
}

export function seedIdentity(
  rng: Rng,
  projects: SimProject[],
  all: SimProject[],
  unknownShare: number,
): Identity {
  const system = {
    username: 'fedwatch-reader',
    password: rng.hex(24),
    userDomain: 'Default',
    userId: rng.hex(32),
  };
  const users: Json[] = [user(system.userId, system.username)];
  const unknownUserIds: string[] = [];
  const memberships = new Map<string, string[]>([[system.userId, all.map((p) => p.id)]]);
  const perProject: SimCredentials['perProject'] = {};
  const serverUsers = new Map<string, string[]>();
  projects.forEach((p, i) => {
    const owner = rng.hex(32);
    users.push(user(owner, `svc-${p.name}`));
    memberships.set(owner, [p.id]);
    perProject[p.id] = { id: rng.hex(32), secret: rng.hex(48), userId: owner };
    const pool = [owner];
    for (let k = 0; k < 3; k++) {
      const id = rng.hex(32);
      pool.push(id);
      const forced = unknownShare > 0 && i === 0 && k === 2;
      if (forced || rng.chance(unknownShare)) unknownUserIds.push(id);
      else {
        const federated = k !== 0;
        users.push(
          federated ? user(id, `${rng.hex(64)}@egi.eu`, FEDERATED_DOMAIN) : user(id, `user${i}-${k}`),
        );
        memberships.set(id, [p.id]);
      }
    }
    serverUsers.set(p.id, pool);
  });
  return { users, unknownUserIds, credentials: { system, perProject }, serverUsers, memberships };
}

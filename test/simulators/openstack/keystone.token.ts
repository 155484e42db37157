/** The body of `POST /v3/auth/tokens`: the token description with its service catalog. */
import type { Json } from './model.js';
import { createRng } from './prng.js';
import type { SimState } from './state.js';
import { microsZ } from './time.js';
import type { TokenInfo } from './tokens.js';

const SERVICES: [type: string, name: string, path: string][] = [
  ['compute', 'nova', '/compute/v2.1'],
  ['volumev3', 'cinderv3', '/volume/v3'],
  ['image', 'glance', '/image'],
  ['network', 'neutron', '/network'],
  ['placement', 'placement', '/placement'],
  ['identity', 'keystone', '/identity'],
];
const IFACES = ['public', 'internal', 'admin'] as const;

// Ids of catalog entries are stable for every simulator (they are not part of the seeded data).
const ids = createRng('catalog');
const CATALOG_IDS = SERVICES.map(() => ({ service: ids.hex(32), endpoints: IFACES.map(() => ids.hex(32)) }));
export const ROLE_IDS: Record<string, string> = {
  reader: ids.hex(32),
  member: ids.hex(32),
  admin: ids.hex(32),
};

/**
 * Public endpoints are the simulator's URL; `internal` and `admin` ones carry an `/internal` or
 * `/admin` prefix the simulator strips (and logs), so a test can tell which interface was used.
 * The Cinder endpoint ends in the project id for project scope (`/volume/v3/<project>`).
 */
export function catalog(baseUrl: string, projectId: string | null): Json[] {
  return SERVICES.map(([type, name, path], s) => ({
    endpoints: IFACES.map((iface, e) => {
      const prefix = iface === 'public' ? '' : `/${iface}`;
      const suffix = type === 'volumev3' && projectId ? `/${projectId}` : '';
      return {
        id: CATALOG_IDS[s]!.endpoints[e],
        interface: iface,
        region_id: 'RegionOne',
        url: `${baseUrl}${prefix}${path}${suffix}`,
        region: 'RegionOne',
      };
    }),
    id: CATALOG_IDS[s]!.service,
    type,
    name,
  }));
}

const DEFAULT_DOMAIN = { id: 'default', name: 'Default' };

export function tokenBody(state: SimState, info: TokenInfo, withCatalog: boolean): Json {
  const user = state.index.users.get(info.userId);
  const scoped = info.system || info.projectId !== null;
  const token: Json = {
    methods: info.methods,
    user: {
      domain: user?.domain_id === 'default' ? DEFAULT_DOMAIN : { id: user?.domain_id, name: 'egi.eu' },
      id: info.userId,
      name: info.userName,
      password_expires_at: null,
    },
    audit_ids: [Buffer.from(info.token.slice(-16)).toString('base64url').slice(0, 22)],
    expires_at: microsZ(info.expiresMs),
    issued_at: microsZ(info.issuedMs),
  };
  if (info.system) token.system = { all: true };
  if (info.projectId) {
    const project = state.index.projects.get(info.projectId)!;
    token.project = { domain: DEFAULT_DOMAIN, id: project.id, name: project.name };
    token.is_domain = false;
  }
  if (scoped) {
    token.roles = info.roles.map((name) => ({ id: ROLE_IDS[name], name }));
    if (withCatalog) token.catalog = catalog(state.baseUrl, info.projectId);
  }
  if (info.applicationCredential)
    token.application_credential = { ...info.applicationCredential, restricted: true };
  return { token };
}

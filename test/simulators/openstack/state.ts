/** Everything the routes read: the seeded data, indexed once, plus tokens and faults. */
import type { FaultInjector } from './fault-injector.js';
import type { Json, SeededCloud, SimCredentials, SimFlavor, SimProject, SimServer } from './model.js';
import type { TokenStore } from './tokens.js';

export interface CloudIndex {
  projects: Map<string, SimProject>;
  users: Map<string, Json>;
  servers: Map<string, SimServer>;
  /** Project id → its servers, newest first. */
  serversByProject: Map<string, SimServer[]>;
  /** Project id → servers that ever launched, by id (os-simple-tenant-usage order). */
  usageOrder: Map<string, SimServer[]>;
  flavors: Map<string, SimFlavor>;
  images: Map<string, Json>;
  volumesByProject: Map<string, Json[]>;
  floatingIps: Map<string, Json>;
  /** Project ids a user holds a role on. */
  memberships: Map<string, string[]>;
}

export interface SimState {
  baseUrl: string;
  authUrl: string;
  data: SeededCloud;
  credentials: SimCredentials;
  index: CloudIndex;
  tokens: TokenStore;
  faults: FaultInjector;
  /** Rendered server JSON by id and view (see nova.render.ts). */
  renderCache: Map<string, string>;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function indexCloud(data: SeededCloud, memberships: Map<string, string[]>): CloudIndex {
  const allProjects = [...data.projects, ...data.otherProjects];
  const launched = data.servers.filter((s) => s.launchedMs !== null);
  const usageOrder = groupBy(launched, (s) => s.projectId);
  for (const list of usageOrder.values()) list.sort(byId);
  return {
    projects: new Map(allProjects.map((p) => [p.id, p])),
    users: new Map(data.users.map((u) => [u.id as string, u])),
    servers: new Map(data.servers.map((s) => [s.id, s])),
    serversByProject: groupBy(data.servers, (s) => s.projectId),
    usageOrder,
    flavors: new Map(data.flavors.map((f) => [f.id, f])),
    images: new Map(data.images.map((i) => [i.id as string, i])),
    volumesByProject: groupBy(data.volumes, (v) => v['os-vol-tenant-attr:tenant_id'] as string),
    floatingIps: new Map(data.floatingIps.map((f) => [f.id as string, f])),
    memberships,
  };
}

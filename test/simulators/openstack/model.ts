/**
 * The simulated cloud: options and the seeded data. Data objects are the API objects as an admin
 * sees them at the highest microversion, minus the `links` that depend on the simulator's URL
 * (those are added when served).
 */

export interface OpenStackSimulatorOptions {
  /** Same seed and `now` → identical data. */
  seed: number | string;
  /** Tenant projects (tagged `caso`); two more exist: `admin` (no VO) and disabled `retired`. */
  projects: number;
  /** Servers over all tenant projects, spread round-robin. */
  servers: number;
  /** The cloud's "current time": every seeded time is relative to it, and it does not advance. */
  now: Date;
  /** Fraction of servers deleted inside the last 30 days (half of them also created there). */
  deletedShare: number;
  /** Fraction of servers on GPU flavors. */
  gpuShare: number;
  /** Data volumes over all projects (boot volumes of boot-from-volume servers come on top). */
  volumes: number;
  floatingIps: number;
  /** Fraction of the user ids servers carry that Keystone does not know (404 on look-up). */
  usersUnknownShare: number;
  /** Latency added to every request. */
  latencyMs: number;
  /** Serve HTTPS with a throwaway CA (`caFile`). */
  tls: boolean;
  tokenLifetimeSeconds: number;
  /** Also serve GOCDB's `get_service` (org.openstack.nova) on a second, plain-HTTP listener. */
  gocdb: boolean;
  /** Add a public flavor without `vcpus` (discovery's bad-input case; accounting never sees it). */
  malformedFlavor: boolean;
}

export const DEFAULT_OPTIONS: Omit<OpenStackSimulatorOptions, 'now'> = {
  seed: 1,
  projects: 5,
  servers: 60,
  deletedShare: 0.2,
  gpuShare: 0.05,
  volumes: -1, // resolved: half the number of servers, at least one per project
  floatingIps: -1, // resolved: a quarter of the number of servers, at least one per project
  usersUnknownShare: 0.1,
  latencyMs: 0,
  tls: false,
  tokenLifetimeSeconds: 24 * 3600,
  gocdb: false,
  malformedFlavor: false,
};

/** What a seeded server stands for; every kind occurs when there are at least as many servers. */
export const SERVER_STATES = [
  'running',
  'created-and-deleted',
  'deleted-in-window',
  'deleted-before-window',
  'shutoff',
  'shelved',
  'suspended',
  'paused',
  'error',
  'resized',
  'building',
] as const;
export type ServerState = (typeof SERVER_STATES)[number];
export const SERVER_TRAITS = [
  'boot-from-volume',
  'deleted-flavor',
  'non-ascii',
  'gpu',
  'deleted-image',
] as const;
export type ServerTrait = (typeof SERVER_TRAITS)[number];
export type ServerKind = ServerState | ServerTrait;

export type Json = Record<string, unknown>;

export interface SimServer {
  id: string;
  projectId: string;
  userId: string;
  state: ServerState;
  /** State plus traits, for `serversOfKind`. */
  kinds: ServerKind[];
  /** The flavor id the server was built with (a reference below microversion 2.47). */
  flavorId: string;
  createdMs: number;
  updatedMs: number;
  launchedMs: number | null;
  terminatedMs: number | null;
  deleted: boolean;
  /** Full Nova object (microversion 2.93, admin view) without `links`. */
  api: Json;
}

export interface SimProject {
  id: string;
  name: string;
  /** The VO and the property carrying it; null for the one project without a VO. */
  vo: string | null;
  voProperty: 'VO' | 'accounting:VO' | null;
  /** Keystone object without `links`. */
  api: Json;
}

export interface SimFlavor {
  id: string;
  /** Deleted flavors are not served; servers keep their embedded copy. */
  deleted: boolean;
  /** `flavors/detail` object at 2.61 without `links`. */
  api: Json;
}

export interface SeededCloud {
  now: Date;
  /** Start of the 30-day window the seeding guarantees to be interesting. */
  windowStart: Date;
  projects: SimProject[];
  /** `admin` (no VO, no tag) and `retired` (disabled): Keystone knows them, no resources. */
  otherProjects: SimProject[];
  /** Known Keystone users (without `links`). */
  users: Json[];
  /** User ids servers carry that Keystone answers 404 for. */
  unknownUserIds: string[];
  flavors: SimFlavor[];
  /**
   * Glance images (as served: `self`/`file` are paths). Deleted image ids are not here; a few are
   * not `active` (queued, deactivated, importing) and one has an `APPLIANCE_ATTRIBUTES` that is not JSON.
   */
  images: Json[];
  deletedImageIds: string[];
  /** Servers, newest `created` first (Nova's default order). */
  servers: SimServer[];
  /** Cinder volumes (admin view at 3.70, without `links`). */
  volumes: Json[];
  floatingIps: Json[];
  quotas: Record<string, Json>;
}

export interface SimCredentials {
  system: { username: string; password: string; userDomain: string; userId: string };
  /** Project id → application credential (restricted, roles reader + member). */
  perProject: Record<string, { id: string; secret: string; userId: string }>;
}

export function serversOfKind(data: SeededCloud, kind: ServerKind): SimServer[] {
  return data.servers.filter((s) => s.kinds.includes(kind));
}

/** Builds the whole simulated cloud from the options; deterministic for a seed and `now`. */
import type { OpenStackSimulatorOptions, SeededCloud, SimCredentials } from './model.js';
import { createRng } from './prng.js';
import { seedFlavors } from './seed-catalog.js';
import { seedImages } from './seed-images.js';
import { seedIdentity } from './seed-identity.js';
import { seedProjects } from './seed-identity.js';
import { seedFloatingIps, seedQuotas, seedVolumes } from './seed-resources.js';
import { malformedFlavor, seedDiscoveryImages } from './seed-discovery.js';
import { seedServers } from './seed-servers.js';
import { DAY, SECOND } from './time.js';

export interface SeedResult {
  data: SeededCloud;
  credentials: SimCredentials;
  /** User id → project ids it has a role on. */
  memberships: Map<string, string[]>;
}

export function seedCloud(opts: OpenStackSimulatorOptions): SeedResult {
  if (opts.projects < 1) throw new Error('projects must be at least 1');
  const rng = createRng(opts.seed);
  const now = Math.floor(opts.now.getTime() / SECOND) * SECOND;
  const { projects, other } = seedProjects(rng, opts.projects);
  const identity = seedIdentity(rng, projects, [...projects, ...other], opts.usersUnknownShare);
  const catalog = seedFlavors(rng);
  const projectIds = projects.map((p) => p.id);
  const images = seedImages(rng, now, other[0]!.id, projectIds);
  const servers = seedServers(rng, {
    now,
    count: opts.servers,
    deletedShare: opts.deletedShare,
    gpuShare: opts.gpuShare,
    projects,
    serverUsers: identity.serverUsers,
    catalog,
    images,
  });
  const volumeCount =
    opts.volumes >= 0 ? opts.volumes : Math.max(projects.length, Math.round(opts.servers / 2));
  const fipCount =
    opts.floatingIps >= 0 ? opts.floatingIps : Math.max(projects.length, Math.round(opts.servers / 4));
  const volumes = seedVolumes(rng, now, volumeCount, projects, servers, identity.serverUsers);
  const floatingIps = seedFloatingIps(rng, now, fipCount, projects, servers);
  // After the servers and with their own sequence: no server uses them, nothing else changes.
  images.images.push(...seedDiscoveryImages(opts.seed, now, other[0]!.id));
  if (opts.malformedFlavor) catalog.flavors.push(malformedFlavor(opts.seed));
  return {
    data: {
      now: new Date(now),
      windowStart: new Date(now - 30 * DAY),
      projects,
      otherProjects: other,
      users: identity.users,
      unknownUserIds: identity.unknownUserIds,
      flavors: catalog.flavors,
      images: images.images,
      deletedImageIds: images.deletedIds,
      servers,
      volumes,
      floatingIps,
      quotas: seedQuotas([...projects, ...other]),
    },
    credentials: identity.credentials,
    memberships: identity.memberships,
  };
}

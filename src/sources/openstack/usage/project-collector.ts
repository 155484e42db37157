import { ErrorCode, FedwatchError } from '../../../common/errors/index.js';
import type { ListOptions, Listing, MalformedItem, OpenStackClient } from '../openstack-client.port.js';
import type { GlanceImage, KeystoneProject, NovaServer, NovaServerUsage } from '../openstack.types.js';
import type { CollectWarning, CollectWindow, ProjectOutcome } from './collect.types.js';
import { lookUpUser, type RunCache } from './run-cache.js';

/** One project to collect, with the client allowed to read it and its VO. */
export interface ProjectTarget {
  project: KeystoneProject;
  vo: string;
  client: OpenStackClient;
  /** Who looks up user names: the site's system credential when there is one. */
  userClient: OpenStackClient;
}

export interface ProjectCollectContext {
  run: RunCache;
  naive: boolean;
}

/** Above this many usage-only servers, one live listing is cheaper than one GET per server. */
const BULK_LOOKUP_THRESHOLD = 20;
const NAIVE_LIST: ListOptions = { pageSize: 200 };

/**
 * Reads one project's usage for a window (apel.md §2.3): servers changed since `from` (deleted ones
 * included), the window's usage entries, the servers only the usage mentions, their images and user
 * names, floating IPs and volumes. Malformed items and vanished servers become warnings; anything
 * that would silently lose records (a service unreachable after retries) fails the project.
 */
export async function collectProject(
  target: ProjectTarget,
  window: CollectWindow,
  ctx: ProjectCollectContext,
): Promise<ProjectOutcome> {
  const projectId = target.project.id;
  const warnings: CollectWarning[] = [];
  const warn = (w: Omit<CollectWarning, 'projectId'>) => warnings.push({ projectId, ...w });
  const report = (code: string, what: string, listing: Listing<unknown>) =>
    listing.malformed.forEach((m) => warn(malformedWarning(code, what, m)));
  const list = ctx.naive ? NAIVE_LIST : {};
  const { client } = target;
  const inOrder = ctx.naive ? sequential : parallel;
  try {
    const [changed, usage, floatingIps, volumes] = await inOrder(
      () => client.listServersChangedSince(projectId, window.from, list),
      () => client.listUsage(projectId, window.from, window.to, list),
      () => optionalService(() => client.listFloatingIps(projectId, list), 'network', warn),
      () => optionalService(() => client.listVolumes(projectId, list), 'volume', warn),
    );
    report('server-malformed', 'server', changed);
    report('usage-malformed', 'usage entry', usage);
    report('floating-ip-malformed', 'floating IP', floatingIps);
    report('volume-malformed', 'volume', volumes);

    const servers = new Map(changed.items.map((s) => [s.id, s]));
    const usages = [...new Map(usage.items.map((u) => [u.instance_id, u])).values()];
    // A server already reported malformed in the listing is not fetched (and reported) again.
    const skip = new Set([...servers.keys(), ...changed.malformed.map((m) => m.id)]);
    await addUsageOnlyServers(client, projectId, usages, skip, servers, ctx.naive, warn);
    const serverList = [...servers.values()];
    return {
      ok: true,
      projectId,
      vo: target.vo,
      data: {
        project: target.project,
        servers: serverList,
        usages,
        images: await imagesOf(serverList, target.client, ctx.run, warn),
        userNames: await userNames(serverList, target.userClient, ctx),
        floatingIps: floatingIps.items,
        volumes: volumes.items,
      },
      warnings,
    };
  } catch (err) {
    return { ok: false, projectId, error: FedwatchError.from(err) };
  }
}

type Warn = (w: Omit<CollectWarning, 'projectId'>) => void;

async function addUsageOnlyServers(
  client: OpenStackClient,
  projectId: string,
  usages: NovaServerUsage[],
  known: Set<string>,
  servers: Map<string, NovaServer>,
  naive: boolean,
  warn: Warn,
): Promise<void> {
  let missing = usages.map((u) => u.instance_id).filter((id) => !known.has(id));
  if (!naive && missing.length > BULK_LOOKUP_THRESHOLD) {
    // Usage-only servers are those unchanged since `from`: nearly always live ones, all in one listing.
    const live = await client.listServers(projectId);
    const wanted = new Set(missing);
    for (const server of live.items) if (wanted.has(server.id)) servers.set(server.id, server);
    live.malformed
      .filter((m) => wanted.has(m.id))
      .forEach((m) => warn(malformedWarning('server-malformed', 'server', m)));
    const reported = new Set(live.malformed.map((m) => m.id));
    missing = missing.filter((id) => !servers.has(id) && !reported.has(id));
  }
  const fetchOne = async (id: string): Promise<void> => {
    const server = await getServerOrWarn(client, id, warn);
    if (server) servers.set(id, server);
  };
  if (naive) for (const id of missing) await fetchOne(id);
  else await Promise.all(missing.map(fetchOne));
}

async function getServerOrWarn(client: OpenStackClient, id: string, warn: Warn): Promise<NovaServer | null> {
  try {
    const server = await client.getServer(id);
    if (!server) {
      warn({
        code: 'server-missing',
        id,
        message: `server ${id} is in the usage but Nova no longer has it (404); the usage entry alone is kept`,
      });
    }
    return server;
  } catch (err) {
    if (!FedwatchError.is(err, ErrorCode.SOURCE_MALFORMED)) throw err;
    warn({ code: 'server-malformed', id, message: err.message });
    return null;
  }
}

async function imagesOf(
  servers: NovaServer[],
  client: OpenStackClient,
  run: RunCache,
  warn: Warn,
): Promise<Record<string, GlanceImage>> {
  const used = new Set(servers.flatMap((s) => (s.image ? [s.image.id] : [])));
  if (used.size === 0) return {};
  let listing: Listing<GlanceImage>;
  try {
    listing = await run.imagesOf(client);
  } catch (err) {
    warn({
      code: 'images-unreadable',
      message: `images could not be listed, ImageId falls back to the Nova image id: ${FedwatchError.from(err).message}`,
    });
    return {};
  }
  listing.malformed
    .filter((m) => used.has(m.id))
    .forEach((m) => warn(malformedWarning('image-malformed', 'image', m)));
  return Object.fromEntries(listing.items.filter((i) => used.has(i.id)).map((i) => [i.id, i]));
}

async function userNames(
  servers: NovaServer[],
  client: OpenStackClient,
  ctx: ProjectCollectContext,
): Promise<Record<string, string | null>> {
  const names: Record<string, string | null> = {};
  if (ctx.naive) {
    // The reference extractor's pattern: one look-up per server, nothing remembered.
    for (const s of servers) names[s.user_id] = await lookUpUser(client, s.user_id);
    return names;
  }
  const ids = [...new Set(servers.map((s) => s.user_id))];
  const resolved = await Promise.all(ids.map((id) => ctx.run.userName(client, id)));
  ids.forEach((id, i) => (names[id] = resolved[i]));
  return names;
}

/** A site without Neutron or Cinder in its catalog has no IPs or volumes to account: warn, go on. */
async function optionalService<T>(
  read: () => Promise<Listing<T>>,
  kind: string,
  warn: Warn,
): Promise<Listing<T>> {
  try {
    return await read();
  } catch (err) {
    if (!FedwatchError.is(err) || err.details.reason !== 'no-endpoint') throw err;
    warn({ code: 'service-missing', message: `no ${kind} service: ${err.message}` });
    return { items: [], malformed: [] };
  }
}

function malformedWarning(code: string, what: string, m: MalformedItem): Omit<CollectWarning, 'projectId'> {
  return {
    code,
    id: m.id,
    field: m.field,
    message: `${what} ${m.id} is malformed and was left out: ${m.field}: ${m.problem}`,
  };
}

type Thunks<T extends unknown[]> = { [K in keyof T]: () => Promise<T[K]> };

function parallel<T extends unknown[]>(...thunks: Thunks<T>): Promise<T> {
  return Promise.all(thunks.map((t) => t())) as Promise<T>;
}

async function sequential<T extends unknown[]>(...thunks: Thunks<T>): Promise<T> {
  const results: unknown[] = [];
  for (const t of thunks) results.push(await t());
  return results as T;
}

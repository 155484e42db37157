/** Cinder v3 at `/volume/v3[/<project>]`: volumes, with the `changes-since` quirk of the reference. */
import {
  json,
  novaFault,
  pageAfter,
  parseBool,
  parseLimit,
  privileged,
  withMarker,
  type Ctx,
  type Reply,
} from './http.js';
import { CINDER, negotiate, versionHeaders } from './microversion.js';
import type { Json } from './model.js';
import type { Route } from './router.js';
import { parseIso } from './time.js';

const MAX_LIMIT = 1000;
const SINCE: [key: string, minor: number][] = [
  ['group_id', 13],
  ['provider_id', 21],
  ['service_uuid', 48],
  ['shared_targets', 48],
  ['cluster_name', 61],
  ['volume_type_id', 63],
  ['consumes_quota', 65],
];
const ADMIN_ONLY = (key: string) => key.startsWith('os-vol-') || key === 'provider_id';
const OPS: Record<string, (a: number, b: number) => boolean> = {
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  eq: (a, b) => a === b,
  neq: (a, b) => a !== b,
};

/** `updated_at=gte:2020-01-01T00:00:00` (≥ 3.60); null when absent, a reply when invalid. */
function timeFilter(q: URLSearchParams, key: string): ((v: Json) => boolean) | null | Reply {
  const text = q.get(key);
  if (text === null) return null;
  const [op, ...rest] = text.includes(':') && OPS[text.split(':')[0]!] ? text.split(':') : ['eq', text];
  const at = parseIso(rest.join(':'));
  if (at === null) return novaFault(400, `Invalid filter keys: ${key}`);
  return (v) => v[key] !== null && OPS[op!]!(parseIso(v[key] as string)!, at);
}

function view(ctx: Ctx, v: Json, minor: number, admin: boolean): Json {
  const dropped = new Set(SINCE.filter(([, m]) => minor < m).map(([k]) => k));
  const out: Json = {};
  const project = v['os-vol-tenant-attr:tenant_id'] as string;
  for (const [key, value] of Object.entries(v)) {
    if (dropped.has(key) || (!admin && ADMIN_ONLY(key))) continue;
    out[key] = value;
    if (key === 'metadata') {
      out.links = [
        { rel: 'self', href: `${ctx.origin}/volume/v3/${project}/volumes/${v.id as string}` },
        { rel: 'bookmark', href: `${ctx.origin}/volume/${project}/volumes/${v.id as string}` },
      ];
    }
  }
  return out;
}

function selected(ctx: Ctx, urlProject: string | null, minor: number, admin: boolean): Json[] | Reply {
  const q = ctx.query;
  const index = ctx.state.index;
  let volumes: Json[];
  if (admin && parseBool(q.get('all_tenants') ?? '') === true) {
    const project = q.get('project_id');
    volumes = project ? (index.volumesByProject.get(project) ?? []) : ctx.state.data.volumes;
  } else {
    volumes = index.volumesByProject.get(ctx.token.projectId ?? urlProject ?? '') ?? [];
  }
  // Reference: an admin's `changes-since` is an exact match on a non-existent attribute (nothing
  // matches); a member's is silently dropped.
  if (admin && q.has('changes-since')) return [];
  const filters: ((v: Json) => boolean)[] = [];
  if (minor >= 60) {
    for (const key of ['updated_at', 'created_at']) {
      const f = timeFilter(q, key);
      if (f && 'status' in f) return f as Reply;
      if (f) filters.push(f as (v: Json) => boolean);
    }
  }
  for (const key of ['status', 'name', 'bootable']) {
    const wanted = q.get(key);
    if (wanted !== null) filters.push((v) => String(v[key]) === wanted);
  }
  return volumes.filter((v) => filters.every((f) => f(v)));
}

function listVolumes(detail: boolean) {
  return (ctx: Ctx, [urlProject]: string[]): Reply => {
    if (urlProject && ctx.token.projectId && urlProject !== ctx.token.projectId) {
      return novaFault(400, 'Malformed request url');
    }
    const negotiated = negotiate(ctx.req, CINDER);
    if ('reply' in negotiated) return negotiated.reply;
    const { minor } = negotiated;
    const admin = privileged(ctx.token);
    const volumes = selected(ctx, urlProject || null, minor, admin);
    if (!Array.isArray(volumes)) return volumes;
    const limit = parseLimit(ctx.query.get('limit'), MAX_LIMIT);
    if (limit === null) return novaFault(400, 'limit param must be an integer');
    const marker = ctx.query.get('marker');
    const page = pageAfter(volumes as (Json & { id: string })[], marker, limit);
    if (!page) return novaFault(400, `marker [${marker}] not found`);
    const last = page[page.length - 1];
    const path = `${ctx.origin}/volume/v3${urlProject ? `/${urlProject}` : ''}/volumes${detail ? '/detail' : ''}`;
    const links =
      last && page.length === limit
        ? { volumes_links: [{ rel: 'next', href: `${path}?${withMarker(ctx.query, last.id)}` }] }
        : {};
    const items = page.map((v) =>
      detail
        ? view(ctx, v, minor, admin)
        : { id: v.id, name: v.name, links: view(ctx, v, minor, admin).links },
    );
    return json(200, { volumes: items, ...links }, versionHeaders(CINDER, minor));
  };
}

function showVolume(ctx: Ctx, [urlProject, id]: string[]): Reply {
  const negotiated = negotiate(ctx.req, CINDER);
  if ('reply' in negotiated) return negotiated.reply;
  const admin = privileged(ctx.token);
  const volume = ctx.state.data.volumes.find((v) => v.id === id);
  if (
    !volume ||
    (!admin && volume['os-vol-tenant-attr:tenant_id'] !== ctx.token.projectId) ||
    (urlProject && ctx.token.projectId && urlProject !== ctx.token.projectId)
  ) {
    return novaFault(404, `Volume ${id} could not be found.`);
  }
  return json(
    200,
    { volume: view(ctx, volume, negotiated.minor, admin) },
    versionHeaders(CINDER, negotiated.minor),
  );
}

// The project segment is optional (Cinder ≥ 3.67 accepts project-less URLs).
const P = '(?:/([0-9a-f]{32}))?';
export const cinderRoutes: Route[] = [
  { method: 'GET', pattern: new RegExp(`^/volume/v3${P}/volumes/detail$`), handle: listVolumes(true) },
  { method: 'GET', pattern: new RegExp(`^/volume/v3${P}/volumes$`), handle: listVolumes(false) },
  { method: 'GET', pattern: new RegExp(`^/volume/v3${P}/volumes/([^/]+)$`), handle: showVolume },
];

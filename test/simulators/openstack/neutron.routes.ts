/** Neutron v2.0 at `/network`: floating IPs with `floatingips_links` paging. */
import { json, privileged, withMarker, type Ctx, type Reply } from './http.js';
import type { Json } from './model.js';
import type { Route } from './router.js';

const FILTERS = [
  'project_id',
  'tenant_id',
  'status',
  'floating_network_id',
  'floating_ip_address',
  'router_id',
  'port_id',
];

const neutronError = (status: number, type: string, message: string): Reply =>
  json(status, { NeutronError: { type, message, detail: '' } });

/** Members see their project's IPs; admins every project's unless they filter by `project_id`. */
function selected(ctx: Ctx): Json[] {
  const q = ctx.query;
  const admin = privileged(ctx.token);
  return ctx.state.data.floatingIps.filter((f) => {
    if (!admin && f.project_id !== ctx.token.projectId) return false;
    return FILTERS.every((key) => {
      const wanted = q.getAll(key);
      return wanted.length === 0 || wanted.includes(String(f[key]));
    });
  });
}

function project(ctx: Ctx, item: Json): Json {
  const fields = ctx.query.getAll('fields').flatMap((f) => f.split(','));
  if (!fields.length) return item;
  return Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, item[f]]));
}

function listFloatingIps(ctx: Ctx): Reply {
  const q = ctx.query;
  const all = selected(ctx); // sorted by id
  const limitText = q.get('limit');
  if (limitText !== null && !/^\d+$/.test(limitText)) {
    return neutronError(
      400,
      'HTTPBadRequest',
      `Bad limit request: Limit must be an integer 0 or greater and not '${limitText}'.`,
    );
  }
  const limit = limitText === null || limitText === '0' ? null : Number(limitText);
  if (limit === null) return json(200, { floatingips: all.map((f) => project(ctx, f)) });
  const marker = q.get('marker');
  const reverse = q.get('page_reverse')?.toLowerCase() === 'true';
  const at = marker === null ? (reverse ? all.length : -1) : all.findIndex((f) => f.id === marker);
  if (marker !== null && at < 0)
    return neutronError(404, 'FloatingIPNotFound', `Floating IP ${marker} could not be found.`);
  const page = reverse ? all.slice(Math.max(0, at - limit), at) : all.slice(at + 1, at + 1 + limit);
  const more = reverse ? at - limit > 0 : at + 1 + limit < all.length;
  const base = `${ctx.origin}/network/v2.0/floatingips`;
  const forward = new URLSearchParams([...q].filter(([k]) => k !== 'page_reverse'));
  const links: Json[] = [];
  const first = page[0];
  const last = page[page.length - 1];
  // Like the capture: `next` when more follow, `previous` whenever there is a page to go back from.
  if (last && (reverse || more))
    links.push({ rel: 'next', href: `${base}?${withMarker(forward, last.id as string)}` });
  if (first && (!reverse || more)) {
    links.push({
      rel: 'previous',
      href: `${base}?${withMarker(forward, first.id as string, { page_reverse: 'True' })}`,
    });
  }
  return json(200, {
    floatingips: page.map((f) => project(ctx, f)),
    ...(links.length ? { floatingips_links: links } : {}),
  });
}

function showFloatingIp(ctx: Ctx, [id]: string[]): Reply {
  const fip = ctx.state.index.floatingIps.get(id!);
  if (!fip || (!privileged(ctx.token) && fip.project_id !== ctx.token.projectId)) {
    return neutronError(404, 'FloatingIPNotFound', `Floating IP ${id} could not be found.`);
  }
  return json(200, { floatingip: project(ctx, fip) });
}

export const neutronRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/network\/?$/,
    auth: false,
    handle: (ctx) =>
      json(200, {
        versions: [
          { id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${ctx.origin}/network/v2.0/` }] },
        ],
      }),
  },
  { method: 'GET', pattern: /^\/network\/v2\.0\/floatingips$/, handle: listFloatingIps },
  { method: 'GET', pattern: /^\/network\/v2\.0\/floatingips\/([^/]+)$/, handle: showFloatingIp },
];

/** Glance v2 at `/image`: image list (with `next` as a path) and single images. */
import { htmlError, json, parseLimit, privileged, type Ctx, type Reply } from './http.js';
import type { Json } from './model.js';
import type { Route } from './router.js';

const DEFAULT_LIMIT = 25; // Glance's limit_param_default
const MAX_LIMIT = 1000; // api_limit_max
const KNOWN = new Set([
  'limit',
  'marker',
  'sort_key',
  'sort_dir',
  'sort',
  'visibility',
  'member_status',
  'os_hidden',
]);

/** Public images, the project's own, and (for admins) everything; community only on request. */
function visibleTo(ctx: Ctx): (image: Json) => boolean {
  const admin = privileged(ctx.token);
  const project = ctx.token.projectId;
  const visibility = ctx.query.get('visibility');
  return (image) => {
    const own = image.owner === project;
    const v = image.visibility as string;
    if (visibility && visibility !== 'all' && v !== visibility) return false;
    if (!admin && !own && v !== 'public' && v !== 'community') return false;
    if (!visibility && v === 'community' && !own) return false;
    return true;
  };
}

function sorter(q: URLSearchParams): (a: Json, b: Json) => number {
  const [key, dir] = q.has('sort')
    ? (q.get('sort')!.split(',')[0]!.split(':') as [string, string?])
    : [q.get('sort_key') ?? 'created_at', q.get('sort_dir') ?? 'desc'];
  const sign = (dir ?? 'desc') === 'asc' ? 1 : -1;
  const cmp = (x: unknown, y: unknown) => (String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0);
  return (a, b) => sign * (cmp(a[key], b[key]) || cmp(a.id, b.id));
}

function listImages(ctx: Ctx): Reply {
  const q = ctx.query;
  const limit = parseLimit(q.get('limit'), MAX_LIMIT, DEFAULT_LIMIT);
  if (limit === null) return htmlError(400, 'limit param must be an integer');
  const hidden = q.get('os_hidden') === 'true';
  const filters = [...q].filter(([k]) => !KNOWN.has(k));
  const images = ctx.state.data.images
    .filter(visibleTo(ctx))
    .filter((i) => (i.os_hidden === true) === hidden)
    .filter((i) =>
      filters.every(([k, v]) => (k === 'tag' ? (i.tags as string[]).includes(v) : String(i[k]) === v)),
    )
    .sort(sorter(q));
  const marker = q.get('marker');
  let start = 0;
  if (marker !== null) {
    start = images.findIndex((i) => i.id === marker) + 1;
    if (start === 0) return htmlError(400, `Invalid marker. Image ${marker} could not be found.`);
  }
  const page = images.slice(start, start + limit);
  const params = new URLSearchParams([...q].filter(([k]) => k !== 'marker'));
  const body: Json = {
    images: page,
    first: `/v2/images${params.size ? `?${params}` : ''}`,
    schema: '/v2/schemas/images',
  };
  // Glance's `next` is a path under the endpoint (no scheme, host or endpoint prefix).
  if (page.length && page.length === limit) {
    params.set('marker', page[page.length - 1]!.id as string);
    body.next = `/v2/images?${params}`;
  }
  return json(200, body);
}

function showImage(ctx: Ctx, [id]: string[]): Reply {
  const image = ctx.state.index.images.get(id!);
  const visible =
    image && (privileged(ctx.token) || image.owner === ctx.token.projectId || image.visibility !== 'private');
  if (!visible) return htmlError(404, `No image found with ID ${id}`);
  return json(200, image);
}

function versions(ctx: Ctx, status: number): Reply {
  const list = [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((minor) => ({
    id: `v2.${minor}`,
    status: minor === 15 ? 'CURRENT' : 'SUPPORTED',
    links: [{ rel: 'self', href: `${ctx.origin}/image/v2/` }],
  }));
  return json(status, { versions: list });
}

export const glanceRoutes: Route[] = [
  { method: 'GET', pattern: /^\/image\/?$/, auth: false, handle: (ctx) => versions(ctx, 300) },
  { method: 'GET', pattern: /^\/image\/versions$/, auth: false, handle: (ctx) => versions(ctx, 200) },
  { method: 'GET', pattern: /^\/image\/v2\/images$/, handle: listImages },
  { method: 'GET', pattern: /^\/image\/v2\/images\/([^/]+)$/, handle: showImage },
];

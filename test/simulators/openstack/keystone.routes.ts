/** Keystone v3 at `/identity/v3`: tokens, projects (with VO properties) and users. */
import { json, keystoneError, parseBool, privileged, type Ctx, type Reply } from './http.js';
import { issueToken, validateToken } from './keystone.auth.js';
import type { Json, SimProject } from './model.js';
import type { Route } from './router.js';

const forbidden = (action: string) =>
  keystoneError(403, `You are not authorized to perform the requested action: identity:${action}.`);

function projectView(ctx: Ctx, p: SimProject): Json {
  return { ...p.api, links: { self: `${ctx.state.authUrl}/projects/${p.id}` } };
}

function listLinks(ctx: Ctx, path: string): Json {
  const q = ctx.query.toString();
  return { next: null, self: `${ctx.state.authUrl}${path}${q ? `?${q}` : ''}`, previous: null };
}

const tagList = (v: string | null) => (v === null ? null : v.split(',').filter(Boolean));

function projectFilter(q: URLSearchParams): (p: SimProject) => boolean {
  const tags = tagList(q.get('tags'));
  const tagsAny = tagList(q.get('tags-any'));
  const notTags = tagList(q.get('not-tags'));
  const notTagsAny = tagList(q.get('not-tags-any'));
  const enabled = q.has('enabled') ? (parseBool(q.get('enabled')!) ?? true) : null;
  return (p) => {
    const own = (p.api.tags as string[]) ?? [];
    if (tags && !tags.every((t) => own.includes(t))) return false;
    if (tagsAny && !tagsAny.some((t) => own.includes(t))) return false;
    if (notTags && notTags.every((t) => own.includes(t))) return false;
    if (notTagsAny && notTagsAny.some((t) => own.includes(t))) return false;
    if (enabled !== null && p.api.enabled !== enabled) return false;
    for (const key of ['name', 'domain_id', 'parent_id'])
      if (q.has(key) && p.api[key] !== q.get(key)) return false;
    return true;
  };
}

function listProjects(ctx: Ctx): Reply {
  if (!privileged(ctx.token)) return forbidden('list_projects');
  const projects = [...ctx.state.index.projects.values()].filter(projectFilter(ctx.query));
  return json(200, {
    projects: projects.map((p) => projectView(ctx, p)),
    links: listLinks(ctx, '/projects'),
  });
}

function getProject(ctx: Ctx, [id]: string[]): Reply {
  const own = ctx.token.projectId === id;
  if (!privileged(ctx.token) && !own) return forbidden('get_project');
  const project = ctx.state.index.projects.get(id!);
  if (!project) return keystoneError(404, `Could not find project: ${id}.`);
  return json(200, { project: projectView(ctx, project) });
}

function authProjects(ctx: Ctx): Reply {
  const ids = ctx.state.index.memberships.get(ctx.token.userId) ?? [];
  const projects = ids
    .map((id) => ctx.state.index.projects.get(id)!)
    .filter((p) => p.api.enabled !== false)
    .map((p) => projectView(ctx, p));
  return json(200, { projects, links: listLinks(ctx, '/auth/projects') });
}

function userView(ctx: Ctx, u: Json): Json {
  return { ...u, links: { self: `${ctx.state.authUrl}/users/${u.id as string}` } };
}

function getUser(ctx: Ctx, [id]: string[]): Reply {
  if (!privileged(ctx.token) && ctx.token.userId !== id) return forbidden('get_user');
  const user = ctx.state.index.users.get(id!);
  if (!user) return keystoneError(404, `Could not find user: ${id}.`);
  return json(200, { user: userView(ctx, user) });
}

function listUsers(ctx: Ctx): Reply {
  if (!privileged(ctx.token)) return forbidden('list_users');
  const users = [...ctx.state.index.users.values()].map((u) => userView(ctx, u));
  return json(200, { users, links: listLinks(ctx, '/users') });
}

function versionDoc(ctx: Ctx): Reply {
  return json(200, {
    version: {
      id: 'v3.14',
      status: 'stable',
      updated: '2020-04-07T00:00:00Z',
      links: [{ rel: 'self', href: `${ctx.state.authUrl}/` }],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
    },
  });
}

const V3 = '/identity/v3';
export const keystoneRoutes: Route[] = [
  { method: 'GET', pattern: /^\/identity\/v3\/?$/, auth: false, handle: versionDoc },
  { method: 'POST', pattern: new RegExp(`^${V3}/auth/tokens$`), auth: false, handle: issueToken },
  { method: 'GET', pattern: new RegExp(`^${V3}/auth/tokens$`), handle: validateToken },
  { method: 'GET', pattern: new RegExp(`^${V3}/auth/projects$`), handle: authProjects },
  { method: 'GET', pattern: new RegExp(`^${V3}/projects$`), handle: listProjects },
  { method: 'GET', pattern: new RegExp(`^${V3}/projects/([^/]+)$`), handle: getProject },
  { method: 'GET', pattern: new RegExp(`^${V3}/users$`), handle: listUsers },
  { method: 'GET', pattern: new RegExp(`^${V3}/users/([^/]+)$`), handle: getUser },
];

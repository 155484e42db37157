/** `servers`, `servers/detail` and `servers/{id}`. */
import {
  json,
  novaFault,
  pageAfter,
  parseBool,
  parseLimit,
  raw,
  withMarker,
  type Ctx,
  type Reply,
} from './http.js';
import type { SimServer } from './model.js';
import type { NovaView } from './nova.render.js';
import { renderList, renderServer } from './nova.render.js';
import { parseIso } from './time.js';

const MAX_LIMIT = 1000;
const invalid = (name: string, value: string) =>
  novaFault(
    400,
    `Invalid input for query parameters ${name}. Value: ${value}. '${value}' is not a 'date-time'`,
  );

/** The servers a list call selects, before paging (Nova's default order: newest first). */
function select(ctx: Ctx, view: NovaView, detail: boolean): SimServer[] | Reply {
  const q = ctx.query;
  const { index, data } = ctx.state;
  let allTenants = false;
  if (q.has('all_tenants')) {
    const parsed = parseBool(q.get('all_tenants')!);
    if (parsed === undefined)
      return novaFault(400, `Invalid value '${q.get('all_tenants')}' for all_tenants.`);
    allTenants = parsed;
  }
  if (allTenants && !view.admin) {
    const policy = detail ? 'detail:get_all_tenants' : 'index:get_all_tenants';
    return novaFault(403, `Policy doesn't allow os_compute_api:servers:${policy} to be performed.`);
  }
  let list: readonly SimServer[];
  if (allTenants) {
    const project = q.get('project_id') ?? q.get('tenant_id');
    list = project ? (index.serversByProject.get(project) ?? []) : data.servers;
  } else if (ctx.token.projectId) {
    list = index.serversByProject.get(ctx.token.projectId) ?? [];
  } else {
    // Without all_tenants and without a project (system scope) Nova filters on the user.
    list = data.servers.filter((s) => s.userId === ctx.token.userId);
  }
  let since: number | null = null;
  if (q.has('changes-since')) {
    since = parseIso(q.get('changes-since')!);
    if (since === null) return invalid('changes-since', q.get('changes-since')!);
  }
  let before: number | null = null;
  if (view.minor >= 66 && q.has('changes-before')) {
    before = parseIso(q.get('changes-before')!);
    if (before === null) return invalid('changes-before', q.get('changes-before')!);
  }
  const onlyDeleted = view.admin && parseBool(q.get('deleted') ?? '') === true;
  const status = q.get('status')?.toUpperCase();
  const userId = q.get('user_id');
  const name = q.get('name');
  return list.filter((s) => {
    if (onlyDeleted ? !s.deleted : s.deleted && since === null && before === null) return false;
    if (since !== null && s.updatedMs < since) return false;
    if (before !== null && s.updatedMs > before) return false;
    if (status && s.api.status !== status) return false;
    if (userId && s.userId !== userId) return false;
    if (name && !(s.api.name as string).includes(name)) return false;
    return true;
  });
}

export function listServers(detail: boolean) {
  return (ctx: Ctx, _params: string[], view: NovaView): Reply => {
    const selected = select(ctx, view, detail);
    if (!Array.isArray(selected)) return selected as Reply;
    const limit = parseLimit(ctx.query.get('limit'), MAX_LIMIT);
    if (limit === null)
      return novaFault(400, `Invalid input for query parameters limit. Value: ${ctx.query.get('limit')}.`);
    const marker = ctx.query.get('marker');
    const page = pageAfter(selected, marker, limit);
    if (!page) return novaFault(400, `marker [${marker}] not found`);
    const path = detail ? 'servers/detail' : 'servers';
    const last = page[page.length - 1];
    // Nova adds `next` whenever the page is full, even when nothing follows.
    const links =
      last && page.length === limit
        ? [{ rel: 'next', href: `${ctx.origin}/compute/v2.1/${path}?${withMarker(ctx.query, last.id)}` }]
        : null;
    const items = page.map((s) =>
      detail
        ? renderServer(ctx.state, s, view)
        : JSON.stringify({
            id: s.id,
            name: s.api.name,
            links: [
              { rel: 'self', href: `${ctx.state.baseUrl}/compute/v2.1/servers/${s.id}` },
              { rel: 'bookmark', href: `${ctx.state.baseUrl}/compute/servers/${s.id}` },
            ],
          }),
    );
    return raw(200, renderList(ctx.state, 'servers', page, items, links), 'application/json');
  };
}

export function showServer(ctx: Ctx, [id]: string[], view: NovaView): Reply {
  const server = ctx.state.index.servers.get(id!);
  // Deleted servers are 404 even for admins; other projects' servers are 404 for members.
  if (!server || server.deleted || (!view.admin && server.projectId !== ctx.token.projectId)) {
    return novaFault(404, `Instance ${id} could not be found.`);
  }
  const text = renderServer(ctx.state, server, view);
  if (ctx.state.faults.malformation(server.id) === 'non-json') {
    return raw(200, `{"server": ${text.slice(0, 80)}`, 'application/json');
  }
  return json(200, `{"server":${text}}`);
}

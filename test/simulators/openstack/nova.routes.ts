/** Nova (compute) at `/compute/v2.1`. */
import { json, novaFault, type Ctx, type Reply } from './http.js';
import type { Json } from './model.js';
import { novaRoute } from './nova.context.js';
import { flavorExtraSpecs, listFlavors, showFlavor } from './nova.flavors.js';
import type { NovaView } from './nova.render.js';
import { listServers, showServer } from './nova.servers.js';
import { allUsage, projectUsage } from './nova.usage.js';
import type { Route } from './router.js';

function version(ctx: Ctx): Json {
  return {
    id: 'v2.1',
    status: 'CURRENT',
    version: '2.93',
    min_version: '2.1',
    updated: '2013-07-23T11:33:21Z',
    links: [
      { rel: 'self', href: `${ctx.origin}/compute/v2.1/` },
      { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
  };
}

const NETWORK_QUOTAS = ['fixed_ips', 'floating_ips', 'security_group_rules', 'security_groups'];
const FILE_QUOTAS = ['injected_file_content_bytes', 'injected_file_path_bytes', 'injected_files'];

function quotas(ctx: Ctx, [project]: string[], view: NovaView): Reply {
  if (!view.admin && ctx.token.projectId !== project) {
    return novaFault(403, "Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.");
  }
  const seeded = ctx.state.data.quotas[project!];
  // Nova does not check the project exists: an unknown one gets the defaults.
  const set: Json = { ...(seeded ?? ctx.state.data.quotas[ctx.state.data.projects[0]!.id]), id: project };
  for (const key of view.minor >= 36 ? NETWORK_QUOTAS : []) delete set[key];
  for (const key of view.minor >= 57 ? FILE_QUOTAS : []) delete set[key];
  return json(200, { quota_set: set });
}

const V21 = '/compute/v2\\.1';
const r = (path: string) => new RegExp(`^${V21}/${path}$`);
export const novaRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/compute\/v2\.1\/?$/,
    auth: false,
    handle: (ctx) => json(200, { version: version(ctx) }),
  },
  {
    method: 'GET',
    pattern: /^\/compute\/?$/,
    auth: false,
    handle: (ctx) => json(200, { versions: [version(ctx)] }),
  },
  novaRoute(r('servers/detail'), listServers(true)),
  novaRoute(r('servers'), listServers(false)),
  novaRoute(r('servers/([^/]+)'), showServer),
  novaRoute(r('flavors/detail'), listFlavors(true)),
  novaRoute(r('flavors'), listFlavors(false)),
  novaRoute(r('flavors/([^/]+)'), showFlavor),
  novaRoute(r('flavors/([^/]+)/os-extra_specs'), flavorExtraSpecs),
  novaRoute(r('os-simple-tenant-usage'), allUsage),
  novaRoute(r('os-simple-tenant-usage/([^/]+)'), projectUsage),
  novaRoute(r('os-quota-sets/([^/]+)'), quotas),
];

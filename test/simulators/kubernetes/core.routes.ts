/** The core v1 resources: lists, watches and single objects of nodes, namespaces and pods. */
import { json, notFound, type Reply } from './http.js';
import { listReply } from './list.handler.js';
import type { ResourceName } from './model.js';
import { KINDS, withKind } from './resources.js';
import type { Route, SimContext } from './sim.context.js';
import { watchReply } from './watch.hub.js';

const isWatch = (q: URLSearchParams) => ['true', '1'].includes(q.get('watch') ?? '');

function collection(
  sim: SimContext,
  resource: ResourceName,
  namespace: string | null,
  q: URLSearchParams,
): Reply {
  return isWatch(q) ? watchReply(sim, resource, namespace, q) : listReply(sim, resource, namespace, q);
}

function one(sim: SimContext, resource: ResourceName, key: string, name: string): Reply {
  const record = sim.state.stores[resource].get(key);
  if (!record) return notFound(resource, name);
  return json(200, withKind(KINDS[resource].kind, 'v1', KINDS[resource].json(sim.render, record)));
}

export const coreRoutes: Route[] = [
  {
    pattern: /^\/api\/v1\/(nodes|namespaces|pods)$/,
    handle: (sim, [resource], q) => collection(sim, resource as ResourceName, null, q),
  },
  {
    pattern: /^\/api\/v1\/namespaces\/([^/]+)\/pods$/,
    handle: (sim, [ns], q) => collection(sim, 'pods', ns!, q),
  },
  {
    pattern: /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/,
    handle: (sim, [ns, name]) => one(sim, 'pods', `${ns!}/${name!}`, name!),
  },
  {
    pattern: /^\/api\/v1\/(nodes|namespaces)\/([^/]+)$/,
    handle: (sim, [resource, name]) => one(sim, resource as ResourceName, name!, name!),
  },
];

/** The v3 endpoints: API root, clusters, nodes and node pools, as collections and by id. */
import { collection } from './collection.js';
import { json, normanError, type Reply } from './http.js';
import type { Json, SeededRancher } from './model.js';
import { render, type Resource } from './render.js';
import type { FaultInjector } from './fault-injector.js';

export interface SimState {
  /** `http(s)://127.0.0.1:<port>`: the base of every link. */
  baseUrl: string;
  data: SeededRancher;
  faults: FaultInjector;
  /** Rancher ≤ 2.14: `/v3/nodepools` exists. */
  nodePools: boolean;
}

export interface Ctx {
  /** The request URL with the simulator's origin. */
  url: URL;
  state: SimState;
}

export interface Route {
  pattern: RegExp;
  handle(ctx: Ctx, params: string[]): Reply;
}

interface Kind {
  resource: Resource;
  items: (data: SeededRancher) => Json[];
  filterable: string[];
  /** What Kubernetes calls the backing object, for 404 messages. */
  crd: string;
}

const COMMON = ['id', 'name', 'state', 'created', 'removed', 'uuid', 'transitioning', 'creatorId'];
const CLUSTERS: Kind = {
  resource: 'cluster',
  items: (d) => d.clusters,
  filterable: [...COMMON, 'driver', 'provider', 'internal', 'description', 'apiEndpoint'],
  crd: 'clusters.management.cattle.io',
};
const NODES: Kind = {
  resource: 'node',
  items: (d) => d.nodes,
  filterable: [
    ...COMMON,
    'clusterId',
    'nodeName',
    'nodePoolId',
    'hostname',
    'controlPlane',
    'etcd',
    'worker',
  ],
  crd: 'nodes.management.cattle.io',
};
const POOLS: Kind = {
  resource: 'nodePool',
  items: (d) => d.nodePools,
  filterable: [...COMMON, 'clusterId', 'hostnamePrefix', 'displayName'],
  crd: 'nodepools.management.cattle.io',
};

function list(kind: Kind, ctx: Ctx): Reply {
  const { baseUrl, faults } = ctx.state;
  const items = kind.items(ctx.state.data).map((i) => render(kind.resource, i, baseUrl, faults));
  const env = { resourceType: kind.resource, self: ctx.url, filterable: kind.filterable };
  return json(200, collection(items, ctx.url.searchParams, env));
}

function byId(kind: Kind, ctx: Ctx, id: string): Reply {
  const item = kind.items(ctx.state.data).find((i) => i.id === id);
  if (!item) return normanError(404, `${kind.crd} "${id.split(':').pop()}" not found`);
  return json(200, render(kind.resource, item, ctx.state.baseUrl, ctx.state.faults));
}

const noPools = (ctx: Ctx): Reply | null =>
  ctx.state.nodePools ? null : normanError(404, 'the server could not find the requested resource');

export const routes: Route[] = [
  {
    pattern: /^\/v3\/?$/,
    handle: ({ state }) => {
      const v3 = `${state.baseUrl}/v3`;
      const links: Json = { self: v3, root: v3, clusters: `${v3}/clusters`, nodes: `${v3}/nodes` };
      if (state.nodePools) links.nodePools = `${v3}/nodePools`;
      const apiVersion = { group: 'management.cattle.io', path: '/v3', version: 'v3' };
      return json(200, { id: 'v3', type: 'apiRoot', baseType: 'apiRoot', apiVersion, links });
    },
  },
  { pattern: /^\/v3\/clusters\/?$/, handle: (ctx) => list(CLUSTERS, ctx) },
  { pattern: /^\/v3\/clusters\/([^/]+)$/, handle: (ctx, [id]) => byId(CLUSTERS, ctx, id!) },
  { pattern: /^\/v3\/nodes\/?$/, handle: (ctx) => list(NODES, ctx) },
  { pattern: /^\/v3\/nodes\/([^/]+)$/, handle: (ctx, [id]) => byId(NODES, ctx, id!) },
  { pattern: /^\/v3\/nodepools\/?$/i, handle: (ctx) => noPools(ctx) ?? list(POOLS, ctx) },
  { pattern: /^\/v3\/nodepools\/([^/]+)$/i, handle: (ctx, [id]) => noPools(ctx) ?? byId(POOLS, ctx, id!) },
];

export function dispatch(ctx: Ctx, path: string): Reply {
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (m)
      return route.handle(
        ctx,
        m.slice(1).map((p) => decodeURIComponent(p ?? '')),
      );
  }
  return normanError(404, 'not found');
}

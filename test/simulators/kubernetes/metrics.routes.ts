/** `metrics.k8s.io/v1beta1`: NodeMetrics and PodMetrics lists (streamed) and single objects. */
import { batched, json, notFound, status, writeAll, type Reply } from './http.js';
import { select, parseQuery } from './list.handler.js';
import type { Json, NodeRecord, PodRecord } from './model.js';
import { SelectorError } from './selectors.js';
import type { Route, SimContext } from './sim.context.js';
import { nodeMetrics, podMetrics, scrapeAt } from './metrics.usage.js';

const GV = 'metrics.k8s.io/v1beta1';

function list(
  sim: SimContext,
  resource: 'nodes' | 'pods',
  namespace: string | null,
  q: URLSearchParams,
): Reply {
  let records;
  try {
    records = select(parseQuery(sim, resource, namespace, q), sim.state.stores[resource].all());
  } catch (err) {
    if (err instanceof SelectorError) return status(400, err.message);
    throw err;
  }
  const s = scrapeAt(sim.state.nowMs());
  const kind = resource === 'nodes' ? 'NodeMetricsList' : 'PodMetricsList';
  function* parts(): Generator<string> {
    yield `{"kind":"${kind}","apiVersion":"${GV}","metadata":{},"items":[`;
    let first = true;
    for (const r of records!) {
      const item =
        resource === 'nodes'
          ? nodeMetrics(sim.render, r as NodeRecord, s)
          : podMetrics(sim.render, r as PodRecord, s);
      if (!item) continue;
      yield (first ? '' : ',') + JSON.stringify(item);
      first = false;
    }
    yield ']}\n';
  }
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    compressible: records.length >= 100,
    stream: async (res) => {
      if (await writeAll(res, batched(parts()))) res.end();
    },
  };
}

function one(item: Json | null, kind: string, resource: string, name: string): Reply {
  if (!item) return notFound(`${resource}.metrics.k8s.io`, name);
  return json(200, { kind, apiVersion: GV, ...item });
}

export const metricsRoutes: Route[] = [
  {
    pattern: /^\/apis\/metrics\.k8s\.io\/v1beta1\/(nodes|pods)$/,
    handle: (sim, [resource], q) => list(sim, resource as 'nodes' | 'pods', null, q),
  },
  {
    pattern: /^\/apis\/metrics\.k8s\.io\/v1beta1\/namespaces\/([^/]+)\/pods$/,
    handle: (sim, [ns], q) => list(sim, 'pods', ns!, q),
  },
  {
    pattern: /^\/apis\/metrics\.k8s\.io\/v1beta1\/nodes\/([^/]+)$/,
    handle: (sim, [name]) => {
      const n = sim.state.stores.nodes.get(name!);
      return one(
        n ? nodeMetrics(sim.render, n, scrapeAt(sim.state.nowMs())) : null,
        'NodeMetrics',
        'nodes',
        name!,
      );
    },
  },
  {
    pattern: /^\/apis\/metrics\.k8s\.io\/v1beta1\/namespaces\/([^/]+)\/pods\/([^/]+)$/,
    handle: (sim, [ns, name]) => {
      const p = sim.state.stores.pods.get(`${ns!}/${name!}`);
      return one(
        p ? podMetrics(sim.render, p, scrapeAt(sim.state.nowMs())) : null,
        'PodMetrics',
        'pods',
        name!,
      );
    },
  },
];

/** Served copies of the seeded objects: links and actions for this simulator's URL, faults applied. */
import type { FaultInjector } from './fault-injector.js';
import type { Json } from './model.js';

export type Resource = 'cluster' | 'node' | 'nodePool';

const COLLECTION: Record<Resource, string> = { cluster: 'clusters', node: 'nodes', nodePool: 'nodePools' };

function linksOf(resource: Resource, item: Json, base: string): { links: Json; actions: Json } {
  const self = `${base}/v3/${COLLECTION[resource]}/${encodeURIComponent(item.id as string)}`;
  const links: Json = { self, update: self, remove: self };
  const action = (name: string) => `${self}?action=${name}`;
  if (resource === 'cluster') {
    links.nodes = `${base}/v3/nodes?clusterId=${item.id as string}`;
    links.nodePools = `${base}/v3/nodePools?clusterId=${item.id as string}`;
    const actions = ['generateKubeconfig', 'exportYaml', 'importYaml'];
    return { links, actions: Object.fromEntries(actions.map((a) => [a, action(a)])) };
  }
  links.cluster = `${base}/v3/clusters/${item.clusterId as string}`;
  if (resource === 'nodePool') links.nodes = `${base}/v3/nodes?nodePoolId=${item.id as string}`;
  if (resource === 'nodePool') return { links, actions: {} };
  const actions = [item.unschedulable ? 'uncordon' : 'cordon', 'drain', 'stopDrain', 'scaledown'];
  return { links, actions: Object.fromEntries(actions.map((a) => [a, action(a)])) };
}

export function render(resource: Resource, item: Json, base: string, faults: FaultInjector): Json {
  const copy = structuredClone(item);
  Object.assign(copy, linksOf(resource, item, base));
  switch (faults.itemMalformation(item.id as string)) {
    case 'bad-quantity':
      copy.requested = { ...(copy.requested as Json), cpu: 'abc' };
      break;
    case 'no-id':
      delete copy.id;
      break;
    case 'wrong-types':
      Object.assign(copy, { nodeCount: 'three', conditions: {}, state: 7 });
      break;
  }
  return copy;
}

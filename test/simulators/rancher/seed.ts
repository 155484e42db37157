/**
 * Seeds a Rancher server: clusters of every kind (model.ts), their nodes and node pools, and the
 * totals Rancher would compute from those nodes. Deterministic: same options → same data.
 */
import { createRng } from '../openstack/prng.js';
import { aggregateCluster } from './aggregate.js';
import { apiKey, uniqueIds } from './ids.js';
import {
  CLUSTER_KINDS,
  type ClusterKind,
  type Json,
  type RancherSimulatorOptions,
  type SeededRancher,
} from './model.js';
import { clusterObject, planCluster } from './seed-clusters.js';
import { seedNodes } from './seed-nodes.js';

export function seedRancher(options: RancherSimulatorOptions): SeededRancher {
  if (!Number.isInteger(options.clusters) || options.clusters < 1)
    throw new RangeError(`clusters must be an integer ≥ 1, got ${options.clusters}`);
  if (!Number.isInteger(options.nodes) || options.nodes < 1)
    throw new RangeError(`nodes must be an integer ≥ 1, got ${options.nodes}`);
  const rng = createRng(`${options.seed}:rancher`);
  const newId = uniqueIds(rng);
  // Drawn first, so that the data does not change with or without an explicit token.
  const seededToken = apiKey(rng);
  const data: SeededRancher = {
    now: options.now,
    token: options.token ?? seededToken,
    clusters: [],
    nodes: [],
    nodePools: [],
    kinds: {},
  };
  const special = CLUSTER_KINDS.filter((k) => k !== 'generic');
  for (let i = 0; i < options.clusters; i++) {
    const kind: ClusterKind = special[i] ?? 'generic';
    const plan = planCluster(rng, i + 1, kind, newId, options.now);
    const cluster: Json = clusterObject(rng, plan);
    const { nodes, pools } = seedNodes(rng, plan, options.nodes, newId, options.nodePools);
    aggregateCluster(cluster, nodes);
    data.clusters.push(cluster);
    data.nodes.push(...nodes);
    data.nodePools.push(...pools);
    data.kinds[plan.id] = kind;
  }
  return data;
}

/**
 * Read access to the simulator's current state for tests: the objects as the API serves them
 * (list item shape, without `kind`/`apiVersion`), cheap counts, node facts, and what Rancher would
 * compute. Rendering every pod is slow at 150,000: prefer `countPods` and filters there.
 */
import type { ClusterState } from './cluster.state.js';
import type { NodeChurn } from './churn.nodes.js';
import type { Json, NodeRecord, PodPhase, PodRecord } from './model.js';
import { rancherCluster, rancherNodes, type RancherCluster, type RancherNode } from './rancher.expected.js';
import type { RenderContext } from './render.context.js';
import { objectOf } from './resources.js';

export interface PodFilter {
  namespace?: string;
  /** `''` selects unscheduled pods. */
  nodeName?: string;
  phase?: PodPhase;
}

export interface NodeFacts {
  name: string;
  index: number;
  roles: readonly string[];
  ready: 'True' | 'False' | 'Unknown';
  unschedulable: boolean;
  pressure: string | null;
  os: 'linux' | 'windows';
  instanceType: string;
  gpus: number;
  /** Serving a malformed quantity (faults.malformedQuantity). */
  malformed: { resource: string; value: string } | null;
}

export interface ClusterData {
  /** The seeded "now" (`now` option): seeded times are before it, churn times after. */
  readonly now: Date;
  resourceVersion(): string;
  /** Watches and continue tokens from before this resourceVersion get 410. */
  compactedResourceVersion(): string;
  readonly nodeCount: number;
  readonly podCount: number;
  nodeNames(): string[];
  node(name: string): Json | undefined;
  nodes(): Json[];
  nodeFacts(name?: string): NodeFacts[];
  namespaceNames(): string[];
  namespaces(): Json[];
  pod(namespace: string, name: string): Json | undefined;
  pods(filter?: PodFilter): Json[];
  countPods(filter?: PodFilter): number;
  /** `namespace/name` keys of the matching pods, in list order. */
  podKeys(filter?: PodFilter): string[];
  /** Rancher's per-node numbers (§3.5): requested/limits by Rancher's rule, counted or not. */
  rancherNodes(): RancherNode[];
  /** Rancher's cluster sums (§3.5). */
  rancherCluster(): RancherCluster;
}

export function clusterData(
  state: ClusterState,
  render: RenderContext,
  nodes: NodeChurn,
  seedNow: Date,
): ClusterData {
  const match = (f: PodFilter) => (p: PodRecord) =>
    (f.namespace === undefined || p.namespace === f.namespace) &&
    (f.phase === undefined || p.phase === f.phase) &&
    (f.nodeName === undefined || (p.node < 0 ? '' : render.nodeNames[p.node]) === f.nodeName);
  const pods = (f: PodFilter = {}) => state.stores.pods.all().filter(match(f));
  const facts = (n: NodeRecord): NodeFacts => ({
    name: n.name,
    index: n.index,
    roles: n.roles,
    ready: n.ready,
    unschedulable: n.unschedulable,
    pressure: n.pressure,
    os: n.os,
    instanceType: n.type.name,
    gpus: n.type.gpus,
    malformed: n.malformed,
  });
  return {
    now: seedNow,
    resourceVersion: () => String(state.resourceVersion),
    compactedResourceVersion: () => String(state.history.compactedRv),
    get nodeCount() {
      return state.stores.nodes.size;
    },
    get podCount() {
      return state.stores.pods.size;
    },
    nodeNames: () => state.stores.nodes.all().map((n) => n.name),
    node: (name) => {
      const n = state.stores.nodes.get(name);
      return n && objectOf(render, 'nodes', n);
    },
    nodes: () => state.stores.nodes.all().map((n) => objectOf(render, 'nodes', n)),
    nodeFacts: (name) => nodes.byIndex.filter((n) => name === undefined || n.name === name).map(facts),
    namespaceNames: () => state.stores.namespaces.all().map((n) => n.name),
    namespaces: () => state.stores.namespaces.all().map((n) => objectOf(render, 'namespaces', n)),
    pod: (namespace, name) => {
      const p = state.stores.pods.get(`${namespace}/${name}`);
      return p && objectOf(render, 'pods', p);
    },
    pods: (f) => pods(f).map((p) => objectOf(render, 'pods', p)),
    countPods: (f) => pods(f).length,
    podKeys: (f) => pods(f).map((p) => p.key),
    rancherNodes: () => rancherNodes(nodes.byIndex, state.stores.pods.all()),
    rancherCluster: () => rancherCluster(nodes.byIndex, rancherNodes(nodes.byIndex, state.stores.pods.all())),
  };
}

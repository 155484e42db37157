import type { ClusterHealth, NodeHealth } from './cluster.model.js';

/**
 * The cluster-health gauges as pure functions of the views. Naming follows rancher-kubernetes §6:
 * prefix `fedwatch_`, base units in the name, `cluster` (the fedwatch cluster id `<source>:<id>`,
 * unique across sources where Rancher's ids are not: every Rancher server has a `local`) on every
 * metric, `node` (the Kubernetes node name, as kube-state-metrics labels it) on node metrics.
 *
 * A series is the item's base labels (`cluster`, or `cluster` and `node`) plus its own: the base
 * object is shared by all series of an item so that the exposition formats it once (5,000 nodes
 * give about 120,000 series per scrape).
 */
export type Labels = Readonly<Record<string, string>>;
export type Series = readonly [own: Labels, value: number];

export interface GaugeSpec<T> {
  name: string;
  help: string;
  /** All label names, base labels first. */
  labelNames: readonly string[];
  series: (item: T) => readonly Series[];
}

const NONE: Labels = Object.freeze({});

/**
 * States Rancher's summary produces (§3.6). Each cluster exports all of them, 1 for the current one
 * and 0 for the rest (a state set), so that `fedwatch_cluster_state{state="active"} == 0` alerts.
 */
export const CLUSTER_STATES = [
  'active',
  'provisioning',
  'updating',
  'upgrading',
  'pending',
  'waiting',
  'removing',
  'unavailable',
  'error',
  'unknown',
] as const;

const one = (value: number): readonly Series[] => [[NONE, value]];

export const CLUSTER_GAUGES: readonly GaugeSpec<ClusterHealth>[] = [
  {
    name: 'fedwatch_cluster_info',
    help: 'A Kubernetes cluster fedwatch watches; the value is always 1.',
    labelNames: ['cluster', 'cluster_id', 'name', 'provider', 'kubernetes_version', 'source'],
    series: (c) => [
      [
        {
          cluster_id: c.clusterId,
          name: c.name,
          provider: c.provider,
          kubernetes_version: c.kubernetesVersion ?? '',
          source: c.sources[0] ?? '',
        },
        1,
      ],
    ],
  },
  {
    name: 'fedwatch_cluster_state',
    help: 'Cluster state as Rancher summarises it: 1 for the current state, 0 for the others.',
    labelNames: ['cluster', 'state'],
    series: (c) => {
      const states: string[] = [...CLUSTER_STATES];
      if (!states.includes(c.state)) states.push(c.state);
      return states.map((state) => [{ state }, state === c.state ? 1 : 0]);
    },
  },
  {
    name: 'fedwatch_cluster_nodes',
    help: 'Nodes of the cluster, all roles (Rancher nodeCount).',
    labelNames: ['cluster'],
    series: (c) => one(c.nodeCount),
  },
  ...resourceGauges<ClusterHealth>('cluster', ' Summed over schedulable workers, as Rancher does.'),
  {
    name: 'fedwatch_cluster_cpu_usage_cores',
    help: 'CPU in use in the cluster now, from metrics.k8s.io (clusters read directly, with metrics-server).',
    labelNames: ['cluster'],
    series: (c) => (c.usage ? one(c.usage.cpuCores) : []),
  },
  {
    name: 'fedwatch_cluster_memory_usage_bytes',
    help: 'Memory in use in the cluster now, from metrics.k8s.io (clusters read directly, with metrics-server).',
    labelNames: ['cluster'],
    series: (c) => (c.usage ? one(c.usage.memoryBytes) : []),
  },
];

const STATUSES = ['true', 'false', 'unknown'] as const;

export const NODE_GAUGES: readonly GaugeSpec<NodeHealth>[] = [
  {
    name: 'fedwatch_node_info',
    help: 'A node of a watched cluster; the value is always 1.',
    labelNames: ['cluster', 'node', 'node_id', 'pool', 'roles'],
    series: (n) => [[{ node_id: n.nodeId, pool: n.pool, roles: n.roles.join(',') }, 1]],
  },
  {
    name: 'fedwatch_node_state',
    help: 'Node state as Rancher summarises it; one series with value 1, for the current state only.',
    labelNames: ['cluster', 'node', 'state'],
    series: (n) => [[{ state: n.state }, 1]],
  },
  {
    name: 'fedwatch_node_condition',
    help: 'Node conditions, kube-state-metrics style: 1 for the status the condition has, 0 for the others.',
    labelNames: ['cluster', 'node', 'condition', 'status'],
    series: (n) => {
      const seen = new Set<string>();
      const out: Series[] = [];
      // Rancher merges its own conditions with Kubernetes' (both have Ready): the first one counts.
      for (const c of n.conditions) {
        if (seen.has(c.type)) continue;
        seen.add(c.type);
        const status = c.status.toLowerCase();
        for (const s of STATUSES) {
          out.push([
            { condition: c.type, status: s },
            s === status || (s === 'unknown' && status !== 'true' && status !== 'false') ? 1 : 0,
          ]);
        }
      }
      return out;
    },
  },
  {
    name: 'fedwatch_node_unschedulable',
    help: '1 when the node is cordoned (spec.unschedulable), else 0.',
    labelNames: ['cluster', 'node'],
    series: (n) => one(n.cordoned ? 1 : 0),
  },
  ...resourceGauges<NodeHealth>('node', ''),
];

/** The base labels of a cluster's series. */
export const clusterLabels = (c: ClusterHealth): Labels => ({ cluster: c.id });

/** The base labels of a node's series: its cluster and its Kubernetes node name. */
export const nodeLabels = (n: NodeHealth): Labels => ({ cluster: n.cluster, node: kubernetesName(n) });

/** The Kubernetes node name when the v3 object has it, else the name `rancher nodes` prints. */
export function kubernetesName(n: NodeHealth): string {
  return n.v3.nodeName || n.name;
}

type Resources = Pick<ClusterHealth, 'cpu' | 'memory' | 'pods'>;

function resourceGauges<T extends Resources>(scope: 'cluster' | 'node', note: string): GaugeSpec<T>[] {
  const labelNames = scope === 'cluster' ? ['cluster'] : ['cluster', 'node'];
  const make = (suffix: string, help: string, value: (r: Resources) => number): GaugeSpec<T> => ({
    name: `fedwatch_${scope}_${suffix}`,
    help: help + note,
    labelNames,
    series: (item) => one(value(item)),
  });
  return [
    make(
      'cpu_requested_cores',
      'CPU requested by pods not yet finished, in cores.',
      (r) => r.cpu.requestedCores,
    ),
    make('cpu_allocatable_cores', 'Allocatable CPU, in cores.', (r) => r.cpu.allocatableCores),
    make(
      'memory_requested_bytes',
      'Memory requested by pods not yet finished, in bytes.',
      (r) => r.memory.requestedBytes,
    ),
    make('memory_allocatable_bytes', 'Allocatable memory, in bytes.', (r) => r.memory.allocatableBytes),
    make(
      'pods_requested',
      'Pods not yet finished (they count against the pod limit).',
      (r) => r.pods.requested,
    ),
    make('pods_allocatable', 'Pods that may be scheduled (the pod limit).', (r) => r.pods.allocatable),
  ];
}

/** One v3 cluster object per kind, before its totals are summed from its nodes (aggregate.ts). */
import type { Rng } from '../openstack/prng.js';
import { ipv4, randomString } from './ids.js';
import type { ClusterKind, ClusterState, Json } from './model.js';
import { applyClusterState } from './states.js';

/** How a cluster's nodes are laid out: see seed-nodes.ts. */
export type NodeStyle = 'local' | 'rke2' | 'k3s' | 'eks' | 'gke' | 'aks';

export interface ClusterPlan {
  kind: ClusterKind;
  /** `local`, `c-m-xxxxxxxx` (provisioned by Rancher) or `c-xxxxx` (imported). */
  id: string;
  name: string;
  driver: string;
  provider: string;
  gitVersion: string;
  state: ClusterState;
  nodeStyle: NodeStyle;
  /** Whether its workers belong to a v3 node pool (Rancher ≤ 2.14). */
  pools: boolean;
  /** Whether nodes report `requested.pods` (the pod-requests annotation may lack it). */
  requestedPods: boolean;
  created: Date;
}

const K8S = { rke2: 'v1.31.4+rke2r1', k3s: 'v1.31.4+k3s1', eks: 'v1.31.3-eks-56e63d8' };
const GENERIC_NAMES = ['research', 'teaching', 'ml', 'web', 'ci', 'data', 'genomics', 'astro'];

type Shape = Pick<ClusterPlan, 'name' | 'driver' | 'provider' | 'gitVersion' | 'nodeStyle' | 'state'>;

const SPECIAL: Record<Exclude<ClusterKind, 'generic'>, Shape> = {
  local: {
    name: 'local',
    driver: 'local',
    provider: 'k3s',
    gitVersion: 'v1.32.1+k3s1',
    nodeStyle: 'local',
    state: 'active',
  },
  rke2: {
    name: 'prod-rke2',
    driver: 'rke2',
    provider: 'rke2',
    gitVersion: K8S.rke2,
    nodeStyle: 'rke2',
    state: 'active',
  },
  'imported-eks': {
    name: '',
    driver: 'imported',
    provider: 'eks',
    gitVersion: K8S.eks,
    nodeStyle: 'eks',
    state: 'updating',
  },
  inactive: {
    name: 'legacy-rke2',
    driver: 'rke2',
    provider: 'rke2',
    gitVersion: 'v1.28.15+rke2r1',
    nodeStyle: 'rke2',
    state: 'inactive',
  },
  k3s: {
    name: 'edge-k3s',
    driver: 'k3s',
    provider: 'k3s',
    gitVersion: K8S.k3s,
    nodeStyle: 'k3s',
    state: 'active',
  },
  removing: {
    name: 'old-lab',
    driver: 'imported',
    provider: 'k3s',
    gitVersion: 'v1.29.9+k3s1',
    nodeStyle: 'k3s',
    state: 'removing',
  },
  'imported-gke': {
    name: 'gke-analytics',
    driver: 'imported',
    provider: 'gke',
    gitVersion: 'v1.31.5-gke.1023000',
    nodeStyle: 'gke',
    state: 'active',
  },
  unavailable: {
    name: 'hpc-rke2',
    driver: 'rke2',
    provider: 'rke2',
    gitVersion: K8S.rke2,
    nodeStyle: 'rke2',
    state: 'unavailable',
  },
};

/** Generic clusters cover the rest of the PROVIDER mapping (§1.4). */
const GENERIC: Omit<Shape, 'name' | 'state'>[] = [
  { driver: 'rke2', provider: 'rke2', gitVersion: K8S.rke2, nodeStyle: 'rke2' },
  { driver: 'k3s', provider: 'k3s', gitVersion: K8S.k3s, nodeStyle: 'k3s' },
  { driver: 'imported', provider: 'rke2', gitVersion: K8S.rke2, nodeStyle: 'rke2' },
  { driver: 'imported', provider: 'k3s', gitVersion: K8S.k3s, nodeStyle: 'k3s' },
  { driver: 'AKS', provider: 'aks', gitVersion: 'v1.30.7', nodeStyle: 'aks' },
  { driver: 'EKS', provider: 'eks', gitVersion: K8S.eks, nodeStyle: 'eks' },
];

export function planCluster(
  rng: Rng,
  index: number,
  kind: ClusterKind,
  newId: (p: string, n: number) => string,
  now: Date,
): ClusterPlan {
  const shape: Shape =
    kind === 'generic'
      ? {
          ...rng.pick(GENERIC),
          name: `${rng.pick(GENERIC_NAMES)}-${index}`,
          state: rng.chance(0.1) ? 'provisioning' : 'active',
        }
      : SPECIAL[kind];
  const provisioned = shape.driver === 'rke2' || shape.driver === 'k3s';
  const id = kind === 'local' ? 'local' : provisioned ? newId('c-m-', 8) : newId('c-', 5);
  return {
    ...shape,
    kind,
    id,
    pools: shape.driver === 'rke2' && (kind === 'rke2' || rng.chance(0.5)),
    requestedPods: kind !== 'imported-eks',
    created: new Date(now.getTime() - rng.int(30, 900) * 86_400_000 - rng.int(0, 86_399_999)),
  };
}

function apiEndpoint(rng: Rng, plan: ClusterPlan): string {
  if (plan.kind === 'local') return 'https://10.43.0.1:443';
  if (plan.provider === 'eks') return `https://${rng.hex(32).toUpperCase()}.gr7.eu-west-1.eks.amazonaws.com`;
  if (plan.provider === 'gke' || plan.provider === 'aks') return `https://${ipv4(rng, 34)}`;
  return `https://${ipv4(rng)}:6443`;
}

/** The v3 cluster (without links, actions and totals). */
export function clusterObject(rng: Rng, plan: ClusterPlan): Json {
  const [major, minor] = plan.gitVersion.replace(/^v/, '').split('.');
  const cluster: Json = {
    id: plan.id,
    type: 'cluster',
    baseType: 'cluster',
    name: plan.name,
    description: '',
    uuid: rng.uuid(),
    created: plan.created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    createdTS: plan.created.getTime(),
    creatorId: plan.kind === 'local' ? null : `user-${randomString(rng, 5)}`,
    labels: { 'provider.cattle.io': plan.provider },
    annotations: {},
    driver: plan.driver,
    provider: plan.provider,
    internal: plan.kind === 'local',
    version: {
      major,
      minor,
      gitVersion: plan.gitVersion,
      gitCommit: rng.hex(40),
      gitTreeState: 'clean',
      goVersion: 'go1.22.10',
      compiler: 'gc',
      platform: '',
      buildDate: '',
    },
    info: {
      machineProvider: plan.driver === 'imported' ? '' : plan.provider,
      kubernetesVersion: plan.gitVersion,
      nodeCount: 0,
      arch: 'amd64',
      provisioningClusterRef: plan.driver === 'imported' ? null : `fleet-default/${plan.name || plan.id}`,
    },
    componentStatuses: [],
    apiEndpoint: apiEndpoint(rng, plan),
    caCert: Buffer.from(`simulated CA of ${plan.id}`).toString('base64'),
    agentImage: 'rancher/rancher-agent:v2.14.3',
  };
  applyClusterState(cluster, plan.state, plan.created);
  return cluster;
}

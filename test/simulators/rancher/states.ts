/**
 * A cluster's `state`, `transitioning`, `transitioningMessage` and `conditions` together, as
 * Rancher's summary derives the first three from the conditions (reference §3.6), so a state set
 * at runtime looks like one Rancher computed.
 */
import type { ClusterState, Json } from './model.js';

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastUpdateTime: string;
  lastTransitionTime?: string;
}

const BASE = [
  'Pending',
  'Provisioned',
  'Waiting',
  'Updated',
  'Ready',
  'AgentDeployed',
  'DefaultProjectCreated',
  'SystemProjectCreated',
  'NoDiskPressure',
  'NoMemoryPressure',
] as const;

/** The condition that is not True in each state, and how; `active` and `inactive` have none. */
const CAUSES: Partial<Record<ClusterState, Omit<Condition, 'lastUpdateTime'>>> = {
  provisioning: {
    type: 'Provisioned',
    status: 'Unknown',
    message: 'waiting for at least one control plane, etcd, and worker node to be registered',
  },
  updating: {
    type: 'Updated',
    status: 'Unknown',
    message: '[Waiting] configuring bootstrap node(s) custom-1a2b3c: waiting for plan to be applied',
  },
  upgrading: { type: 'Upgraded', status: 'Unknown', message: 'upgrading worker nodes' },
  pending: { type: 'Pending', status: 'Unknown', message: 'waiting for cluster agent to connect' },
  waiting: { type: 'Waiting', status: 'Unknown', message: 'Waiting for API to be available' },
  unavailable: {
    type: 'Ready',
    status: 'False',
    reason: 'Disconnected',
    message: 'Cluster agent is not connected',
  },
  error: {
    type: 'Provisioned',
    status: 'False',
    reason: 'Error',
    message: 'failed to provision: rpc error: code = Unavailable',
  },
  removing: { type: 'Removed', status: 'Unknown', message: 'waiting for cluster to be removed' },
};

/** Sets state, transitioning, transitioningMessage, conditions (and `removed`) on a v3 cluster. */
export function applyClusterState(cluster: Json, state: ClusterState, at: Date): void {
  const time = at.toISOString();
  const cause = CAUSES[state];
  const conditions: Condition[] = BASE.map((type) => ({
    type,
    status: state === 'inactive' && type === 'Ready' ? 'Unknown' : 'True',
    lastUpdateTime: time,
  }));
  if (cause) {
    const index = conditions.findIndex((c) => c.type === cause.type);
    const condition = { ...cause, lastUpdateTime: time, lastTransitionTime: time };
    if (index >= 0) conditions[index] = condition;
    else conditions.push(condition);
  }
  cluster.state = state;
  cluster.conditions = conditions;
  const failed = cause?.status === 'False';
  cluster.transitioning = failed ? 'error' : cause ? 'yes' : 'no';
  cluster.transitioningMessage = cause?.message ?? '';
  if (state === 'removing') cluster.removed ??= time;
  else delete cluster.removed;
}

const HEALTHY_REASONS = {
  MemoryPressure: 'KubeletHasSufficientMemory',
  DiskPressure: 'KubeletHasNoDiskPressure',
  PIDPressure: 'KubeletHasSufficientPID',
  NetworkUnavailable: 'RouteCreated',
};

/** Node conditions: Rancher's own plus the Kubernetes ones, Ready as given. */
export function nodeConditions(ready: 'True' | 'False' | 'Unknown', at: Date): Json[] {
  const time = at.toISOString();
  const rancher = ['Initialized', 'Provisioned', 'Registered', 'Saved', 'Updated'].map((type) => ({
    type,
    status: 'True',
    lastUpdateTime: time,
  }));
  const pressure = Object.entries(HEALTHY_REASONS).map(([type, reason]) => ({
    type,
    status: 'False',
    reason,
    lastHeartbeatTime: time,
    lastTransitionTime: time,
  }));
  const readyCondition = {
    type: 'Ready',
    status: ready,
    reason: ready === 'True' ? 'KubeletReady' : 'NodeStatusUnknown',
    message: ready === 'True' ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.',
    lastHeartbeatTime: time,
    lastTransitionTime: time,
  };
  return [...rancher, readyCondition, ...pressure];
}

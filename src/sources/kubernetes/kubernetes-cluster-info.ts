import type { V3Condition } from '../../clusters/cluster.model.js';
import { toBytes, toCores, tryParseQuantity, QuantityParseError } from '../../clusters/quantity.js';
import type { KubernetesVersion } from '../../clusters/rancher-sums.v3.js';
import type { V3State } from '../../clusters/rancher-sums.rules.js';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import type { KubernetesClientState } from './kubernetes-client.port.js';
import type { KubernetesTransport } from './kubernetes-http.js';
import { abortableSleep } from './reflector.types.js';

/** `GET /version` (Rancher stores it as the cluster's `version`). */
export async function fetchVersion(
  transport: KubernetesTransport,
  signal: AbortSignal,
): Promise<KubernetesVersion> {
  const body = (await transport.getJson('/version', {}, signal)) as Record<string, unknown>;
  if (!body || typeof body.gitVersion !== 'string') {
    throw new FedwatchError(
      ErrorCode.SOURCE_MALFORMED,
      `Kubernetes API at ${transport.server.host}: /version has no gitVersion`,
    );
  }
  const version: KubernetesVersion = {};
  for (const key of [
    'major',
    'minor',
    'gitVersion',
    'gitCommit',
    'gitTreeState',
    'goVersion',
    'compiler',
  ] as const) {
    if (typeof body[key] === 'string') version[key] = body[key];
  }
  return version;
}

export interface NodeUsage {
  cpuCores: number;
  memoryBytes: number;
}

/**
 * Live usage summed over the nodes `metrics.k8s.io` reports (§5.5); null when metrics-server is not
 * installed (404) or not ready (503): fedwatch then leaves usage out.
 */
export async function fetchNodeUsage(
  transport: KubernetesTransport,
  signal: AbortSignal,
): Promise<NodeUsage | null> {
  let body: unknown;
  try {
    body = await transport.getJson('/apis/metrics.k8s.io/v1beta1/nodes', {}, signal);
  } catch (err) {
    const status = FedwatchError.is(err) ? err.details.status : undefined;
    if (status === 404 || status === 503) return null;
    throw err;
  }
  const items = (body as { items?: unknown }).items;
  if (!Array.isArray(items)) return null;
  let cpuCores = 0;
  let memoryBytes = 0;
  for (const item of items) {
    const usage = (item as { usage?: Record<string, unknown> }).usage ?? {};
    const cpu = typeof usage.cpu === 'string' ? tryParseQuantity(usage.cpu) : null;
    const memory = typeof usage.memory === 'string' ? tryParseQuantity(usage.memory) : null;
    if (cpu && !(cpu instanceof QuantityParseError)) cpuCores += toCores(cpu);
    if (memory && !(memory instanceof QuantityParseError)) memoryBytes += toBytes(memory);
  }
  return { cpuCores, memoryBytes };
}

export interface ClusterInfoPolling {
  /** 0: never read metrics. */
  metricsIntervalMs: number;
  versionIntervalMs: number;
  now: () => number;
  onVersion(version: KubernetesVersion): void;
  /** Null when metrics are not served (or the last read failed): usage is then left out. */
  onUsage(usage: NodeUsage | null): void;
}

/**
 * The slow loop beside the watches: `/version` at start and every `versionIntervalMs` (every 5 s
 * until it first answers), node metrics every `metricsIntervalMs`. Failures are not reported: the
 * reflectors already report the API server's, and metrics are optional.
 */
export async function pollClusterInfo(
  transport: KubernetesTransport,
  signal: AbortSignal,
  polling: ClusterInfoPolling,
): Promise<void> {
  let versionAt: number | null = null;
  while (!signal.aborted) {
    if (versionAt === null || polling.now() - versionAt >= polling.versionIntervalMs) {
      const version = await fetchVersion(transport, signal).catch(() => null);
      if (version) {
        versionAt = polling.now();
        polling.onVersion(version);
      }
    }
    if (polling.metricsIntervalMs > 0 && !signal.aborted) {
      polling.onUsage(await fetchNodeUsage(transport, signal).catch(() => null));
    }
    const wait =
      polling.metricsIntervalMs > 0
        ? polling.metricsIntervalMs
        : versionAt === null
          ? 5_000
          : polling.versionIntervalMs;
    await abortableSleep(versionAt === null ? Math.min(wait, 5_000) : wait, signal);
  }
}

/** The v3 `state`, `transitioning` and `transitioningMessage` of the watched cluster. */
export function clusterV3State(state: KubernetesClientState, reason: string | null): V3State {
  const message = reason ?? '';
  switch (state) {
    case 'active':
      return { state: 'active', transitioning: 'no', transitioningMessage: '' };
    case 'waiting':
      return { state: 'waiting', transitioning: 'yes', transitioningMessage: message };
    case 'error':
      return { state: 'error', transitioning: 'error', transitioningMessage: message };
    default:
      return { state: 'unavailable', transitioning: 'error', transitioningMessage: message };
  }
}

/** The cluster's `Ready` condition: True when the API answers, False when not, Unknown before. */
export function readyCondition(state: KubernetesClientState, reason: string | null, at: Date): V3Condition {
  const status = state === 'active' || state === 'error' ? 'True' : state === 'waiting' ? 'Unknown' : 'False';
  return {
    type: 'Ready',
    status,
    ...(status !== 'True' && reason ? { message: reason } : {}),
    lastUpdateTime: at.toISOString(),
  };
}

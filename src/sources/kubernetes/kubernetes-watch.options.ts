import type { WatchLogger } from './kubernetes-watch.state.js';
import type { WatchBackoffPolicy } from './watch-backoff.js';

export interface WatchingKubernetesClientOptions {
  /** `limit` of each list page (default 500). */
  pageSize?: number;
  /** Minimum watch `timeoutSeconds` (default 300; each watch asks for a random value up to twice that). */
  watchTimeoutSeconds?: number;
  backoff?: Partial<WatchBackoffPolicy>;
  /** Poll `metrics.k8s.io` this often (default 30 s; 0: never). */
  metricsIntervalMs?: number;
  /** Read `/version` again this often (default 10 min). */
  versionIntervalMs?: number;
  logger?: WatchLogger;
  now?: () => number;
  random?: () => number;
}

export type Resource = 'nodes' | 'pods' | 'namespaces';
export const PATHS: Record<Resource, string> = {
  nodes: '/api/v1/nodes',
  pods: '/api/v1/pods',
  namespaces: '/api/v1/namespaces',
};

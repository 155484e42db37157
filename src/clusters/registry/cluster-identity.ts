import type { V3Cluster } from '../cluster.model.js';

/** fedwatch's id of a cluster or node: `<source>:<id as the source names it>`. */
export function fedwatchId(source: string, id: string): string {
  return `${source}:${id}`;
}

/**
 * The key under which one cluster reached through several sources is recognised: its API server
 * URL (Rancher's `apiEndpoint`, a kubeconfig's `server`), else nothing — names are not unique
 * enough across Rancher servers to merge on.
 */
export function sameClusterKey(cluster: V3Cluster): string | null {
  const endpoint = cluster.apiEndpoint;
  if (typeof endpoint !== 'string' || endpoint === '') return null;
  try {
    const url = new URL(endpoint);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return `${url.protocol}//${url.hostname.toLowerCase()}:${port}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return endpoint;
  }
}

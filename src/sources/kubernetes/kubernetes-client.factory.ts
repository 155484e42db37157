import type { KubernetesCluster } from '../../config/config.types.js';
import { loadKubeAccess } from './kubeconfig.loader.js';
import { KubernetesClientFactory, type KubernetesClient } from './kubernetes-client.port.js';
import { KubernetesHttp } from './kubernetes-http.js';
import { WatchingKubernetesClient, type WatchingKubernetesClientOptions } from './kubernetes-watch.client.js';

export interface KubernetesClientOptions extends WatchingKubernetesClientOptions {
  /** Timeout of one list page, `/version` or metrics request (default 60 s; watches have their own). */
  requestTimeoutMs?: number;
  /** Ask the API server for gzip (default true; see KubernetesHttpOptions.gzip). */
  gzip?: boolean;
}

/**
 * A watching client for one configured cluster entry: its kubeconfig (or in-cluster account)
 * loaded, not started. Throws CONFIG_INVALID when the kubeconfig or context is unusable.
 */
export async function createKubernetesClient(
  cluster: KubernetesCluster,
  options: KubernetesClientOptions = {},
): Promise<WatchingKubernetesClient> {
  const access = await loadKubeAccess(cluster);
  const created: { client?: WatchingKubernetesClient } = {};
  const http = new KubernetesHttp(access, {
    cluster: cluster.name,
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    gzip: options.gzip,
    onAnswer: () => created.client?.noteAnswer(),
  });
  created.client = new WatchingKubernetesClient(cluster.name, http, options);
  return created.client;
}

/** One client per entry for the life of the process; a changed entry replaces (and stops) the old one. */
export class WatchingKubernetesClientFactory extends KubernetesClientFactory {
  private readonly clients = new Map<string, { fingerprint: string; client: Promise<KubernetesClient> }>();

  constructor(private readonly options: KubernetesClientOptions = {}) {
    super();
  }

  forCluster(cluster: KubernetesCluster): Promise<KubernetesClient> {
    const fingerprint = JSON.stringify(cluster);
    const known = this.clients.get(cluster.name);
    if (known?.fingerprint === fingerprint) return known.client;
    known?.client.then((c) => c.stop()).catch(() => undefined);
    const client = createKubernetesClient(cluster, this.options);
    this.clients.set(cluster.name, { fingerprint, client });
    // A failed creation is not kept: the next call tries again (the kubeconfig may be fixed).
    client.catch(() => this.clients.delete(cluster.name));
    return client;
  }

  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map(({ client }) => client.then((c) => c.stop()).catch(() => undefined)));
  }
}

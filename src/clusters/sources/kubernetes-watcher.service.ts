import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.token.js';
import type { AppConfig } from '../../config/config.types.js';
import {
  KubernetesClientFactory,
  type KubernetesClient,
  type KubernetesClientStatus,
} from '../../sources/kubernetes/kubernetes-client.port.js';
import { ClusterRegistry } from '../registry/cluster-registry.service.js';

/**
 * Pushes each watched Kubernetes cluster into the registry. A cluster under churn changes hundreds
 * of times a second; the registry takes its snapshot at most every `PUSH_MS` (the snapshot is built
 * from running sums, but the views above it are rebuilt per push).
 */
export const PUSH_MS = 1_000;

@Injectable()
export class KubernetesWatcher implements OnApplicationBootstrap {
  private readonly logger = new Logger('Clusters');
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly clients = new Map<string, KubernetesClient>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KubernetesClientFactory) private readonly factory: KubernetesClientFactory,
    private readonly registry: ClusterRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const entry of this.config.kubernetes.clusters) {
      try {
        const client = await this.factory.forCluster(entry);
        this.watch(client);
      } catch (err) {
        // A kubeconfig that cannot be read is this cluster's problem, not the service's.
        const reason = err instanceof Error ? err.message : String(err);
        this.registry.fail({
          source: entry.name,
          sourceKind: 'kubernetes',
          observedAt: new Date(),
          state: 'unavailable',
          reason,
        });
      }
    }
  }

  /** The watch state of each Kubernetes cluster (events applied, objects, lists, relists). */
  statuses(): Map<string, KubernetesClientStatus> {
    return new Map([...this.clients].map(([name, client]) => [name, client.status()]));
  }

  private watch(client: KubernetesClient): void {
    this.clients.set(client.name, client);
    let dirty = true;
    let lastStatus: KubernetesClientStatus | null = null;
    const push = () => {
      const status = client.status();
      if (status.state === 'waiting') return;
      if (status.state === 'unavailable' && status.reason) {
        this.registry.fail({
          source: client.name,
          sourceKind: 'kubernetes',
          observedAt: new Date(),
          state: 'unavailable',
          reason: status.reason,
        });
      } else if (dirty || status.state !== lastStatus?.state) {
        this.registry.update(client.snapshot());
      }
      dirty = false;
      lastStatus = status;
    };
    client.onChange(() => (dirty = true));
    client.start();
    // The first full list is pushed at once, so reads right after start see the cluster.
    void client.synced.then(push, () => push());
    const timer = setInterval(() => {
      if (dirty) push();
    }, PUSH_MS);
    timer.unref();
    this.timers.push(timer);
    this.logger.log({ msg: 'watching Kubernetes cluster', cluster: client.name });
  }

  beforeApplicationShutdown(): void {
    for (const t of this.timers) clearInterval(t);
  }
}

import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { MetricsService } from '../observability/metrics.service.js';
import { KubernetesModule } from '../sources/kubernetes/kubernetes.module.js';
import { ClusterSourcesController } from './api/cluster-sources.controller.js';
import { ClustersController } from './api/clusters.controller.js';
import { ClustersGrpcController } from './api/clusters.grpc.controller.js';
import { ClustersService } from './api/clusters.service.js';
import { ClusterMetrics } from './cluster.metrics.js';
import { ClusterRegistry } from './registry/cluster-registry.service.js';
import { KubernetesWatcher } from './sources/kubernetes-watcher.service.js';
import { RancherPoller } from './sources/rancher-poller.service.js';

/** Cluster health: Rancher servers polled, Kubernetes clusters watched, one in-memory model read by all. */
@Module({
  imports: [KubernetesModule],
  controllers: [ClustersController, ClusterSourcesController],
  providers: [ClusterRegistry, ClustersService, ClustersGrpcController, RancherPoller, KubernetesWatcher],
})
export class ClustersModule implements OnModuleInit {
  constructor(
    @Inject(MetricsService) private readonly metrics: MetricsService,
    private readonly registry: ClusterRegistry,
  ) {}

  onModuleInit(): void {
    const registry = this.registry;
    // Rendered at scrape time from the in-memory model; a scrape never calls out to a cluster.
    new ClusterMetrics(this.metrics.registry, {
      clusters: () => registry.current().clusters,
      nodes: () => [...registry.current().nodesByCluster.values()].flat(),
      lastSuccess: () =>
        new Map(
          registry.sources
            .filter((s) => s.snapshot !== null)
            .map((s) => [s.source, s.snapshot!.observedAt] as const),
        ),
    });
  }
}

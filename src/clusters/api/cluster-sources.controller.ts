import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClusterRegistry } from '../registry/cluster-registry.service.js';
import { KubernetesWatcher } from '../sources/kubernetes-watcher.service.js';

/** How each configured Rancher server and Kubernetes cluster is answering: for operators and benchmarks. */
@ApiTags('clusters')
@ApiBearerAuth()
@Controller('api/v1/cluster-sources')
export class ClusterSourcesController {
  constructor(
    private readonly registry: ClusterRegistry,
    private readonly watcher: KubernetesWatcher,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Every configured source: kind, whether it answers, the failure reason, the last good answer and, for ' +
      'a watched Kubernetes cluster, its watch state (objects, events applied, lists and relists).',
  })
  list() {
    const watches = this.watcher.statuses();
    return {
      sources: this.registry.sources.map((s) => {
        const watch = watches.get(s.source);
        return {
          source: s.source,
          kind: s.sourceKind,
          state: s.failure ? s.failure.state : s.snapshot ? 'ok' : 'waiting',
          reason: s.failure?.reason ?? null,
          lastSuccessAt: s.snapshot?.observedAt ?? null,
          clusters: s.snapshot?.clusters.length ?? 0,
          nodes: s.snapshot?.nodes.length ?? 0,
          ...(watch
            ? {
                watch: {
                  state: watch.state,
                  reason: watch.reason,
                  lastEventAt: watch.lastEventAt,
                  eventsProcessed: watch.eventsProcessed,
                  malformedCount: watch.malformedCount,
                  metricsAvailable: watch.metricsAvailable,
                  resources: watch.resources,
                },
              }
            : {}),
        };
      }),
    };
  }
}

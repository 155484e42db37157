import { Injectable, type OnModuleInit } from '@nestjs/common';
import { GrpcServer } from '../../grpc/grpc-server.js';
import { toTimestamp } from '../../grpc/grpc-method.js';
import { toStruct } from '../../grpc/struct.js';
import type { ClusterHealth, NodeHealth, V3Condition } from '../cluster.model.js';
import { ClusterRegistry, type ClusterChange } from '../registry/cluster-registry.service.js';
import { ClustersService } from './clusters.service.js';

/** `fedwatch.v1.ClusterService`: the read model of REST /api/v1/clusters, plus a watch stream. */
@Injectable()
export class ClustersGrpcController implements OnModuleInit {
  constructor(
    private readonly grpc: GrpcServer,
    private readonly clusters: ClustersService,
    private readonly registry: ClusterRegistry,
  ) {}

  onModuleInit(): void {
    this.grpc.register('fedwatch.v1.ClusterService', {
      ListClusters: {
        role: 'read',
        handle: async (req) => ({
          clusters: (
            await this.clusters.list({ source: (req as { source?: string }).source || undefined })
          ).map(clusterMessage),
        }),
      },
      GetCluster: {
        role: 'read',
        handle: async (req) => clusterMessage(await this.clusters.get((req as { id: string }).id)),
      },
      ListNodes: {
        role: 'read',
        handle: async (req) => {
          const r = await this.clusters.nodes((req as { clusterId: string }).clusterId);
          return {
            cluster: clusterMessage(r.cluster),
            nodes: r.nodes.map(nodeMessage),
            nodePools: r.nodePools.map((p) => toStruct(p)),
          };
        },
      },
      WatchClusters: {
        role: 'read',
        stream: (req, send, signal) => this.watch(req as { source?: string }, send, signal),
      },
    });
  }

  private async watch(
    req: { source?: string },
    send: (m: unknown) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const source = req.source || undefined;
    const wanted = (c: ClusterHealth) => source === undefined || c.sources.includes(source);
    // Subscribe before the snapshot so that no change falls between the two.
    const queued: ClusterChange[] = [];
    let ready = false;
    const unsubscribe = this.registry.subscribe((changes) => {
      if (!ready) {
        queued.push(...changes);
        return;
      }
      for (const c of changes) if (wanted(c.cluster)) send(eventMessage(c.type, c.cluster));
    });
    try {
      for (const cluster of await this.clusters.list({ source })) send(eventMessage('SNAPSHOT', cluster));
      for (const c of queued) if (wanted(c.cluster)) send(eventMessage(c.type, c.cluster));
      ready = true;
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      unsubscribe();
    }
  }
}

function eventMessage(type: ClusterChange['type'] | 'SNAPSHOT', cluster: ClusterHealth) {
  return { type, cluster: clusterMessage(cluster) };
}

function conditionMessage(c: V3Condition) {
  return { type: c.type, status: c.status, reason: c.reason ?? '', message: c.message ?? '' };
}

export function clusterMessage(c: ClusterHealth) {
  return {
    id: c.id,
    clusterId: c.clusterId,
    name: c.name,
    state: c.state,
    reason: c.reason ?? '',
    provider: c.provider,
    kubernetesVersion: c.kubernetesVersion ?? '',
    nodeCount: c.nodeCount,
    cpu: { requested: c.cpu.requestedCores, allocatable: c.cpu.allocatableCores },
    memory: { requested: c.memory.requestedBytes, allocatable: c.memory.allocatableBytes },
    pods: { requested: c.pods.requested, allocatable: c.pods.allocatable },
    ...(c.usage ? { usage: { cpuCores: c.usage.cpuCores, memoryBytes: c.usage.memoryBytes } } : {}),
    conditions: c.conditions.map(conditionMessage),
    sources: c.sources,
    lastSeen: toTimestamp(c.lastSeen ? new Date(c.lastSeen) : null),
    v3: toStruct(c.v3),
  };
}

function nodeMessage(n: NodeHealth) {
  return {
    id: n.id,
    nodeId: n.nodeId,
    cluster: n.cluster,
    name: n.name,
    state: n.state,
    pool: n.pool,
    roles: n.roles,
    cordoned: n.cordoned,
    taints: n.taints.map((t) => ({ key: t.key, value: t.value ?? '', effect: t.effect })),
    cpu: { requested: n.cpu.requestedCores, allocatable: n.cpu.allocatableCores },
    memory: { requested: n.memory.requestedBytes, allocatable: n.memory.allocatableBytes },
    pods: { requested: n.pods.requested, allocatable: n.pods.allocatable },
    conditions: n.conditions.map(conditionMessage),
    ready: n.ready,
    v3: toStruct(n.v3),
  };
}

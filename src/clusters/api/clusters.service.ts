import { Injectable } from '@nestjs/common';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import type { ClusterHealth, NodeHealth, V3NodePool } from '../cluster.model.js';
import { ClusterRegistry } from '../registry/cluster-registry.service.js';

export interface ClusterFilter {
  /** Only clusters reached through this configured Rancher server or Kubernetes entry. */
  source?: string;
}

export interface ClusterNodes {
  cluster: ClusterHealth;
  nodes: NodeHealth[];
  /** v3 node pools of the cluster (RKE1, Rancher ≤ 2.14), for the POOL column. */
  nodePools: V3NodePool[];
}

/**
 * The read side of cluster health, shared by REST, gRPC and (through REST) the CLI. Right after
 * start, reads wait for every source's first answer, at most 30 s, so a script can start the
 * service and list clusters at once.
 */
@Injectable()
export class ClustersService {
  constructor(private readonly registry: ClusterRegistry) {}

  async list(filter: ClusterFilter = {}): Promise<ClusterHealth[]> {
    await this.registry.settled();
    const sources = this.registry.sources.map((s) => s.source);
    if (filter.source !== undefined && !sources.includes(filter.source)) {
      throw new FedwatchError(
        ErrorCode.NOT_FOUND,
        `no Rancher server or Kubernetes cluster is configured as "${filter.source}" (configured: ${sources.join(', ') || 'none'})`,
      );
    }
    const clusters = this.registry.current().clusters;
    return filter.source === undefined
      ? clusters
      : clusters.filter((c) => c.sources.includes(filter.source!));
  }

  async get(id: string): Promise<ClusterHealth> {
    await this.registry.settled();
    const view = this.registry.current();
    const resolved = view.resolve(id);
    if (resolved === 'ambiguous') {
      const candidates = view.clusters.filter((c) => c.clusterId === id).map((c) => c.id);
      throw new FedwatchError(
        ErrorCode.INVALID_ARGUMENT,
        `cluster id "${id}" is ambiguous: use one of ${candidates.join(', ')}`,
      );
    }
    const cluster = resolved === null ? undefined : view.clusters.find((c) => c.id === resolved);
    if (!cluster) throw new FedwatchError(ErrorCode.NOT_FOUND, `no cluster "${id}"`);
    return cluster;
  }

  async nodes(id: string): Promise<ClusterNodes> {
    const cluster = await this.get(id);
    const view = this.registry.current();
    return {
      cluster,
      nodes: view.nodesByCluster.get(cluster.id) ?? [],
      nodePools: view.poolsByCluster.get(cluster.id) ?? [],
    };
  }
}

import type { SourceSnapshot } from '../../clusters/cluster.model.js';
import { RancherSumsIndex } from '../../clusters/rancher-sums.index.js';
import { clusterProvider } from '../../clusters/rancher-sums.rules.js';
import { v3Cluster, type KubernetesVersion } from '../../clusters/rancher-sums.v3.js';
import type { FedwatchError } from '../../common/errors/index.js';
import {
  clusterV3State,
  pollClusterInfo,
  readyCondition,
  type NodeUsage,
} from './kubernetes-cluster-info.js';
import {
  KubernetesClient,
  type KubernetesChange,
  type KubernetesClientStatus,
  type KubernetesResourceStatus,
} from './kubernetes-client.port.js';
import type { KubernetesTransport } from './kubernetes-http.js';
import { SlimInterner } from './kubernetes-slim.interner.js';
import { ClientState } from './kubernetes-watch.state.js';
import { namespaceStore, nameKey, nodeStore, podKey, podStore, ProblemTracker } from './kubernetes-stores.js';
import { Reflector, type ReflectorStore } from './reflector.js';
import { PATHS, type Resource, type WatchingKubernetesClientOptions } from './kubernetes-watch.options.js';
import { DEFAULT_WATCH_BACKOFF } from './watch-backoff.js';

export type { WatchingKubernetesClientOptions } from './kubernetes-watch.options.js';

/**
 * A {@link KubernetesClient} over fedwatch's own reflectors (reflector.ts): three list+watch loops
 * feed a {@link RancherSumsIndex}, which keeps the sums current per event, and a slow loop reads
 * `/version` and node metrics. Objects are slimmed on arrival (kubernetes-slim.ts), so memory grows
 * with the number of objects, not their size.
 */
export class WatchingKubernetesClient extends KubernetesClient {
  readonly synced: Promise<void>;
  private readonly index: RancherSumsIndex;
  private readonly namespaces = new Map<string, string>();
  private readonly state: ClientState;
  private readonly problems: ProblemTracker;
  private readonly reflectors: Record<Resource, Reflector>;
  private readonly listeners = new Set<(change: KubernetesChange) => void>();
  private readonly now: () => number;
  private controller: AbortController | null = null;
  private running: Promise<unknown> | null = null;
  private version: KubernetesVersion | null = null;
  private usage: NodeUsage | null = null;
  private lastAnsweredAt: number | null = null;

  constructor(
    readonly name: string,
    private readonly transport: KubernetesTransport,
    private readonly options: WatchingKubernetesClientOptions = {},
  ) {
    super();
    this.now = options.now ?? Date.now;
    this.index = new RancherSumsIndex(name);
    this.problems = new ProblemTracker(
      (found) => this.state.malformedFound(found),
      () => this.state.recheck(),
    );
    this.state = new ClientState(name, this.now, options.logger, this.problems, () =>
      this.emit({ kind: 'status', status: this.status() }),
    );
    this.synced = this.state.synced;
    const interner = new SlimInterner();
    this.reflectors = {
      nodes: this.reflector('nodes', nodeStore(this.index, interner, this.problems), nameKey),
      pods: this.reflector('pods', podStore(this.index, interner, this.problems), podKey),
      namespaces: this.reflector('namespaces', namespaceStore(this.namespaces), nameKey),
    };
  }

  /** For the transport's `onAnswer`: the server answered something. */
  noteAnswer(): void {
    this.lastAnsweredAt = this.now();
  }

  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    const resources = Object.keys(this.reflectors) as Resource[];
    this.running = Promise.all([
      ...resources.map((r) => this.reflectors[r].run(controller.signal, () => this.state.resourceSynced(r))),
      this.pollInfo(controller.signal),
    ]);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.running;
    this.transport.close();
    this.state.stopped();
  }

  snapshot(): SourceSnapshot {
    const totals = this.index.clusterTotals();
    const { state, reason, since } = this.state.current();
    const cluster = v3Cluster({
      clusterId: this.name,
      totals,
      provider: clusterProvider(this.version?.gitVersion, this.index.providers()),
      version: this.version,
      state: clusterV3State(state, reason),
      ready: readyCondition(state, reason, new Date(since)),
      apiEndpoint: this.transport.server.href,
    });
    return {
      source: this.name,
      sourceKind: 'kubernetes',
      observedAt: new Date(this.lastAnsweredAt ?? this.now()),
      clusters: [cluster],
      nodes: this.index.nodeViews(),
      nodePools: [],
      ...(this.usage ? { usage: { [this.name]: { ...this.usage } } } : {}),
    };
  }

  status(): KubernetesClientStatus {
    const { state, reason, errorCode } = this.state.current();
    const resource = (r: Resource, count: number): KubernetesResourceStatus => {
      const { synced, resourceVersion, lists, relists, watches, events } = this.reflectors[r].stats;
      return { synced, count, resourceVersion, lists, relists, watches, events };
    };
    const stats = Object.values(this.reflectors).map((r) => r.stats);
    const lastEventAt = Math.max(...stats.map((s) => s.lastEventAt ?? -Infinity));
    return {
      state,
      reason,
      errorCode,
      lastEventAt: Number.isFinite(lastEventAt) ? new Date(lastEventAt) : null,
      eventsProcessed: this.state.eventsProcessed,
      malformed: this.problems.list(100),
      malformedCount: this.problems.count,
      resources: {
        nodes: resource('nodes', this.index.nodeCount),
        pods: resource('pods', this.index.podCount),
        namespaces: resource('namespaces', this.namespaces.size),
      },
      metricsAvailable: this.usage !== null,
    };
  }

  onChange(listener: (change: KubernetesChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private reflector(
    resource: Resource,
    store: ReflectorStore,
    keyOf: (o: Record<string, unknown>) => string | null,
  ) {
    const kind = resource === 'nodes' ? 'node' : resource === 'pods' ? 'pod' : 'namespace';
    return new Reflector(this.transport, store, {
      resource,
      path: PATHS[resource],
      pageSize: this.options.pageSize ?? 500,
      watchTimeoutSeconds: this.options.watchTimeoutSeconds ?? 300,
      backoff: { ...DEFAULT_WATCH_BACKOFF, ...this.options.backoff },
      keyOf,
      onChange: (type, name) => {
        this.state.eventApplied();
        if (this.listeners.size > 0) this.emit({ kind, type, name });
      },
      onError: (error: FedwatchError) => this.state.failed(resource, error),
      onHealthy: () => this.state.healthy(resource),
      onUnkeyed: () =>
        this.problems.set(`${resource}:?`, [
          { object: `${kind}/?`, field: 'metadata.name', problem: 'missing' },
        ]),
      random: this.options.random,
      now: this.now,
    });
  }

  private pollInfo(signal: AbortSignal): Promise<void> {
    return pollClusterInfo(this.transport, signal, {
      metricsIntervalMs: this.options.metricsIntervalMs ?? 30_000,
      versionIntervalMs: this.options.versionIntervalMs ?? 600_000,
      now: this.now,
      onVersion: (version) => {
        this.version = version;
        this.emit({ kind: 'version' });
      },
      onUsage: (usage) => {
        const changed = usage !== null || this.usage !== null;
        this.usage = usage;
        if (changed) this.emit({ kind: 'usage' });
      },
    });
  }

  private emit(change: KubernetesChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        this.options.logger?.warn({
          msg: 'Kubernetes change listener failed',
          cluster: this.name,
          error: String(err),
        });
      }
    }
  }
}

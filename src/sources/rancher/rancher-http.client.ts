import { readFileSync } from 'node:fs';
import type { V3Cluster, V3Node, V3NodePool } from '../../clusters/cluster.model.js';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import type { RancherServer } from '../../config/config.types.js';
import type { RetryPolicy } from '../openstack/http/retry-policy.js';
import {
  RancherClient,
  type Listing,
  type RancherResource,
  type RancherSnapshot,
} from './rancher-client.port.js';
import { readCollection, validateItems } from './rancher-collection.js';
import { malformedError, rejectedError, type ServerRef } from './rancher-errors.js';
import { RancherHttp } from './rancher-http.js';
import { apiRoot, listUrl, nextPageUrl } from './rancher-query.js';

export interface HttpRancherClientOptions {
  /** Page size (`limit`); default -1, everything in one page, as the CLI asks. */
  pageSize?: number;
  retry?: Partial<RetryPolicy>;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Hard stop for a server that keeps sending `next` links. */
const MAX_PAGES = 10_000;

/** The Rancher adapter over HTTP: one per configured server, keep-alive sockets reused across polls. */
export class HttpRancherClient extends RancherClient {
  readonly name: string;
  private readonly ref: ServerRef;
  private readonly root: URL;
  private readonly http: RancherHttp;
  private readonly pageSize: number;
  private readonly now: () => Date;

  /** Throws CONFIG_INVALID when the CA bundle cannot be read. */
  constructor(server: RancherServer, options: HttpRancherClientOptions = {}) {
    super();
    this.name = server.name;
    this.ref = { name: server.name, token: server.token };
    this.root = apiRoot(server.url);
    this.pageSize = options.pageSize ?? -1;
    this.now = options.now ?? (() => new Date());
    this.http = new RancherHttp({
      server: this.ref,
      timeoutMs: server.timeoutSeconds * 1000,
      caPem: server.caBundle ? readCaBundle(server) : null,
      retry: options.retry,
      sleep: options.sleep,
      random: options.random,
    });
  }

  async listClusters(): Promise<Listing<V3Cluster>> {
    return (await this.list<V3Cluster>('cluster', 'clusters'))!;
  }

  async listNodes(clusterId?: string): Promise<Listing<V3Node>> {
    return (await this.list<V3Node>('node', 'nodes', clusterId))!;
  }

  async listNodePools(clusterId?: string): Promise<Listing<V3NodePool>> {
    return (
      (await this.list<V3NodePool>('nodePool', 'nodepools', clusterId, true)) ?? { items: [], malformed: [] }
    );
  }

  async snapshot(): Promise<RancherSnapshot> {
    // Side by side, but a failure is reported in a fixed order (clusters, nodes, pools), not as
    // whichever request failed first: the reason a failing server shows stays the same poll to poll.
    const settled = await Promise.allSettled([
      this.listClusters(),
      this.listNodes(),
      this.list<V3NodePool>('nodePool', 'nodepools', undefined, true),
    ] as const);
    for (const result of settled) if (result.status === 'rejected') throw result.reason;
    const [clusters, nodes, pools] = settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
      Listing<V3Cluster>,
      Listing<V3Node>,
      Listing<V3NodePool> | null,
    ];
    const ids = new Set(clusters.items.map((c) => c.id));
    return {
      source: this.name,
      sourceKind: 'rancher',
      observedAt: this.now(),
      clusters: clusters.items,
      nodes: nodes.items.filter((n) => ids.has(n.clusterId as string)),
      nodePools: (pools?.items ?? []).filter((p) => ids.has(p.clusterId as string)),
      malformed: [...clusters.malformed, ...nodes.malformed, ...(pools?.malformed ?? [])],
      nodePoolsServed: pools !== null,
    };
  }

  async close(): Promise<void> {
    this.http.close();
  }

  /** Every page of a collection; null when `optional` and the server has no such collection (404). */
  private async list<T>(
    resource: RancherResource,
    collection: string,
    clusterId?: string,
    optional = false,
  ): Promise<Listing<T> | null> {
    const raw: unknown[] = [];
    const seen = new Set<string>();
    let url: URL | null = listUrl(this.root, collection, { limit: this.pageSize, clusterId });
    while (url) {
      if (seen.has(url.href) || seen.size >= MAX_PAGES) {
        const why = `pagination does not end (page ${seen.size + 1} repeats or exceeds ${MAX_PAGES})`;
        throw malformedError(this.ref, url, why);
      }
      seen.add(url.href);
      const res = await this.http.get(url, {
        Accept: 'application/json',
        Authorization: `Bearer ${this.ref.token}`,
      });
      if (res.status === 404 && optional && seen.size === 1) return null;
      if (res.status !== 200) throw rejectedError(this.ref, url, res.status, res.body);
      let body: unknown;
      try {
        body = JSON.parse(res.body);
      } catch (err) {
        throw malformedError(
          this.ref,
          url,
          `not JSON (Content-Type ${res.headers['content-type'] ?? 'none'})`,
          err,
        );
      }
      const page = readCollection(body);
      if (typeof page === 'string') throw malformedError(this.ref, url, page);
      raw.push(...page.data);
      url = page.next ? nextPageUrl(page.next, this.root) : null;
    }
    return validateItems<T>(resource, raw);
  }
}

function readCaBundle(server: RancherServer): string {
  try {
    return readFileSync(server.caBundle as string, 'utf8');
  } catch (err) {
    throw new FedwatchError(
      ErrorCode.CONFIG_INVALID,
      `Rancher server ${server.name}: caBundle ${server.caBundle} cannot be read: ${(err as Error).message}`,
      { server: server.name, caBundle: server.caBundle },
      { cause: err },
    );
  }
}

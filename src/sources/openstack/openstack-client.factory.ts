import { readFileSync } from 'node:fs';
import type { Registry } from 'prom-client';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import type { OpenStackCredential, OpenStackSite, OpenStackVo } from '../../config/config.types.js';
import { OpenStackHttp } from './http/openstack-http.js';
import type { RetryPolicy } from './http/retry-policy.js';
import type { OpenStackClient } from './openstack-client.port.js';
import { HttpOpenStackClient } from './openstack-http.client.js';

/** The clients of one site: its system credential's and one per configured VO credential. */
export interface SiteClients {
  /** The site-wide credential's client; null when the site only has per-VO credentials. */
  site: OpenStackClient | null;
  /** One per `vos[]` entry, in configuration order; each reads only its VO's project. */
  vos: { vo: OpenStackVo; client: OpenStackClient }[];
}

/**
 * Port that hands out the clients of a site. The HTTP implementation keeps them (and so their
 * tokens and keep-alive sockets) for the life of the process; a fake hands out in-memory clients.
 */
export abstract class OpenStackClientFactory {
  abstract forSite(site: OpenStackSite): SiteClients;
  abstract close(): Promise<void>;
}

export interface HttpOpenStackClientFactoryOptions {
  /** Where `fedwatch_openstack_request_duration_seconds` is registered (MetricsService.registry). */
  registry?: Registry;
  retry?: Partial<RetryPolicy>;
  /** Concurrent requests per endpoint; default: the site's `maxConcurrency`. */
  maxConcurrency?: number;
  pageSize?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class HttpOpenStackClientFactory extends OpenStackClientFactory {
  private readonly sites = new Map<
    string,
    { fingerprint: string; http: OpenStackHttp; clients: SiteClients }
  >();

  constructor(private readonly options: HttpOpenStackClientFactoryOptions = {}) {
    super();
  }

  /**
   * The same clients for the same site entry on every call (tokens and sockets are reused across
   * runs); new ones when the entry changed. Throws CONFIG_INVALID when the CA bundle is unreadable.
   */
  forSite(site: OpenStackSite): SiteClients {
    const fingerprint = JSON.stringify(site);
    const known = this.sites.get(site.name);
    if (known?.fingerprint === fingerprint) return known.clients;
    known?.http.close();
    const http = new OpenStackHttp({
      timeoutMs: site.timeoutSeconds * 1000,
      maxConcurrency: this.options.maxConcurrency ?? site.maxConcurrency,
      caPem: site.caBundle ? readCaBundle(site) : null,
      retry: this.options.retry,
      registry: this.options.registry,
      sleep: this.options.sleep,
      now: this.options.now,
    });
    const client = (label: string, credential: OpenStackCredential) =>
      new HttpOpenStackClient({
        label,
        http,
        authUrl: site.authUrl,
        credential,
        endpoint: { interface: site.interface, region: site.region },
        pageSize: this.options.pageSize,
        now: this.options.now,
      });
    const clients: SiteClients = {
      site: site.credential ? client(site.name, site.credential) : null,
      vos: site.vos.map((vo) => ({ vo, client: client(`${site.name}/vo ${vo.name}`, vo.credential) })),
    };
    this.sites.set(site.name, { fingerprint, http, clients });
    return clients;
  }

  async close(): Promise<void> {
    for (const { http } of this.sites.values()) http.close();
    this.sites.clear();
  }
}

function readCaBundle(site: OpenStackSite): string {
  try {
    return readFileSync(site.caBundle as string, 'utf8');
  } catch (err) {
    throw new FedwatchError(
      ErrorCode.CONFIG_INVALID,
      `OpenStack site ${site.name}: caBundle ${site.caBundle} cannot be read: ${(err as Error).message}`,
      { site: site.name, caBundle: site.caBundle },
      { cause: err },
    );
  }
}

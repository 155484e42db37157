import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { APP_CONFIG } from '../config/config.token.js';
import type { AppConfig } from '../config/config.types.js';
import { DiscoveryStore } from './discovery-store.port.js';
import type { DiscoveryState, StoredDocument } from './discovery.types.js';

/** An endpoint's state as REST, gRPC and the CLI show it; `builtAt` null before the first build. */
export type EndpointStatus = DiscoveryState;

const BUILD_HINT =
  'the discovery job builds one every 30 minutes by default; build now with `fedwatch jobs run discovery`';

/**
 * The read side: the configured endpoints' latest documents and their status. Only configured
 * endpoints count: a row left from an endpoint removed from the configuration is not served.
 */
@Injectable()
export class DiscoveryReadService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'openstack'>,
    @Inject(DiscoveryStore) private readonly store: DiscoveryStore,
  ) {}

  /** Names of the configured endpoints, in configuration order. */
  endpoints(): string[] {
    return this.config.openstack.sites.map((s) => s.name);
  }

  /** Every configured endpoint, built or not yet. */
  async status(): Promise<EndpointStatus[]> {
    const stored = new Map((await this.store.states()).map((s) => [s.endpoint, s]));
    return this.config.openstack.sites.map(
      (site) =>
        stored.get(site.name) ?? {
          endpoint: site.name,
          siteName: site.siteName,
          endpointUrl: site.authUrl,
          builtAt: null,
          etag: null,
          counts: null,
          problems: [],
          publishedBuiltAt: null,
          publishedAt: null,
          publishedMessageId: null,
          failure: null,
        },
    );
  }

  /**
   * The latest valid document of `endpoint`, which may be left out when only one endpoint is
   * configured. NOT_FOUND before the first build (with the last failure, if any), INVALID_ARGUMENT
   * when several endpoints are configured and none is named.
   */
  async document(endpoint?: string): Promise<StoredDocument> {
    const name = this.resolve(endpoint);
    const document = await this.store.document(name);
    if (document) return document;
    const state = (await this.store.states()).find((s) => s.endpoint === name);
    const failed = state?.failure ? `; the last build failed: ${state.failure.message}` : '';
    throw new FedwatchError(
      ErrorCode.NOT_FOUND,
      `no GLUE document has been built for endpoint ${name} yet (${BUILD_HINT})${failed}`,
      { endpoint: name },
    );
  }

  private resolve(endpoint: string | undefined): string {
    const names = this.endpoints();
    if (endpoint) {
      if (names.includes(endpoint)) return endpoint;
      throw new FedwatchError(
        ErrorCode.NOT_FOUND,
        `no OpenStack endpoint named ${endpoint} is configured (configured: ${names.join(', ') || 'none'})`,
        { endpoint },
      );
    }
    if (names.length === 1) return names[0];
    if (names.length === 0) {
      throw new FedwatchError(
        ErrorCode.NOT_FOUND,
        'no OpenStack endpoint is configured (openstack.sites): there is no GLUE document to serve',
      );
    }
    throw new FedwatchError(
      ErrorCode.INVALID_ARGUMENT,
      `${names.length} OpenStack endpoints are configured (${names.join(', ')}): choose one with ` +
        'endpoint=<name> (CLI: --endpoint <name>)',
      { endpoints: names },
    );
  }
}

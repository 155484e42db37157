import { ErrorCode, FedwatchError } from '../../../common/errors/index.js';
import { header, type OpenStackHttp } from '../http/openstack-http.js';
import type { TokenDetails, TokenScope } from '../openstack-client.port.js';
import {
  endpointName,
  malformedError,
  rejectedError,
  serviceName,
  type ServiceLabel,
} from '../openstack-errors.js';
import { offeredEndpoints, selectEndpoint, type EndpointChoice, type ServiceKind } from './catalog.js';
import type { KeystoneSession } from './keystone-session.js';

export interface GetOptions {
  headers?: Record<string, string>;
  /** Statuses that mean "nothing there" for this call: the result is null instead of an error. */
  nullOn?: readonly number[];
}

/**
 * Authenticated GETs against the services of one credential's catalog: adds the token, re-issues it
 * exactly once on a 401, maps final 4xx to SOURCE_REJECTED and non-JSON bodies to SOURCE_MALFORMED.
 */
export class ServiceRequester {
  constructor(
    private readonly http: OpenStackHttp,
    private readonly session: KeystoneSession,
    private readonly choice: EndpointChoice,
  ) {}

  async scope(): Promise<TokenScope> {
    return (await this.session.token()).scope;
  }

  async tokenDetails(): Promise<TokenDetails> {
    const { scope, projectDomainName, catalog } = await this.session.token();
    return { scope, projectDomainName, catalog };
  }

  /** The Identity v3 root (the configured auth URL). */
  identity(path: string): URL {
    return new URL(`${this.session.identity.href}${path}`);
  }

  /** The catalog endpoint of a service for the configured interface and region. */
  async endpoint(kind: ServiceKind): Promise<URL> {
    const { catalog } = await this.session.token();
    const url = selectEndpoint(catalog, kind, this.choice);
    if (url) return new URL(url.replace(/\/+$/, ''));
    const offered = offeredEndpoints(catalog, kind);
    throw new FedwatchError(
      ErrorCode.SOURCE_REJECTED,
      `the Keystone catalog at ${endpointName(this.session.identity)} has no ${kind} endpoint for interface ` +
        `${this.choice.interface}${this.choice.region ? ` in region ${this.choice.region}` : ''}` +
        (offered.length ? ` (offered: ${offered.join(', ')})` : ''),
      { service: kind, reason: 'no-endpoint', offered },
    );
  }

  async getJson(service: ServiceLabel, url: URL, options: GetOptions = {}): Promise<unknown> {
    const send = (token: string) =>
      this.http.send({ service, method: 'GET', url, headers: { ...options.headers, 'X-Auth-Token': token } });
    let token = await this.session.token();
    let response = await send(token.value);
    if (response.status === 401) {
      this.session.invalidate(token.value);
      token = await this.session.token();
      response = await send(token.value);
      if (response.status === 401) {
        throw new FedwatchError(
          ErrorCode.SOURCE_REJECTED,
          `${serviceName(service)} at ${endpointName(url)} rejected a freshly issued Keystone token (HTTP 401)`,
          { service, endpoint: endpointName(url), status: 401 },
        );
      }
    }
    if (options.nullOn?.includes(response.status)) return null;
    if (response.status < 200 || response.status >= 300) {
      throw rejectedError(
        service,
        url,
        response.status,
        response.body,
        header(response, 'x-openstack-request-id'),
      );
    }
    try {
      return JSON.parse(response.body) as unknown;
    } catch (err) {
      throw malformedError(service, url, `body is not JSON (HTTP ${response.status})`, err);
    }
  }
}

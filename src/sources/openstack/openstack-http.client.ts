import type { OpenStackCredential } from '../../config/config.types.js';
import type { EndpointChoice } from './auth/catalog.js';
import { identityRoot, KeystoneSession } from './auth/keystone-session.js';
import { ServiceRequester } from './auth/service-requester.js';
import type { OpenStackHttp } from './http/openstack-http.js';
import {
  OpenStackClient,
  type ListOptions,
  type Listing,
  type ProjectSelection,
  type TokenDetails,
  type TokenScope,
} from './openstack-client.port.js';
import type {
  CinderVolume,
  GlanceImage,
  KeystoneProject,
  KeystoneUser,
  NeutronFloatingIp,
  NovaFlavor,
  NovaQuotaSet,
  NovaServer,
  NovaServerUsage,
  NovaVersionDocument,
} from './openstack.types.js';
import { CinderReader } from './readers/cinder.reader.js';
import { GlanceReader } from './readers/glance.reader.js';
import { KeystoneReader } from './readers/keystone.reader.js';
import { NeutronReader } from './readers/neutron.reader.js';
import { NovaReader } from './readers/nova.reader.js';

/** Nova's default `osapi_max_limit`: the biggest page most clouds serve. */
export const DEFAULT_PAGE_SIZE = 1000;

export interface HttpOpenStackClientOptions {
  label: string;
  /** The site's shared transport (agents, CA, timeout, retries, concurrency bound, metrics). */
  http: OpenStackHttp;
  authUrl: string;
  credential: OpenStackCredential;
  endpoint: EndpointChoice;
  pageSize?: number;
  now?: () => number;
}

/** The OpenStack adapter over HTTP: one per credential, many per site sharing one transport. */
export class HttpOpenStackClient extends OpenStackClient {
  readonly label: string;
  private readonly requester: ServiceRequester;
  private readonly keystone: KeystoneReader;
  private readonly nova: NovaReader;
  private readonly glance: GlanceReader;
  private readonly neutron: NeutronReader;
  private readonly cinder: CinderReader;

  constructor(options: HttpOpenStackClientOptions) {
    super();
    this.label = options.label;
    const session = new KeystoneSession(
      options.http,
      identityRoot(options.authUrl),
      options.credential,
      options.now,
    );
    this.requester = new ServiceRequester(options.http, session, options.endpoint);
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.keystone = new KeystoneReader(this.requester);
    this.nova = new NovaReader(this.requester, pageSize);
    this.glance = new GlanceReader(this.requester, pageSize);
    this.neutron = new NeutronReader(this.requester, pageSize);
    this.cinder = new CinderReader(this.requester, pageSize);
  }

  scope(): Promise<TokenScope> {
    return this.requester.scope();
  }

  tokenDetails(): Promise<TokenDetails> {
    return this.requester.tokenDetails();
  }

  listProjects(selection: ProjectSelection): Promise<Listing<KeystoneProject>> {
    return this.keystone.listProjects(selection);
  }

  getUser(userId: string): Promise<KeystoneUser | null> {
    return this.keystone.getUser(userId);
  }

  listServersChangedSince(
    projectId: string,
    since: Date,
    options?: ListOptions,
  ): Promise<Listing<NovaServer>> {
    return this.nova.listServers(projectId, { ...options, changesSince: since });
  }

  listServers(projectId: string, options?: ListOptions): Promise<Listing<NovaServer>> {
    return this.nova.listServers(projectId, options);
  }

  getServer(serverId: string): Promise<NovaServer | null> {
    return this.nova.getServer(serverId);
  }

  listUsage(
    projectId: string,
    start: Date,
    end: Date,
    options?: ListOptions,
  ): Promise<Listing<NovaServerUsage>> {
    return this.nova.listUsage(projectId, start, end, options);
  }

  getNovaVersion(): Promise<NovaVersionDocument | null> {
    return this.nova.getVersion();
  }

  getQuotas(projectId: string): Promise<NovaQuotaSet | null> {
    return this.nova.getQuotas(projectId);
  }

  listFlavors(options?: ListOptions): Promise<Listing<NovaFlavor>> {
    return this.nova.listFlavors(options);
  }

  listImages(filters?: Record<string, string>, options?: ListOptions): Promise<Listing<GlanceImage>> {
    return this.glance.listImages(filters, options);
  }

  listFloatingIps(projectId: string, options?: ListOptions): Promise<Listing<NeutronFloatingIp>> {
    return this.neutron.listFloatingIps(projectId, options);
  }

  listVolumes(
    projectId: string,
    options?: ListOptions & { updatedSince?: Date },
  ): Promise<Listing<CinderVolume>> {
    return this.cinder.listVolumes(projectId, options);
  }
}

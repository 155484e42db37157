import type { OpenStackSite } from '../../src/config/config.types.js';
import {
  OpenStackClientFactory,
  type SiteClients,
} from '../../src/sources/openstack/openstack-client.factory.js';
import {
  OpenStackClient,
  type ListOptions,
  type Listing,
  type MalformedItem,
  type ProjectSelection,
  type TokenDetails,
  type TokenScope,
} from '../../src/sources/openstack/openstack-client.port.js';
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
} from '../../src/sources/openstack/openstack.types.js';
import type { CatalogService } from '../../src/sources/openstack/auth/catalog.js';

/** The in-memory cloud behind one or more fake clients. */
export interface FakeCloud {
  projects: KeystoneProject[];
  users: KeystoneUser[];
  /** Every server, deleted ones included (status DELETED); `tenant_id` is the project. */
  servers: NovaServer[];
  /** Ids `getServer` answers 404 for although they are in `servers` (Nova hides deleted servers). */
  hidden?: string[];
  usages: Record<string, NovaServerUsage[]>;
  images: GlanceImage[];
  flavors?: NovaFlavor[];
  floatingIps: NeutronFloatingIp[];
  volumes: Record<string, CinderVolume[]>;
  /** Reports added to a project's server listings. */
  malformedServers?: Record<string, MalformedItem[]>;
  /** Project id → Nova quota set; projects without one answer null (as Nova's 403). */
  quotas?: Record<string, NovaQuotaSet>;
  /** Nova's version document; default 2.1–2.93. */
  novaVersion?: NovaVersionDocument | null;
  /** The token catalog; default none. */
  catalog?: CatalogService[];
  /** `token.project.domain.name` of project-scoped tokens; default `Default`. */
  projectDomainName?: string;
}

export type FakeMethod = Exclude<keyof OpenStackClient, 'label'>;

export interface FakeCall {
  method: FakeMethod;
  args: unknown[];
}

/**
 * An in-memory `OpenStackClient` over a `FakeCloud`: records every call, can fail any method
 * (`failWith`) and delay every call (`delayMs`) so tests can count concurrent work.
 */
export class FakeOpenStackClient extends OpenStackClient {
  readonly calls: FakeCall[] = [];
  readonly failures = new Map<FakeMethod, (args: unknown[]) => Error | undefined>();
  inFlight = 0;
  maxInFlight = 0;

  constructor(
    private readonly cloud: FakeCloud,
    private readonly tokenScope: TokenScope = { kind: 'system' },
    readonly label = 'fake',
    private readonly delayMs = 0,
  ) {
    super();
  }

  failWith(method: FakeMethod, error: Error | ((args: unknown[]) => Error | undefined)): this {
    this.failures.set(method, typeof error === 'function' ? error : () => error);
    return this;
  }

  count(method: FakeMethod, firstArg?: unknown): number {
    return this.calls.filter((c) => c.method === method && (firstArg === undefined || c.args[0] === firstArg))
      .length;
  }

  scope(): Promise<TokenScope> {
    return this.call('scope', [], () => this.tokenScope);
  }

  tokenDetails(): Promise<TokenDetails> {
    return this.call('tokenDetails', [], () => ({
      scope: this.tokenScope,
      projectDomainName:
        this.tokenScope.kind === 'project' ? (this.cloud.projectDomainName ?? 'Default') : null,
      catalog: this.cloud.catalog ?? [],
    }));
  }

  listProjects(selection: ProjectSelection): Promise<Listing<KeystoneProject>> {
    return this.call('listProjects', [selection], () => {
      const all = this.cloud.projects;
      if (selection.select === 'ids') return listing(all.filter((p) => selection.ids.includes(p.id)));
      if (selection.select === 'tag') return listing(all.filter((p) => p.tags?.includes(selection.tag)));
      return listing(all);
    });
  }

  getUser(userId: string): Promise<KeystoneUser | null> {
    return this.call('getUser', [userId], () => this.cloud.users.find((u) => u.id === userId) ?? null);
  }

  listServersChangedSince(
    projectId: string,
    since: Date,
    options?: ListOptions,
  ): Promise<Listing<NovaServer>> {
    return this.call('listServersChangedSince', [projectId, since, options], () =>
      listing(
        this.cloud.servers.filter(
          (s) => s.tenant_id === projectId && Date.parse(s.updated) >= since.getTime(),
        ),
        this.cloud.malformedServers?.[projectId],
      ),
    );
  }

  listServers(projectId: string, options?: ListOptions): Promise<Listing<NovaServer>> {
    return this.call('listServers', [projectId, options], () =>
      listing(this.cloud.servers.filter((s) => s.tenant_id === projectId && s.status !== 'DELETED')),
    );
  }

  getServer(serverId: string): Promise<NovaServer | null> {
    return this.call('getServer', [serverId], () =>
      this.cloud.hidden?.includes(serverId)
        ? null
        : (this.cloud.servers.find((s) => s.id === serverId) ?? null),
    );
  }

  listUsage(
    projectId: string,
    start: Date,
    end: Date,
    options?: ListOptions,
  ): Promise<Listing<NovaServerUsage>> {
    return this.call('listUsage', [projectId, start, end, options], () =>
      listing(this.cloud.usages[projectId] ?? []),
    );
  }

  getNovaVersion(): Promise<NovaVersionDocument | null> {
    return this.call('getNovaVersion', [], () =>
      this.cloud.novaVersion === undefined
        ? { id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1' }
        : this.cloud.novaVersion,
    );
  }

  getQuotas(projectId: string): Promise<NovaQuotaSet | null> {
    return this.call('getQuotas', [projectId], () => this.cloud.quotas?.[projectId] ?? null);
  }

  listFlavors(options?: ListOptions): Promise<Listing<NovaFlavor>> {
    return this.call('listFlavors', [options], () => listing(this.cloud.flavors ?? []));
  }

  listImages(filters?: Record<string, string>, options?: ListOptions): Promise<Listing<GlanceImage>> {
    // Glance filters by equality on any property (`status=active`, custom ones too).
    const matches = (image: GlanceImage) =>
      Object.entries(filters ?? {}).every(([key, value]) => String(image[key]) === value);
    return this.call('listImages', [filters, options], () => listing(this.cloud.images.filter(matches)));
  }

  listFloatingIps(projectId: string, options?: ListOptions): Promise<Listing<NeutronFloatingIp>> {
    return this.call('listFloatingIps', [projectId, options], () =>
      listing(this.cloud.floatingIps.filter((f) => f.project_id === projectId)),
    );
  }

  listVolumes(
    projectId: string,
    options?: ListOptions & { updatedSince?: Date },
  ): Promise<Listing<CinderVolume>> {
    return this.call('listVolumes', [projectId, options], () => listing(this.cloud.volumes[projectId] ?? []));
  }

  private async call<T>(method: FakeMethod, args: unknown[], answer: () => T): Promise<T> {
    this.calls.push({ method, args });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const failure = this.failures.get(method)?.(args);
      if (failure) throw failure;
      return structuredClone(answer());
    } finally {
      this.inFlight--;
    }
  }
}

function listing<T>(items: T[], malformed: MalformedItem[] = []): Listing<T> {
  return { items, malformed };
}

/** Hands out fixed clients per site name. */
export class FakeOpenStackClientFactory extends OpenStackClientFactory {
  closed = false;

  constructor(private readonly sites: Record<string, SiteClients | (() => SiteClients)>) {
    super();
  }

  forSite(site: OpenStackSite): SiteClients {
    const entry = this.sites[site.name];
    if (!entry) throw new Error(`no fake clients for site ${site.name}`);
    return typeof entry === 'function' ? entry() : entry;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

import type { CatalogService } from './auth/catalog.js';
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

/** Which Keystone projects to read: the `projects` section of an OpenStack site. */
export type ProjectSelection =
  { select: 'all' } | { select: 'ids'; ids: readonly string[] } | { select: 'tag'; tag: string };

/** What a token may read: every project (system scope) or the one project it is bound to. */
export type TokenScope = { kind: 'system' } | { kind: 'project'; projectId: string; projectName: string };

/** What the current token says about itself beyond its scope (openstack.md §1.1). */
export interface TokenDetails {
  scope: TokenScope;
  /** `token.project.domain.name`; null for system scope or when Keystone leaves it out. */
  projectDomainName: string | null;
  /** The token's service catalog. */
  catalog: readonly CatalogService[];
}

/** An item of a list response that does not have the shape fedwatch relies on. */
export interface MalformedItem {
  /** The item's `id` when it has a string one, else `#<index>` in the listing. */
  id: string;
  /** Dotted path of the first offending field, e.g. `flavor.vcpus`. */
  field: string;
  problem: string;
}

/**
 * A list read from OpenStack. Items of the wrong shape are left out of `items` and reported in
 * `malformed`, so one broken server never hides the others (the caller decides what to warn).
 */
export interface Listing<T> {
  items: T[];
  malformed: MalformedItem[];
}

export interface ListOptions {
  /** `limit` of each page; defaults to the client's page size (1,000, Nova's default maximum). */
  pageSize?: number;
}

/**
 * Port to one OpenStack cloud as seen by ONE credential (a site's system-scoped credential, or a
 * VO's application credential bound to its project). Adapters authenticate, page, retry and
 * translate failures into `FedwatchError` codes: `SOURCE_UNREACHABLE` (network, timeout, 5xx/429
 * after retries), `SOURCE_REJECTED` (credentials refused, 4xx), `SOURCE_MALFORMED` (body not JSON or
 * not the documented shape). Reference: `shared/reference/openstack.md`.
 */
export abstract class OpenStackClient {
  /** A short label for logs and errors, e.g. `site-a` or `site-a/vo fedcloud.egi.eu`. */
  abstract readonly label: string;

  /** Authenticates (or reuses the token) and tells what the credential may read. */
  abstract scope(): Promise<TokenScope>;

  /** Like `scope()`, plus the project's domain and the catalog (discovery publishes both). */
  abstract tokenDetails(): Promise<TokenDetails>;

  /**
   * Keystone projects: by ids (unknown or unreadable ids are left out), by tag (`?tags=`), or all
   * readable ones (`/v3/projects` when system-scoped, `/v3/auth/projects` otherwise).
   */
  abstract listProjects(selection: ProjectSelection): Promise<Listing<KeystoneProject>>;

  /** `GET /v3/users/{id}`; null when forbidden (403) or unknown (404). */
  abstract getUser(userId: string): Promise<KeystoneUser | null>;

  /** Nova servers of a project whose `updated` ≥ `since`, deleted ones included (`changes-since`). */
  abstract listServersChangedSince(
    projectId: string,
    since: Date,
    options?: ListOptions,
  ): Promise<Listing<NovaServer>>;

  /** Every live (not deleted) server of a project. */
  abstract listServers(projectId: string, options?: ListOptions): Promise<Listing<NovaServer>>;

  /** `GET /servers/{id}`; null on 404 (Nova answers 404 for deleted servers, even to admins). */
  abstract getServer(serverId: string): Promise<NovaServer | null>;

  /** All `os-simple-tenant-usage` entries of a project for `[start, end)`, every page. */
  abstract listUsage(
    projectId: string,
    start: Date,
    end: Date,
    options?: ListOptions,
  ): Promise<Listing<NovaServerUsage>>;

  /** Nova's version document (`GET /v2.1/`); null when Nova answers 404. */
  abstract getNovaVersion(): Promise<NovaVersionDocument | null>;

  /**
   * A project's Nova quota set at the base microversion (every key, network ones included); null
   * when forbidden (403: a project token asking for another project) or unknown (404).
   */
  abstract getQuotas(projectId: string): Promise<NovaQuotaSet | null>;

  /** Public and private flavors with their extra specs (microversion 2.61). */
  abstract listFlavors(options?: ListOptions): Promise<Listing<NovaFlavor>>;

  /** Glance images the credential can see (`visibility=all`), plus any extra filters. */
  abstract listImages(filters?: Record<string, string>, options?: ListOptions): Promise<Listing<GlanceImage>>;

  /** Neutron floating IPs held by a project (always filtered by `project_id`). */
  abstract listFloatingIps(projectId: string, options?: ListOptions): Promise<Listing<NeutronFloatingIp>>;

  /**
   * The live Cinder volume list of a project (deleted volumes are never listed). `updatedSince`
   * narrows it with `updated_at=gte:` (microversion 3.60; Cinder has no `changes-since`).
   */
  abstract listVolumes(
    projectId: string,
    options?: ListOptions & { updatedSince?: Date },
  ): Promise<Listing<CinderVolume>>;
}

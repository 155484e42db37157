import type { z } from 'zod';
import type { ServiceRequester } from '../auth/service-requester.js';
import type { Listing } from '../openstack-client.port.js';
import type {
  NovaFlavor,
  NovaQuotaSet,
  NovaServer,
  NovaServerUsage,
  NovaVersionDocument,
} from '../openstack.types.js';
import { malformedError } from '../openstack-errors.js';
import { listAt, nextFromLinks, readAllPages, type PagedRead } from '../pagination.js';
import { checkItem, checkItems, schemas } from './openstack.schemas.js';
import { buildUrl, isoUtc, naiveUtc, projectFilter } from './query.js';

/**
 * 2.61: servers embed their flavor (≥ 2.47, survives flavor deletion), flavors carry extra specs
 * (2.61), and os-simple-tenant-usage is paginated (≥ 2.40), so a project with more servers than one
 * page loses none.
 */
export const COMPUTE_MICROVERSION = '2.61';
const HEADERS = {
  'OpenStack-API-Version': `compute ${COMPUTE_MICROVERSION}`,
  'X-OpenStack-Nova-API-Version': COMPUTE_MICROVERSION,
};

/** Nova v2.1 (openstack.md §2). */
export class NovaReader {
  constructor(
    private readonly requester: ServiceRequester,
    private readonly pageSize: number,
  ) {}

  async listServers(
    projectId: string,
    options: { changesSince?: Date; pageSize?: number } = {},
  ): Promise<Listing<NovaServer>> {
    const [endpoint, scope] = await Promise.all([this.requester.endpoint('compute'), this.requester.scope()]);
    const first = buildUrl(endpoint, '/servers/detail', {
      ...projectFilter(scope, projectId),
      'changes-since': options.changesSince && isoUtc(options.changesSince),
      limit: options.pageSize ?? this.pageSize,
    });
    const raw = await this.allPages(endpoint, first, 'servers_links', (body, url) =>
      listAt('compute', body, 'servers', url),
    );
    return checkItems(schemas.server, raw);
  }

  async getServer(serverId: string): Promise<NovaServer | null> {
    const url = buildUrl(
      await this.requester.endpoint('compute'),
      `/servers/${encodeURIComponent(serverId)}`,
    );
    const body = await this.requester.getJson('compute', url, { headers: HEADERS, nullOn: [404] });
    if (body === null) return null;
    const checked = checkItem(schemas.server, (body as { server?: unknown }).server, serverId);
    if (!checked.ok) {
      const { id, field, problem } = checked.malformed;
      throw malformedError('compute', url, `server ${id}: ${field}: ${problem}`);
    }
    return checked.value;
  }

  async listUsage(
    projectId: string,
    start: Date,
    end: Date,
    options: { pageSize?: number } = {},
  ): Promise<Listing<NovaServerUsage>> {
    const endpoint = await this.requester.endpoint('compute');
    const first = buildUrl(endpoint, `/os-simple-tenant-usage/${encodeURIComponent(projectId)}`, {
      start: naiveUtc(start),
      end: naiveUtc(end),
      limit: options.pageSize ?? this.pageSize,
    });
    const raw = await this.allPages(endpoint, first, 'tenant_usage_links', serverUsages);
    return checkItems(schemas.usage, raw, 'instance_id');
  }

  async listFlavors(options: { pageSize?: number } = {}): Promise<Listing<NovaFlavor>> {
    const endpoint = await this.requester.endpoint('compute');
    const first = buildUrl(endpoint, '/flavors/detail', {
      is_public: 'None',
      limit: options.pageSize ?? this.pageSize,
    });
    const raw = await this.allPages(endpoint, first, 'flavors_links', (body, url) =>
      listAt('compute', body, 'flavors', url),
    );
    return checkItems(schemas.flavor, raw);
  }

  /** `GET <compute root>/` → `version` (openstack.md §2). */
  async getVersion(): Promise<NovaVersionDocument | null> {
    const url = new URL(`${versionRoot(await this.requester.endpoint('compute')).href}/`);
    const body = await this.requester.getJson('compute', url, { nullOn: [404] });
    if (body === null) return null;
    return this.checked(schemas.novaVersion, field(body, 'version'), url, 'version');
  }

  /**
   * `os-quota-sets/{project}` without a microversion: from 2.36 Nova drops the network quotas and
   * from 2.57 the file ones, which cloud-info-provider (base 2.1) publishes.
   */
  async getQuotas(projectId: string): Promise<NovaQuotaSet | null> {
    const endpoint = await this.requester.endpoint('compute');
    const url = buildUrl(endpoint, `/os-quota-sets/${encodeURIComponent(projectId)}`);
    const body = await this.requester.getJson('compute', url, { nullOn: [403, 404] });
    if (body === null) return null;
    return this.checked(schemas.quotaSet, field(body, 'quota_set'), url, 'quota_set');
  }

  private checked<T>(schema: z.ZodType<T>, value: unknown, url: URL, key: string): T {
    const checked = checkItem(schema, value, key);
    if (checked.ok) return checked.value;
    const { field: at, problem } = checked.malformed;
    throw malformedError('compute', url, `${key}: ${at}: ${problem}`);
  }

  /** Every page of a Nova listing, following the `…_links` `next` hrefs. */
  private allPages(
    endpoint: PagedRead['base'],
    first: URL,
    linksKey: string,
    items: (body: unknown, url: URL) => unknown[],
  ): Promise<unknown[]> {
    return readAllPages(this.requester, {
      service: 'compute',
      first,
      base: endpoint,
      headers: HEADERS,
      page: (body, url) => ({ items: items(body, url), next: nextFromLinks(field(body, linksKey)) }),
    });
  }
}

function field(body: unknown, key: string): unknown {
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
}

/**
 * The version root of a catalog URL. Old catalogs template the project into Nova's URL
 * (`…/v2.1/<project id>`); the version document is one level up.
 */
export function versionRoot(endpoint: URL): URL {
  return new URL(endpoint.href.replace(/\/+$/, '').replace(/(\/v2(?:\.\d+)?)\/[0-9a-f]{32}$/i, '$1'));
}

/** A page past the last server (or a project without usage) has `tenant_usage: {}`: no entries. */
function serverUsages(body: unknown, url: URL): unknown[] {
  const usage = field(body, 'tenant_usage');
  if (!usage || typeof usage !== 'object' || Array.isArray(usage)) {
    throw malformedError('compute', url, 'expected an object "tenant_usage"');
  }
  const entries = (usage as Record<string, unknown>).server_usages;
  if (entries === undefined) return [];
  if (!Array.isArray(entries))
    throw malformedError('compute', url, 'expected a list "tenant_usage.server_usages"');
  return entries;
}

import type { ServiceRequester } from '../auth/service-requester.js';
import type { Listing } from '../openstack-client.port.js';
import type { NeutronFloatingIp } from '../openstack.types.js';
import { listAt, nextFromLinks, readAllPages } from '../pagination.js';
import { checkItems, schemas } from './openstack.schemas.js';
import { buildUrl } from './query.js';

/** Neutron v2.0 floating IPs (openstack.md §4). The catalog URL is the root, without `/v2.0`. */
export class NeutronReader {
  constructor(
    private readonly requester: ServiceRequester,
    private readonly pageSize: number,
  ) {}

  async listFloatingIps(
    projectId: string,
    options: { pageSize?: number } = {},
  ): Promise<Listing<NeutronFloatingIp>> {
    const endpoint = await this.requester.endpoint('network');
    const path = /\/v2\.0$/.test(endpoint.pathname) ? '/floatingips' : '/v2.0/floatingips';
    // Always filter by project: an admin token would otherwise see every project's addresses.
    const first = buildUrl(endpoint, path, {
      project_id: projectId,
      limit: options.pageSize ?? this.pageSize,
    });
    const raw = await readAllPages(this.requester, {
      service: 'network',
      first,
      base: endpoint,
      page: (body, url) => ({
        items: listAt('network', body, 'floatingips', url),
        next: nextFromLinks((body as Record<string, unknown>).floatingips_links),
      }),
    });
    return checkItems(schemas.floatingIp, raw);
  }
}

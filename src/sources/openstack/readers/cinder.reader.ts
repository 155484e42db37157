import type { ServiceRequester } from '../auth/service-requester.js';
import type { Listing } from '../openstack-client.port.js';
import type { CinderVolume } from '../openstack.types.js';
import { listAt, nextFromLinks, readAllPages } from '../pagination.js';
import { checkItems, schemas } from './openstack.schemas.js';
import { buildUrl, naiveUtc, projectFilter } from './query.js';

/** 3.60: `updated_at=gte:` works (Cinder has no `changes-since`; below 3.60 the filter is ignored). */
export const VOLUME_MICROVERSION = '3.60';
const HEADERS = { 'OpenStack-API-Version': `volume ${VOLUME_MICROVERSION}` };

/** Cinder v3 volumes (openstack.md §5). The catalog URL may or may not end in the project id. */
export class CinderReader {
  constructor(
    private readonly requester: ServiceRequester,
    private readonly pageSize: number,
  ) {}

  async listVolumes(
    projectId: string,
    options: { pageSize?: number; updatedSince?: Date } = {},
  ): Promise<Listing<CinderVolume>> {
    const [endpoint, scope] = await Promise.all([this.requester.endpoint('volume'), this.requester.scope()]);
    const first = buildUrl(endpoint, '/volumes/detail', {
      ...projectFilter(scope, projectId),
      limit: options.pageSize ?? this.pageSize,
      updated_at: options.updatedSince && `gte:${naiveUtc(options.updatedSince)}`,
    });
    const raw = await readAllPages(this.requester, {
      service: 'volume',
      first,
      base: endpoint,
      headers: HEADERS,
      page: (body, url) => ({
        items: listAt('volume', body, 'volumes', url),
        next: nextFromLinks((body as Record<string, unknown>).volumes_links),
      }),
    });
    return checkItems(schemas.volume, raw);
  }
}

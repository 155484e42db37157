import type { ServiceRequester } from '../auth/service-requester.js';
import type { Listing } from '../openstack-client.port.js';
import type { GlanceImage } from '../openstack.types.js';
import { listAt, readAllPages } from '../pagination.js';
import { checkItems, schemas } from './openstack.schemas.js';
import { buildUrl } from './query.js';

/**
 * The Glance root: the catalog URL is normally the service root (`https://img:9292`, or
 * `https://cloud/image` behind a proxy); a URL registered with its version is tolerated.
 */
export function glanceRoot(endpoint: URL): URL {
  return new URL(endpoint.href.replace(/\/v2(\.\d+)?\/?$/, '').replace(/\/+$/, ''));
}

/** Glance v2 (openstack.md §3.1). `next` is a path, joined onto the root with its prefix. */
export class GlanceReader {
  constructor(
    private readonly requester: ServiceRequester,
    private readonly pageSize: number,
  ) {}

  async listImages(
    filters: Record<string, string> = {},
    options: { pageSize?: number } = {},
  ): Promise<Listing<GlanceImage>> {
    const root = glanceRoot(await this.requester.endpoint('image'));
    const first = buildUrl(root, '/v2/images', {
      visibility: 'all',
      limit: options.pageSize ?? this.pageSize,
      ...filters,
    });
    const raw = await readAllPages(this.requester, {
      service: 'image',
      first,
      base: root,
      page: (body, url) => {
        const next = (body as { next?: unknown }).next;
        return {
          items: listAt('image', body, 'images', url),
          next: typeof next === 'string' ? next : undefined,
        };
      },
    });
    return checkItems(schemas.image, raw);
  }
}

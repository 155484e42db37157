import type { ServiceRequester } from './auth/service-requester.js';
import { malformedError, type ServiceLabel } from './openstack-errors.js';

/** The `rel: next` href of a `*_links` list (Nova, Neutron, Cinder, Keystone's `links.next`). */
export function nextFromLinks(links: unknown): string | undefined {
  if (!Array.isArray(links)) return undefined;
  const next = links.find(
    (l): l is { rel: string; href: string } =>
      !!l &&
      typeof l === 'object' &&
      (l as { rel?: unknown }).rel === 'next' &&
      typeof (l as { href?: unknown }).href === 'string',
  );
  return next?.href;
}

/**
 * The URL of a next page. An absolute link keeps its path and query but is sent to the endpoint's
 * own scheme and host (services behind proxies often build links with an internal host or http,
 * and the token must never go anywhere but the catalog endpoint). A path (Glance's `next`,
 * `/v2/images?…`) is joined onto the endpoint, keeping the endpoint's path prefix (`/image`).
 */
export function resolveNext(href: string, endpoint: URL): URL {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(href)) {
    const link = new URL(href);
    return new URL(`${link.pathname}${link.search}`, endpoint.origin);
  }
  if (href.startsWith('/')) {
    const prefix = endpoint.pathname.replace(/\/+$/, '');
    const path = prefix && !href.startsWith(`${prefix}/`) ? `${prefix}${href}` : href;
    return new URL(path, endpoint.origin);
  }
  return new URL(href, `${endpoint.href.replace(/\/+$/, '')}/`);
}

export interface Page {
  items: unknown[];
  next?: string | null;
}

export interface PagedRead {
  service: ServiceLabel;
  first: URL;
  /** What page links are resolved against (the service endpoint, or Glance's root). */
  base: URL;
  headers?: Record<string, string>;
  /** Picks the items and the next link out of a page; throws SOURCE_MALFORMED when it cannot. */
  page: (body: unknown, url: URL) => Page;
}

/** Hard stop for a service that keeps sending `next` links (10,000 pages × 1,000 items). */
const MAX_PAGES = 10_000;

/** Reads every page, following `next` until it is absent (never stopping on a short page alone). */
export async function readAllPages(requester: ServiceRequester, read: PagedRead): Promise<unknown[]> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  let url: URL | undefined = read.first;
  while (url) {
    if (seen.has(url.href) || seen.size >= MAX_PAGES) {
      throw malformedError(
        read.service,
        url,
        `pagination does not end (page ${seen.size + 1} repeats or exceeds ${MAX_PAGES})`,
      );
    }
    seen.add(url.href);
    const body = await requester.getJson(read.service, url, { headers: read.headers });
    const page = read.page(body, url);
    items.push(...page.items);
    url = page.next ? resolveNext(page.next, read.base) : undefined;
  }
  return items;
}

/** `body[key]` as a list, or SOURCE_MALFORMED naming the key and the URL. */
export function listAt(service: ServiceLabel, body: unknown, key: string, url: URL): unknown[] {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(value)) throw malformedError(service, url, `expected a list "${key}"`);
  return value;
}

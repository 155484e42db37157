/**
 * The URLs the adapter reads, exactly as the `rancher` CLI builds them (reference §1.1, §2):
 * `/v3` appended to the server URL when missing, and the CLI's filters on every list.
 */

/**
 * The CLI's list filters: everything (`limit=-1`), not deleted, not in a state it hides, not a
 * system object. Order as in the reference; a list value becomes a repeated parameter.
 */
export const CLI_FILTERS: readonly (readonly [string, string])[] = [
  ['removed_null', '1'],
  ['state_ne', 'inactive'],
  ['state_ne', 'stopped'],
  ['state_ne', 'removing'],
  ['system', 'false'],
];

/** `https://rancher.example.org/` → `https://rancher.example.org/v3` (kept when already there). */
export function apiRoot(serverUrl: string): URL {
  const url = new URL(serverUrl);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v3') ? path : `${path}/v3`;
  url.search = '';
  url.hash = '';
  return url;
}

export interface ListQuery {
  /** Page size; -1 (the CLI's choice) asks for every item in one page. */
  limit: number;
  /** Only the objects of this cluster (nodes, node pools). */
  clusterId?: string;
}

/** `<root>/<collection>?limit=…&removed_null=1&state_ne=…&system=false[&clusterId=…]`. */
export function listUrl(root: URL, collection: string, query: ListQuery): URL {
  const url = new URL(`${root.href.replace(/\/+$/, '')}/${collection}`);
  url.searchParams.append('limit', String(query.limit));
  for (const [key, value] of CLI_FILTERS) url.searchParams.append(key, value);
  if (query.clusterId !== undefined) url.searchParams.append('clusterId', query.clusterId);
  return url;
}

/**
 * The URL of the next page. Rancher builds `pagination.next` from the Host it saw, which behind a
 * proxy may be an internal name or plain http; the API key must only ever go to the configured
 * server, so the link's path and query are sent to the root's origin.
 */
export function nextPageUrl(next: string, root: URL): URL {
  const link = new URL(next, root);
  return new URL(`${link.pathname}${link.search}`, root.origin);
}

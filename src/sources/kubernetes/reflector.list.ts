import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import type { KubernetesTransport } from './kubernetes-http.js';
import { asObject, type Json, type ReflectorOptions, type ReflectorStore } from './reflector.types.js';

/**
 * A full paged list into the store: `limit` per page, following `continue` until the server says
 * there is no more; objects the store does not know, or knows at another resourceVersion, are
 * applied; stored keys the list no longer has are removed (the differences a relist must emit).
 * Returns the list's resourceVersion, where the watch starts. A continue token that expired (410)
 * rejects: the caller lists again from the start.
 */
export async function listAll(
  transport: KubernetesTransport,
  store: ReflectorStore,
  options: Pick<ReflectorOptions, 'path' | 'pageSize' | 'resource' | 'onChange'>,
  signal: AbortSignal,
  apply: (object: Json) => string | null,
): Promise<string> {
  const seen = new Set<string>();
  let listVersion: string | null = null;
  const fetchPage = (token?: string) =>
    transport.getJson(
      options.path,
      { limit: String(options.pageSize), ...(token ? { continue: token } : {}) },
      signal,
    );
  let next: Promise<unknown> | null = fetchPage();
  while (next) {
    const page = asObject(await next);
    const items = page.items;
    if (!Array.isArray(items))
      throw malformedResponse(transport, options.resource, options.path, 'list without items');
    const meta = asObject(page.metadata);
    // Every page of a paged list is one snapshot; the first page's version is where watching starts.
    listVersion ??= typeof meta.resourceVersion === 'string' ? meta.resourceVersion : null;
    const token = typeof meta.continue === 'string' && meta.continue !== '' ? meta.continue : undefined;
    // Ask for the next page before applying this one: the server renders while we apply.
    next = token ? fetchPage(token) : null;
    next?.catch(() => undefined); // awaited on the next turn; never an unhandled rejection
    for (const item of items) {
      const key = apply(asObject(item));
      if (key !== null) seen.add(key);
    }
  }
  if (listVersion === null) {
    throw malformedResponse(
      transport,
      options.resource,
      options.path,
      'list without metadata.resourceVersion',
    );
  }
  for (const key of [...store.keys()]) {
    if (seen.has(key)) continue;
    const name = store.remove(key);
    if (name !== undefined) options.onChange('deleted', name);
  }
  return listVersion;
}

export function malformedResponse(
  transport: KubernetesTransport,
  resource: string,
  path: string,
  problem: string,
) {
  const where = `${transport.server.protocol}//${transport.server.host}${path}`;
  return new FedwatchError(
    ErrorCode.SOURCE_MALFORMED,
    `Kubernetes API at ${where} sent a malformed response: ${problem}`,
    {
      resource,
    },
  );
}

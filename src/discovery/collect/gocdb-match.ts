import type { GocdbServiceEndpoint } from './gocdb-xml.js';

/** Scheme, network location and path without its leading and trailing `/`; null when no URL. */
function comparable(text: string): { scheme: string; host: string; path: string } | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null; // GOCDB entries sometimes hold a bare host name: they match nothing.
  }
  // URL lower-cases scheme and host and drops a default port: `https://k:443/v3` is `https://k/v3`.
  return { scheme: url.protocol, host: url.host, path: url.pathname.replace(/^\/+|\/+$/g, '') };
}

/**
 * Whether two URLs name the same endpoint as GOCDB matching sees it (glue-cloud-info.md §3): same
 * scheme, same host:port, same path ignoring leading and trailing `/`. Query and fragment are not
 * compared (cloud-info-provider compares the parsed scheme, location and path only).
 */
export function sameEndpointUrl(a: string, b: string): boolean {
  const x = comparable(a);
  const y = comparable(b);
  return x !== null && y !== null && x.scheme === y.scheme && x.host === y.host && x.path === y.path;
}

/** The first registration whose `URL` or one of its `ENDPOINTS/ENDPOINT/URL` is the Keystone URL. */
export function findRegistration(
  registrations: readonly GocdbServiceEndpoint[],
  keystoneUrl: string,
): GocdbServiceEndpoint | null {
  return (
    registrations.find((r) =>
      [r.url, ...r.endpointUrls].some((url) => url !== null && sameEndpointUrl(url, keystoneUrl)),
    ) ?? null
  );
}

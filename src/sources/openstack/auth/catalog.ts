/** Keystone v3 catalog as returned in a token body (openstack.md §1.1). */
export interface CatalogEndpoint {
  interface: string;
  region_id?: string | null;
  region?: string | null;
  url: string;
}

export interface CatalogService {
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

/** The services fedwatch reads, and the catalog types each may be registered under (in order). */
export type ServiceKind = 'compute' | 'image' | 'network' | 'volume';

export const CATALOG_TYPES: Readonly<Record<ServiceKind, readonly string[]>> = {
  compute: ['compute'],
  image: ['image'],
  network: ['network'],
  volume: ['volumev3', 'block-storage'],
};

export interface EndpointChoice {
  interface: 'public' | 'internal' | 'admin';
  /** null: any region (the first endpoint with the interface). */
  region: string | null;
}

/** The endpoint URL for a service, or undefined when the catalog has none matching. */
export function selectEndpoint(
  catalog: readonly CatalogService[],
  kind: ServiceKind,
  choice: EndpointChoice,
): string | undefined {
  for (const type of CATALOG_TYPES[kind]) {
    for (const service of catalog.filter((s) => s.type === type)) {
      const endpoint = service.endpoints.find(
        (e) =>
          e.interface === choice.interface &&
          (choice.region === null || e.region_id === choice.region || e.region === choice.region),
      );
      if (endpoint) return endpoint.url;
    }
  }
  return undefined;
}

/** Every region offered for a service, for the "no endpoint" message. */
export function offeredEndpoints(catalog: readonly CatalogService[], kind: ServiceKind): string[] {
  return catalog
    .filter((s) => CATALOG_TYPES[kind].includes(s.type))
    .flatMap((s) => s.endpoints.map((e) => `${s.type}/${e.interface}/${e.region_id ?? e.region ?? '-'}`));
}

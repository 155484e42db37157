import { FedwatchError } from '../../common/errors/index.js';
import { findRegistration } from './gocdb-match.js';
import type { GocdbClient } from './gocdb.client.js';
import type { GocdbServiceEndpoint } from './gocdb-xml.js';

/** The service type a Keystone URL must be registered as (glue-cloud-info.md §3). */
export const NOVA_SERVICE_TYPE = 'org.openstack.nova';

/** What a document without `gocdb_id` means for the site (cloud-info-api requires the id). */
export const DROPPED = 'the federation will drop this document';
export const NOT_REGISTERED = `${DROPPED}: the Keystone URL is not registered in GOCDB as ${NOVA_SERVICE_TYPE}`;

export interface GocdbFinding {
  /** `PRIMARY_KEY` of the matching registration; null when none is known. */
  gocdbId: string | null;
  /** `SITENAME` of the registration; null when none is known. */
  siteName: string | null;
  /** Why the id is missing or may be stale; empty when GOCDB answered and the URL matched. */
  warnings: string[];
}

/**
 * GOCDB look-ups of Keystone URLs: one `get_service` answer serves every site and is reused for
 * `cacheSeconds`; concurrent look-ups share one request. When GOCDB cannot be read the last id
 * found for the URL is kept (a GOCDB outage must not drop a site from the federation).
 */
export class GocdbLookup {
  private cached?: { atMs: number; registrations: GocdbServiceEndpoint[] };
  private pending?: Promise<GocdbServiceEndpoint[]>;
  private readonly lastFound = new Map<string, GocdbServiceEndpoint>();

  constructor(
    private readonly client: GocdbClient,
    private readonly cacheSeconds: number,
  ) {}

  async find(keystoneUrl: string, now: Date): Promise<GocdbFinding> {
    let registrations: GocdbServiceEndpoint[];
    try {
      registrations = await this.registrations(now);
    } catch (err) {
      const reason = FedwatchError.from(err).message;
      const last = this.lastFound.get(keystoneUrl);
      if (last) {
        const warning = `GOCDB look-up failed (${reason}): keeping the last known id ${last.primaryKey}`;
        return { gocdbId: last.primaryKey, siteName: last.siteName, warnings: [warning] };
      }
      return {
        gocdbId: null,
        siteName: null,
        warnings: [`GOCDB look-up failed (${reason}) and no id is known yet: ${DROPPED}`],
      };
    }
    const found = findRegistration(registrations, keystoneUrl);
    if (!found) {
      this.lastFound.delete(keystoneUrl);
      return { gocdbId: null, siteName: null, warnings: [NOT_REGISTERED] };
    }
    this.lastFound.set(keystoneUrl, found);
    return { gocdbId: found.primaryKey, siteName: found.siteName || null, warnings: [] };
  }

  private registrations(now: Date): Promise<GocdbServiceEndpoint[]> {
    const fresh = this.cached && now.getTime() - this.cached.atMs < this.cacheSeconds * 1000;
    if (fresh) return Promise.resolve(this.cached!.registrations);
    this.pending ??= this.client
      .listServiceEndpoints(NOVA_SERVICE_TYPE)
      .then((registrations) => {
        this.cached = { atMs: now.getTime(), registrations };
        return registrations;
      })
      .finally(() => (this.pending = undefined));
    return this.pending;
  }
}

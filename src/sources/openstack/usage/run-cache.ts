import type { ListOptions, Listing, OpenStackClient } from '../openstack-client.port.js';
import type { GlanceImage } from '../openstack.types.js';

/**
 * What one `collectSite` run reads once and shares between its projects: user names (at most one
 * look-up per distinct user; a failed or forbidden one is remembered as null) and each client's
 * image listing. Promises are cached, so concurrent projects asking for the same thing share one
 * request. A new run starts with an empty cache (users get renamed, images come and go).
 */
export class RunCache {
  private readonly users = new Map<string, Promise<string | null>>();
  private readonly images = new Map<OpenStackClient, Promise<Listing<GlanceImage>>>();

  constructor(private readonly listOptions: ListOptions = {}) {}

  userName(client: OpenStackClient, userId: string): Promise<string | null> {
    let name = this.users.get(userId);
    if (!name) {
      name = lookUpUser(client, userId);
      this.users.set(userId, name);
    }
    return name;
  }

  /** The client's image listing; a failure is cached too (one attempt per run). */
  imagesOf(client: OpenStackClient): Promise<Listing<GlanceImage>> {
    let listing = this.images.get(client);
    if (!listing) {
      listing = client.listImages({}, this.listOptions);
      // Each project awaits it; mark it handled so a failure before the first await is not "unhandled".
      listing.catch(() => undefined);
      this.images.set(client, listing);
    }
    return listing;
  }
}

/** GlobalUserName is optional (apel.md §2.1): any failure means "unknown user". */
export async function lookUpUser(client: OpenStackClient, userId: string): Promise<string | null> {
  try {
    return (await client.getUser(userId))?.name ?? null;
  } catch {
    return null;
  }
}

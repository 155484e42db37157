import type { ServiceRequester } from '../auth/service-requester.js';
import type { Listing, ProjectSelection } from '../openstack-client.port.js';
import type { KeystoneProject, KeystoneUser } from '../openstack.types.js';
import { listAt, readAllPages } from '../pagination.js';
import { malformedError } from '../openstack-errors.js';
import { checkItem, checkItems, schemas } from './openstack.schemas.js';

/** Keystone v3 projects and users (openstack.md §1.2, §1.3). */
export class KeystoneReader {
  constructor(private readonly requester: ServiceRequester) {}

  async listProjects(selection: ProjectSelection): Promise<Listing<KeystoneProject>> {
    if (selection.select === 'ids') return this.projectsById(selection.ids);
    const scope = await this.requester.scope();
    const systemWide = scope.kind === 'system';
    const first = this.requester.identity(systemWide ? '/projects' : '/auth/projects');
    // Keystone filters by tag for /v3/projects; /v3/auth/projects has no filters, so filter here.
    if (systemWide && selection.select === 'tag') first.searchParams.set('tags', selection.tag);
    const raw = await readAllPages(this.requester, {
      service: 'identity',
      first,
      base: this.requester.identity(''),
      page: (body, url) => ({ items: listAt('identity', body, 'projects', url), next: keystoneNext(body) }),
    });
    const listing = checkItems(schemas.project, raw);
    if (selection.select === 'tag' && !systemWide) {
      listing.items = listing.items.filter((p) => p.tags?.includes(selection.tag));
    }
    return listing;
  }

  async getUser(userId: string): Promise<KeystoneUser | null> {
    const url = this.requester.identity(`/users/${encodeURIComponent(userId)}`);
    const body = await this.requester.getJson('identity', url, { nullOn: [403, 404] });
    if (body === null) return null;
    const checked = checkItem(schemas.user, (body as { user?: unknown }).user, userId);
    if (!checked.ok)
      throw malformedError('identity', url, `user.${checked.malformed.field}: ${checked.malformed.problem}`);
    return checked.value;
  }

  private async projectsById(ids: readonly string[]): Promise<Listing<KeystoneProject>> {
    const listing: Listing<KeystoneProject> = { items: [], malformed: [] };
    const bodies = await Promise.all(
      ids.map((id) =>
        this.requester.getJson('identity', this.requester.identity(`/projects/${encodeURIComponent(id)}`), {
          nullOn: [403, 404],
        }),
      ),
    );
    bodies.forEach((body, index) => {
      if (body === null) return;
      const checked = checkItem(schemas.project, (body as { project?: unknown }).project, ids[index]);
      if (checked.ok) listing.items.push(checked.value);
      else listing.malformed.push(checked.malformed);
    });
    return listing;
  }
}

function keystoneNext(body: unknown): string | undefined {
  const next = (body as { links?: { next?: unknown } }).links?.next;
  return typeof next === 'string' ? next : undefined;
}

import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import type {
  Listing,
  OpenStackClient,
  TokenDetails,
} from '../../sources/openstack/openstack-client.port.js';
import type { GlanceImage } from '../../sources/openstack/openstack.types.js';
import type { GlueShareInput } from '../glue/glue-input.types.js';
import type { ShareTarget } from './share-plan.js';

/** A finding about one share's data, before the site is attached. */
export interface ShareNote {
  subject: string;
  message: string;
}

export interface ShareOutcome {
  share: GlueShareInput;
  notes: ShareNote[];
  /** The token's details when the credential authenticated: the endpoint's catalog comes from it. */
  token: TokenDetails | null;
}

/**
 * What the project sees of an all-projects image list (a system-scoped token lists every image):
 * public and community images and its own. Images shared with it are not known without a
 * membership call per image, and left out.
 */
function visibleTo(projectId: string) {
  return (image: GlanceImage) =>
    image.visibility === 'public' || image.visibility === 'community' || image.owner === projectId;
}

/** Objects the adapter left out for their shape, as notes naming each object's id. */
function malformedNotes(kind: string, listing: Listing<unknown>, consequence: string): ShareNote[] {
  return listing.malformed.map((m) => ({
    subject: `${kind}:${m.id}`,
    message: `${kind} ${m.id} is malformed (${m.field}: ${m.problem}): ${consequence}`,
  }));
}

/** Name of a project a system-scoped token reads; null when Keystone will not say. */
async function projectName(client: OpenStackClient, projectId: string): Promise<string | null> {
  try {
    const { items } = await client.listProjects({ select: 'ids', ids: [projectId] });
    return items[0]?.name ?? null;
  } catch {
    return null; // Only OtherInfo.project_name depends on it: not worth failing the share.
  }
}

/**
 * Reads one VO's project (glue-cloud-info.md §2.4–2.7): token, quotas, servers, flavors with
 * extra specs and active images. Any failure makes the share failed with the error's message (the
 * endpoint reports it); objects of the wrong shape only become notes.
 */
export async function readShare(target: ShareTarget, client: OpenStackClient): Promise<ShareOutcome> {
  const { vo, projectId } = target;
  let token: TokenDetails | null = null;
  try {
    token = await client.tokenDetails();
    const { scope } = token;
    if (scope.kind === 'project' && scope.projectId !== projectId) {
      throw new FedwatchError(
        ErrorCode.CONFIG_INVALID,
        `the credential of VO ${vo} is bound to project ${scope.projectId}, not to the configured project ${projectId}`,
      );
    }
    const [name, quotas, servers, flavors, images] = await Promise.all([
      scope.kind === 'project' ? scope.projectName : projectName(client, projectId),
      client.getQuotas(projectId),
      client.listServers(projectId),
      client.listFlavors(),
      client.listImages({ status: 'active' }),
    ]);
    const notes = [
      ...malformedNotes('server', servers, 'not counted'),
      ...malformedNotes('flavor', flavors, 'not published'),
      ...malformedNotes('image', images, 'not published'),
    ];
    const share: GlueShareInput = {
      vo,
      projectId,
      projectName: name,
      projectDomainName: scope.kind === 'project' ? token.projectDomainName : null,
      quotas,
      servers: servers.items,
      flavors: flavors.items,
      images: scope.kind === 'project' ? images.items : images.items.filter(visibleTo(projectId)),
    };
    return { share, notes, token };
  } catch (err) {
    return { share: { vo, projectId, error: FedwatchError.from(err).message }, notes: [], token };
  }
}

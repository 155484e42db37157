import type { OpenStackCredential, OpenStackSite } from '../../config/config.types.js';
import type { SiteClients } from '../../sources/openstack/openstack-client.factory.js';
import type { OpenStackClient } from '../../sources/openstack/openstack-client.port.js';

/** One share to read: a VO, its project, and which configured credential reads it. */
export interface ShareTarget {
  vo: string;
  projectId: string;
  /** `vos[index]`'s own credential, or the site's system-scoped one. */
  via: { kind: 'vo'; index: number } | { kind: 'site' };
  credentialType: OpenStackCredential['type'];
}

/**
 * The shares of a site, from configuration only (glue-cloud-info.md §4, cloud-info-provider's
 * `vos:`): every `vos[]` entry, read with its own credential, then every `voMap` entry (project →
 * VO) of a project no `vos[]` entry covers, read with the site credential. Keystone project
 * properties (accounting's `VO`) are deliberately not consulted: what a site advertises is the
 * operator's decision, not whatever a project happens to be tagged with.
 */
export function planShares(site: OpenStackSite): ShareTarget[] {
  const targets: ShareTarget[] = site.vos.map((vo, index) => ({
    vo: vo.name,
    projectId: vo.project,
    via: { kind: 'vo', index },
    credentialType: vo.credential.type,
  }));
  if (site.credential) {
    const covered = new Set(site.vos.map((vo) => vo.project));
    for (const [projectId, vo] of Object.entries(site.voMap)) {
      if (covered.has(projectId)) continue;
      targets.push({ vo, projectId, via: { kind: 'site' }, credentialType: site.credential.type });
    }
  }
  return targets;
}

/** The client that reads a target; null when the site has no such credential (cannot happen). */
export function clientOf(target: ShareTarget, clients: SiteClients): OpenStackClient | null {
  return target.via.kind === 'vo' ? (clients.vos[target.via.index]?.client ?? null) : clients.site;
}

import type { SiteConfig } from '../../config/config.types.js';
import { entity, type GlueContext } from './glue-context.js';
import type { CloudComputingService, VmCounts } from './glue-document.types.js';

/**
 * The CloudComputingService (glue-cloud-info.md §2.1). `OtherInfo` `{gocdb_id, site_name}` is what
 * cloud-info-api keys a site by; without a GOCDB id it is omitted and reported, since the federation
 * then drops the whole document. `Complexity` counts the shares built, the VM counts are their sums.
 */
export function buildService(
  ctx: GlueContext,
  site: SiteConfig,
  shareCount: number,
  counts: VmCounts,
): CloudComputingService {
  const id = ctx.ids.service;
  if (site.gocdbId === null || site.gocdbId === '') {
    const message =
      'no GOCDB id configured: published without OtherInfo.gocdb_id, which makes the federation ' +
      '(cloud-info-api) drop the whole document';
    ctx.problems.add({ objectType: 'service', id, field: 'OtherInfo.gocdb_id', message, skipped: false });
  }
  if (site.name === '') {
    const message = 'no GOCDB site name configured: the service names no AdminDomain';
    ctx.problems.add({
      objectType: 'service',
      id,
      field: 'Associations.AdminDomain',
      message,
      skipped: false,
    });
  }
  const otherInfo = site.gocdbId ? { gocdb_id: site.gocdbId, site_name: site.name } : undefined;
  return {
    ...entity(ctx, id, `Cloud Compute service at ${site.name}`, otherInfo, { AdminDomain: [site.name] }),
    Type: 'org.cloud.iaas',
    QualityLevel: 'production',
    StatusInfo: `https://argo.egi.eu/egi/report-status/Critical/SITES/${site.name}`,
    ServiceAUP: 'http://go.egi.eu/aup',
    Complexity: `endpointType=1,share=${shareCount}`,
    Capability: ['executionmanagement.dynamicvmdeploy', 'security.accounting'],
    TotalVM: counts.TotalVM,
    RunningVM: counts.RunningVM,
    SuspendedVM: counts.SuspendedVM,
    HaltedVM: counts.HaltedVM,
  };
}

import type { AppConfig, OpenStackSite, SiteConfig } from '../../config/config.types.js';
import { DROPPED, type GocdbLookup } from './gocdb-lookup.js';

/**
 * The GOCDB site name and service id a site's document carries (glue-cloud-info.md §3):
 * `site.gocdbId` when configured (it wins), else the GOCDB registration of the Keystone URL. The
 * site name is the configured one (`openstack.sites[].siteName`, default `site.name`), GOCDB's
 * when none is configured; a disagreement is reported, since cloud-info-api keys sites by name.
 */
export async function siteIdentity(
  site: OpenStackSite,
  config: Pick<AppConfig, 'site' | 'openstack'>,
  gocdb: GocdbLookup | null,
  now: Date,
  warn: (subject: string, message: string) => void,
): Promise<SiteConfig> {
  const configured = config.site.gocdbId;
  if (configured) {
    if (config.openstack.sites.length > 1) {
      warn(
        'gocdb',
        `site.gocdbId ${configured} is published for every OpenStack site, but each Keystone URL is its ` +
          'own GOCDB service: remove site.gocdbId and set discovery.gocdbUrl',
      );
    }
    return { name: site.siteName, gocdbId: configured };
  }
  if (!gocdb) {
    warn('gocdb', `${DROPPED}: neither site.gocdbId nor discovery.gocdbUrl is configured`);
    return { name: site.siteName, gocdbId: null };
  }
  const found = await gocdb.find(site.authUrl, now);
  for (const message of found.warnings) warn('gocdb', message);
  if (found.siteName && site.siteName && found.siteName !== site.siteName) {
    warn(
      'gocdb',
      `GOCDB registers ${site.authUrl} for site ${found.siteName}, but ${site.siteName} is configured ` +
        '(openstack.sites[].siteName or site.name): the document says the configured name',
    );
  }
  return { name: site.siteName || (found.siteName ?? ''), gocdbId: found.gocdbId };
}

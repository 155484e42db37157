import { FedwatchError } from '../../common/errors/index.js';
import { packageVersion } from '../../common/package-info.js';
import type { AppConfig, OpenStackSite } from '../../config/config.types.js';
import type {
  OpenStackClientFactory,
  SiteClients,
} from '../../sources/openstack/openstack-client.factory.js';
import type { OpenStackClient } from '../../sources/openstack/openstack-client.port.js';
import type { NovaVersionDocument } from '../../sources/openstack/openstack.types.js';
import type { GlueBuildInput } from '../glue/glue-input.types.js';
import { type DiscoveryWarning, type GlueCollection, GlueInputCollector } from './glue-input.collector.js';
import { GocdbLookup } from './gocdb-lookup.js';
import { type GocdbClient, HttpGocdbClient } from './gocdb.client.js';
import { type IssuerCaReader, TlsIssuerCaReader } from './issuer-ca.js';
import { clientOf, planShares, type ShareTarget } from './share-plan.js';
import { readShare, type ShareOutcome } from './share-reader.js';
import { siteIdentity } from './site-identity.js';

export interface OpenStackGlueInputCollectorOptions {
  config: Pick<AppConfig, 'site' | 'openstack' | 'discovery'>;
  clients: OpenStackClientFactory;
  /** GOCDB; default an HTTP client on `discovery.gocdbUrl`, none when that is null. */
  gocdb?: GocdbClient | null;
  /** Default: a TLS handshake with the Keystone host. */
  issuerCa?: IssuerCaReader;
  /** Published as `OtherInfo.producer`; default fedwatch's package version. */
  producerVersion?: string;
}

type Warn = (subject: string, message: string) => void;

/** A share as read, with what read it. */
type SiteShare = ShareOutcome & { target: ShareTarget; client: OpenStackClient | null };

/**
 * The GLUE inputs of every configured OpenStack site (one Keystone endpoint each): per VO of the
 * configuration its project's quotas, servers, flavors and active images, read with that VO's
 * credential (or the site's system credential for `voMap` entries); Nova's version once per
 * endpoint; the TLS issuer of the Keystone URL; the GOCDB id (`site.gocdbId`, else a GOCDB look-up
 * cached across runs). A VO that cannot be read becomes a failed share; nothing here throws for a
 * site's sake.
 */
export class OpenStackGlueInputCollector extends GlueInputCollector {
  private readonly gocdb: GocdbLookup | null;
  private readonly issuerCa: IssuerCaReader;
  private readonly producerVersion: string;

  constructor(private readonly options: OpenStackGlueInputCollectorOptions) {
    super();
    const { discovery } = options.config;
    const client =
      options.gocdb !== undefined
        ? options.gocdb
        : discovery.gocdbUrl
          ? new HttpGocdbClient(discovery.gocdbUrl)
          : null;
    this.gocdb = client ? new GocdbLookup(client, discovery.gocdbCacheSeconds) : null;
    this.issuerCa = options.issuerCa ?? new TlsIssuerCaReader();
    this.producerVersion = options.producerVersion ?? packageVersion;
  }

  async collect(now: Date): Promise<GlueCollection> {
    const warnings: DiscoveryWarning[] = [];
    const inputs = await Promise.all(
      this.options.config.openstack.sites.map((site) =>
        this.collectSite(site, now, (subject, message) =>
          warnings.push({ site: site.name, subject, message }),
        ),
      ),
    );
    return { inputs, warnings };
  }

  private async collectSite(site: OpenStackSite, now: Date, warn: Warn): Promise<GlueBuildInput> {
    const { discovery } = this.options.config;
    const [outcomes, issuerCa, gocdb] = await Promise.all([
      this.readShares(site, warn),
      this.issuerCa.issuerOf(site.authUrl).catch((err: unknown) => {
        warn('issuerCa', `${FedwatchError.from(err).message}: published without IssuerCA`);
        return null;
      }),
      siteIdentity(site, this.options.config, this.gocdb, now, warn),
    ]);
    const authenticated = outcomes.find((o) => o.token !== null);
    const novaVersion = authenticated?.client ? await novaVersionOf(authenticated.client, warn) : null;
    const seen = new Set<string>();
    for (const { subject, message } of outcomes.flatMap((o) => o.notes)) {
      // Flavors and images are listed once per VO: the same broken object is reported once.
      if (!seen.has(`${subject}\n${message}`)) warn(subject, message);
      seen.add(`${subject}\n${message}`);
    }
    const first = site.vos[0]?.credential ?? site.credential;
    return {
      site: gocdb,
      endpoint: {
        url: site.authUrl,
        region: site.region,
        interface: site.interface,
        catalog: authenticated?.token?.catalog ?? [],
        novaVersion,
        authType: authenticated?.target.credentialType ?? first?.type ?? null,
        issuerCa,
      },
      shares: outcomes.map((o) => o.share),
      validitySeconds: discovery.validitySeconds,
      now,
      producerVersion: this.producerVersion,
      flavorSelection: discovery.flavorSelection,
    };
  }

  private async readShares(site: OpenStackSite, warn: Warn): Promise<SiteShare[]> {
    const targets = planShares(site);
    if (targets.length === 0) {
      warn('vos', 'no VO is configured (openstack.sites[].vos, or voMap with a system credential): no share');
    }
    let clients: SiteClients | null = null;
    let setupError = '';
    try {
      clients = this.options.clients.forSite(site);
    } catch (err) {
      setupError = FedwatchError.from(err).message;
    }
    return Promise.all(
      targets.map(async (target) => {
        const client = clients && clientOf(target, clients);
        const outcome: ShareOutcome = client
          ? await readShare(target, client)
          : {
              share: { vo: target.vo, projectId: target.projectId, error: setupError || 'no client' },
              notes: [],
              token: null,
            };
        return { ...outcome, target, client };
      }),
    );
  }
}

/** Nova's version document, read once per endpoint with a credential that worked. */
async function novaVersionOf(client: OpenStackClient, warn: Warn): Promise<NovaVersionDocument | null> {
  try {
    const version = await client.getNovaVersion();
    if (version === null) warn('novaVersion', 'Nova has no version document (HTTP 404)');
    return version;
  } catch (err) {
    warn('novaVersion', FedwatchError.from(err).message);
    return null;
  }
}

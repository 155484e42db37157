import type { SiteConfig, OpenStackCredential } from '../../config/config.types.js';
import type { CatalogService } from '../../sources/openstack/auth/catalog.js';
import type {
  GlanceImage,
  NovaFlavor,
  NovaQuotaSet,
  NovaServer,
  NovaVersionDocument,
} from '../../sources/openstack/openstack.types.js';

// The OpenStack adapter returns these; they live with its other API types.
export type { NovaQuotaSet, NovaVersionDocument };

/** The Keystone endpoint `E` the document describes (glue-cloud-info.md §2.3). */
export interface GlueEndpointInput {
  /** Keystone URL exactly as configured and as registered in GOCDB; every object ID starts with it. */
  url: string;
  /** Region and interface that pick the Glance URL from the catalog (`OpenStackSite`). */
  region: string | null;
  interface: 'public' | 'internal' | 'admin';
  /** Token catalog (openstack.md §1.1); only the `image` service is used (MarketplaceURL fallback). */
  catalog: readonly CatalogService[];
  /** Nova's version document; null when it could not be read (the version attributes are omitted). */
  novaVersion: NovaVersionDocument | null;
  /** How fedwatch authenticates to Keystone, written as the keystoneauth plugin name. */
  authType: OpenStackCredential['type'] | null;
  /** Issuer DN of the TLS certificate of `url`, slash form; null when unknown. */
  issuerCa: string | null;
  /** CA DNs the server accepts for client certificates (default `[]`). */
  trustedCa?: readonly string[];
  /** Result of the optional auditor check (may list Keystone users); omitted when not checked. */
  auditorRole?: boolean | null;
}

/** One VO's project as read with that project's token (glue-cloud-info.md §2.4–2.7). */
export interface GlueShareRead {
  vo: string;
  /** Keystone project id the VO maps to (`OpenStackVo.project`). */
  projectId: string;
  /** From the project-scoped token (`token.project.name`, `token.project.domain.name`). */
  projectName?: string | null;
  projectDomainName?: string | null;
  /** Nova quota set; null when it could not be read (Forbidden). */
  quotas: NovaQuotaSet | null;
  /** The project's servers (`servers/detail`), for the VM counts. */
  servers: readonly NovaServer[];
  /** `flavors/detail?is_public=None` with extra specs. */
  flavors: readonly NovaFlavor[];
  /** `images?status=active` (other statuses are ignored). */
  images: readonly GlanceImage[];
  error?: undefined;
}

/** A VO whose project could not be read: no share, and the endpoint reports the error. */
export interface GlueShareFailed {
  vo: string;
  projectId: string;
  /** Why, as it should appear in `HealthStateInfo`. */
  error: string;
}

export type GlueShareInput = GlueShareRead | GlueShareFailed;

/** Which flavors become instance types (cloud-info-provider `--select-flavors`). */
export type FlavorSelection = 'all' | 'public' | 'private';

/** Everything `buildGlueDocument` needs for one Keystone endpoint. */
export interface GlueBuildInput {
  /** GOCDB site name and service primary key (`gocdb_id`); null id → the federation drops the document. */
  site: SiteConfig;
  endpoint: GlueEndpointInput;
  /** One per configured VO, in configuration order. */
  shares: readonly GlueShareInput[];
  /** Seconds the document is valid from `now` (default 43200, glue-cloud-info.md §5). */
  validitySeconds?: number;
  /** Run time: every object's `CreationTime`. */
  now: Date;
  /** fedwatch's version, published as `OtherInfo.producer` of the endpoint. */
  producerVersion: string;
  /** Default `public`, the selection used in practice; a flavor without `is_public` counts as public. */
  flavorSelection?: FlavorSelection;
}

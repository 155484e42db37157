/**
 * OpenStack API objects as fedwatch reads them (reference: `shared/reference/openstack.md`).
 * Only the fields fedwatch uses are typed; the APIs return more. Times are the strings the APIs
 * send: Nova's `created` has a `Z`, `OS-SRV-USG:*` and usage times are naive UTC with microseconds.
 */

/** Keystone v3 project; properties such as `VO` or `accounting:VO` are extra top-level keys. */
export interface KeystoneProject {
  id: string;
  name: string;
  domain_id: string;
  enabled: boolean;
  tags?: string[];
  [property: string]: unknown;
}

export interface KeystoneUser {
  id: string;
  name: string;
  domain_id?: string;
}

/** Nova microversion ≥ 2.47 embedded flavor (survives deletion of the flavor). */
export interface NovaEmbeddedFlavor {
  vcpus: number;
  ram: number; // MiB
  disk: number; // GiB
  ephemeral: number; // GiB
  swap: number; // MiB
  original_name: string;
  /** Present only when the caller may see extra specs; values are strings. */
  extra_specs?: Record<string, string>;
}

export interface NovaAddress {
  addr: string;
  version: 4 | 6;
  'OS-EXT-IPS:type'?: 'fixed' | 'floating';
  'OS-EXT-IPS-MAC:mac_addr'?: string;
}

/** `GET /v2.1/servers/detail` item at microversion ≥ 2.47. */
export interface NovaServer {
  id: string;
  name: string;
  /** e.g. `ACTIVE`, `DELETED`, `SHUTOFF` (upper case). */
  status: string;
  tenant_id: string;
  user_id: string;
  /** `""` for boot-from-volume servers. */
  image: { id: string } | '';
  flavor: NovaEmbeddedFlavor;
  created: string;
  updated: string;
  addresses: Record<string, NovaAddress[]>;
  'OS-SRV-USG:launched_at': string | null;
  'OS-SRV-USG:terminated_at': string | null;
  'OS-EXT-STS:vm_state'?: string;
  'OS-EXT-STS:task_state'?: string | null;
  'OS-EXT-STS:power_state'?: number;
}

/** `GET /v2.1/flavors/detail` item (microversion ≥ 2.61 includes extra specs). */
export interface NovaFlavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  'OS-FLV-EXT-DATA:ephemeral': number;
  swap: number | '';
  'os-flavor-access:is_public'?: boolean;
  extra_specs?: Record<string, string>;
}

/** `GET /v2.1/os-quota-sets/{project}` → `quota_set` (openstack.md §2.4); `-1` = unlimited. */
export interface NovaQuotaSet {
  id?: string;
  [resource: string]: number | string | undefined;
}

/** `GET /v2.1/` → `version` (openstack.md §2): `version` is the maximum microversion. */
export interface NovaVersionDocument {
  id?: string;
  status?: string;
  /** e.g. `2.93`. */
  version: string;
  /** e.g. `2.1`. */
  min_version: string;
}

/** One entry of `os-simple-tenant-usage/{project}` `server_usages`. */
export interface NovaServerUsage {
  instance_id: string;
  name: string;
  tenant_id: string;
  flavor: string;
  hours: number;
  memory_mb: number;
  local_gb: number;
  vcpus: number;
  started_at: string;
  ended_at: string | null;
  state: string;
  uptime: number;
}

/** Glance v2 image; custom properties (e.g. `vmcatcher_event_ad_mpuri`) are extra string keys. */
export interface GlanceImage {
  id: string;
  name: string;
  status: string;
  visibility: string;
  owner?: string;
  created_at: string;
  updated_at: string;
  [property: string]: unknown;
}

export interface NeutronFloatingIp {
  id: string;
  project_id: string;
  tenant_id?: string;
  floating_ip_address: string;
  status: string;
  port_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface CinderVolume {
  id: string;
  name: string | null;
  status: string;
  size: number; // GiB
  created_at: string;
  updated_at: string | null;
  user_id: string;
  volume_type: string | null;
  bootable: 'true' | 'false';
  attachments: { server_id: string; attached_at?: string }[];
  'os-vol-tenant-attr:tenant_id'?: string;
}

/** Everything read for one project and window: the input of the record builders. */
export interface ProjectUsageData {
  project: KeystoneProject;
  /** Servers changed since the window start (deleted ones included) plus usage-only servers. */
  servers: NovaServer[];
  usages: NovaServerUsage[];
  /** Image id → image, for the images the servers use (missing when unreadable). */
  images: Record<string, GlanceImage>;
  /** User id → user name; null when the look-up was forbidden or failed. */
  userNames: Record<string, string | null>;
  floatingIps: NeutronFloatingIp[];
  volumes: CinderVolume[];
}

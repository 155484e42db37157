/**
 * The validated, frozen configuration of fedwatch. Keys are camelCase; the environment override of a
 * key is `FEDWATCH_` + its path in upper snake case with `__` between nesting levels
 * (`api.auth` → `FEDWATCH_API__AUTH`, `httpPort` → `FEDWATCH_HTTP_PORT`). `DATABASE_URL` and
 * `AMQP_URL` are accepted as aliases of `database.url` and `federation.amqp.url`.
 */
export interface AppConfig {
  site: SiteConfig;
  /** Embedded database and local state. */
  dataDir: string;
  httpHost: string;
  httpPort: number;
  grpcPort: number;
  /** When set, /metrics is also served on this port (it is always on httpPort). */
  metricsPort: number | null;
  logging: LoggingConfig;
  database: DatabaseConfig;
  api: ApiConfig;
  openstack: OpenStackConfig;
  rancher: RancherConfig;
  kubernetes: KubernetesConfig;
  federation: FederationConfig;
  accounting: AccountingConfig;
  discovery: DiscoveryConfig;
  /** Job id → schedule. Jobs without an entry use their own defaults. */
  schedules: Record<string, ScheduleConfig>;
  /** Seconds SIGTERM waits for running jobs and in-flight publishes. */
  shutdownGraceSeconds: number;
}

export interface SiteConfig {
  /** GOCDB site name, e.g. `CESNET-MCC`. Empty when not configured. */
  name: string;
  /** GOCDB primary key, e.g. `1234G0`. */
  gocdbId: string | null;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
export interface LoggingConfig {
  level: LogLevel;
  /** `auto`: pretty on a terminal, JSON lines otherwise. */
  format: 'auto' | 'json' | 'pretty';
}

export interface DatabaseConfig {
  /** PostgreSQL URL; null → the embedded database in `dataDir`. */
  url: string | null;
  poolSize: number;
  connectTimeoutSeconds: number;
}

export type ApiRole = 'read' | 'admin';
export interface ApiToken {
  name: string;
  role: ApiRole;
  /** Resolved secret (from `token` or `tokenFile`). */
  token: string;
}
export interface ApiConfig {
  /** `tokens` (default): bearer tokens when any are configured; `none`: no authentication. */
  auth: 'tokens' | 'none';
  tokens: ApiToken[];
}

export type OpenStackCredential =
  | { type: 'applicationCredential'; id: string; secret: string }
  | {
      type: 'password';
      username: string;
      password: string;
      userDomain: string;
      /** `system` scope reads every project; otherwise scoped to one project. */
      scope: { system: 'all' } | { project: string; projectDomain: string };
    };

export interface OpenStackVo {
  /** VO name, e.g. `fedcloud.egi.eu`. */
  name: string;
  /** Keystone project id the VO maps to. */
  project: string;
  credential: OpenStackCredential;
}

export interface OpenStackSite {
  /** Entry name, unique; used in ids and logs. */
  name: string;
  /** GOCDB site name this cloud reports as; defaults to `site.name`. */
  siteName: string;
  authUrl: string;
  region: string | null;
  interface: 'public' | 'internal' | 'admin';
  caBundle: string | null;
  /** One credential that reads every selected project (system scope), or null with `vos`. */
  credential: OpenStackCredential | null;
  vos: OpenStackVo[];
  projects: { select: 'all' | 'ids' | 'tag'; ids: string[]; tag: string };
  /** Keystone project property holding the VO; `accounting:VO` is accepted too. */
  voProperty: string;
  /** Project id → VO, used when the project has no VO property. */
  voMap: Record<string, string>;
  timeoutSeconds: number;
  maxConcurrency: number;
}
export interface OpenStackConfig {
  sites: OpenStackSite[];
}

export interface RancherServer {
  name: string;
  url: string;
  /** `token-xxxxx:secret`. */
  token: string;
  caBundle: string | null;
  timeoutSeconds: number;
}
export interface RancherConfig {
  servers: RancherServer[];
}

export interface KubernetesCluster {
  name: string;
  /** Path to a kubeconfig; null with `inCluster`. */
  kubeconfig: string | null;
  context: string | null;
  inCluster: boolean;
}
export interface KubernetesConfig {
  clusters: KubernetesCluster[];
}

/** Kinds of federation message; the routing key and the per-kind queue name derive from them. */
export const MESSAGE_KINDS = [
  'accounting.cloud',
  'accounting.storage',
  'accounting.ip',
  'accounting.accelerator',
  'discovery.glue21',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface AmqpBinding {
  queue: string;
  routingKey: string;
}
export interface AmqpConfig {
  /** `AMQP_URL`; the AMQP destination is enabled when set. */
  url: string | null;
  /** Durable topic exchange. */
  exchange: string;
  /** Message kind → routing key (default: the kind itself). */
  routingKeys: Partial<Record<MessageKind, string>>;
  /** Kinds this destination receives (default: all). */
  kinds: MessageKind[];
  /** Declare one durable queue `fedwatch.<kind>` per kind, bound to the exchange (default true). */
  declareQueues: boolean;
  /** Further durable queues to declare and bind. */
  bindings: AmqpBinding[];
  heartbeatSeconds: number;
}
export interface DirectoryQueueConfig {
  /** The SSM sender's outgoing `path`; the destination is enabled when set. */
  path: string | null;
  /** Kinds written (APEL kinds only; default cloud and storage). One sub-directory per kind. */
  kinds: MessageKind[];
  /** SSM `path_type`: `dirq` (QueueSimple, default) or `directory`. */
  layout: 'dirq' | 'directory';
}
export interface SigningConfig {
  /** Host certificate (PEM file path); signing is on when both are set. AMQP destination only. */
  certificate: string | null;
  /** Host key (PEM file path). */
  key: string | null;
}
export interface OutboxConfig {
  /** Published messages older than this are pruned; their records stay. */
  retentionDays: number;
  /** Messages claimed per relay batch. */
  batchSize: number;
  /** How long a claim lasts before another relay may take the message over. */
  leaseSeconds: number;
  /** Ceiling of the exponential back-off between attempts of one message. */
  maxBackoffSeconds: number;
}
export interface FederationConfig {
  amqp: AmqpConfig;
  directoryQueue: DirectoryQueueConfig;
  signing: SigningConfig;
  outbox: OutboxConfig;
}

export interface AccountingConfig {
  /** Per record type, independently (apel.md §8); `ip` and `accelerator` are rejected by APEL 2.5.0. */
  recordTypes: { cloud: boolean; storage: boolean; ip: boolean; accelerator: boolean };
  /** Longest window one extraction covers; after downtime the service catches up in such windows. */
  maxWindowSeconds: number;
  /** Where the first window of a project without a watermark starts, back from now. */
  initialLookbackSeconds: number;
  /** Transliterate non-ASCII (`ñ` → `n`) instead of dropping it as the reference extractor does. */
  transliterate: boolean;
  /** Records per message (APEL: at most 100). */
  recordsPerMessage: number;
  /** `CloudComputeService`; defaults to the site name as the reference extractor does. */
  cloudComputeService: string | null;
}

/** GLUE 2.1 service discovery (glue-cloud-info.md). */
export interface DiscoveryConfig {
  /** GOCDB public API base, e.g. https://goc.egi.eu/gocdbpi/public/ ; null → only site.gocdbId. */
  gocdbUrl: string | null;
  /** How long a GOCDB answer is reused; a failed look-up keeps the last known id regardless. */
  gocdbCacheSeconds: number;
  /** `Validity` of every object: must exceed the publication interval by far (glue-cloud-info.md §5). */
  validitySeconds: number;
  /** Which flavors become instance types (cloud-info-provider `--select-flavors`). */
  flavorSelection: 'public' | 'all' | 'private';
  /** Where the latest document is written, relative to dataDir. */
  outputDir: string;
}

export interface ScheduleConfig {
  /** Milliseconds between runs; null when `cron` is used. */
  intervalMs: number | null;
  cron: string | null;
  timeoutMs: number | null;
  enabled: boolean;
}

/** One problem found while loading the configuration. */
export interface ConfigProblem {
  /** Dotted key path, e.g. `openstack.sites[0].authUrl`. */
  path: string;
  /** The offending value as shown to the user, secrets masked; undefined when missing. */
  value?: string;
  message: string;
  /** Where the value came from: `fedwatch.yaml:12`, `env FEDWATCH_HTTP_PORT`, or `default`. */
  source?: string;
}

export interface LoadedConfig {
  config: Readonly<AppConfig>;
  /** Every secret value found, for the log scrubber. */
  secrets: readonly string[];
  /** Path of the file read, or null when none. */
  file: string | null;
  /** Non-fatal findings to log once at start (e.g. "no sources configured"). */
  warnings: readonly string[];
}

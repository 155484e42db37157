import type { FedwatchError } from '../../../common/errors/index.js';
import type { ProjectUsageData } from '../openstack.types.js';

/** An extraction window `[from, to)`, UTC. */
export interface CollectWindow {
  from: Date;
  to: Date;
}

/** Something the caller should log but that did not stop the project's collection. */
export interface CollectWarning {
  /**
   * `server-malformed`, `usage-malformed`, `server-missing` (usage entry kept alone),
   * `images-unreadable`, `image-malformed`, `service-missing` (no network/volume endpoint),
   * `floating-ip-malformed`, `volume-malformed`.
   */
  code: string;
  message: string;
  projectId: string;
  /** The server, image, address or volume concerned. */
  id?: string;
  /** The offending field of a malformed item. */
  field?: string;
}

export type ProjectOutcome =
  | { ok: true; projectId: string; vo: string; data: ProjectUsageData; warnings: CollectWarning[] }
  | { ok: false; projectId: string; error: FedwatchError };

export interface SiteCollection {
  site: string;
  /**
   * Set when the site could not be read at all (Keystone unreachable, the site credential rejected,
   * an unreadable CA bundle): then `projects` is empty. Otherwise each project has its own outcome.
   */
  error: FedwatchError | null;
  projects: ProjectOutcome[];
}

export interface CollectProgress {
  site: string;
  projectId: string;
  ok: boolean;
  done: number;
  total: number;
}

export interface CollectSiteOptions {
  /** Only these project ids (each must be among the site's selected projects). */
  projects?: readonly string[];
  /**
   * A project's own window (e.g. from its watermark) instead of the run's; null leaves the project
   * out of this run entirely (caught up, or failed earlier): it is not read and has no outcome.
   */
  windowFor?: (projectId: string) => CollectWindow | null;
  /** Projects read at once (default 4); HTTP requests are bounded per endpoint independently. */
  concurrency?: number;
  /**
   * BENCHMARK ONLY: the reference extractor's access pattern (cASO): one project at a time, every
   * request in sequence, pages of 200, one `GET /servers/{id}` per usage-only server and one user
   * look-up per server (no cache). Never use it for real runs.
   */
  naive?: boolean;
  onProgress?: (progress: CollectProgress) => void;
  /**
   * Called with each project's outcome as soon as it is read (awaited, within the concurrency
   * bound). The outcomes are also returned at the end.
   */
  onProject?: (outcome: ProjectOutcome) => Promise<void>;
}

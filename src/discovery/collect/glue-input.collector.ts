import type { GlueBuildInput } from '../glue/glue-input.types.js';

/** Something wrong with the site's OpenStack data or the GOCDB look-up, reported with the document. */
export interface DiscoveryWarning {
  /** Configured OpenStack site entry name. */
  site: string;
  /** What the problem is about: `gocdb`, `issuerCa`, `novaVersion`, `vo:<name>`, … */
  subject: string;
  message: string;
}

/** The inputs of one discovery run: one per configured OpenStack site (= Keystone endpoint). */
export interface GlueCollection {
  inputs: GlueBuildInput[];
  warnings: DiscoveryWarning[];
}

/**
 * Port: reads everything `buildGlueDocument` needs from OpenStack, GOCDB and the endpoint's TLS
 * certificate (glue-cloud-info.md §2–3). One endpoint whose Keystone cannot be reached at all still
 * yields an input (no shares, every VO failed), so the document says `HealthState: unknown`.
 */
export abstract class GlueInputCollector {
  abstract collect(now: Date): Promise<GlueCollection>;
}

import { Logger } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import {
  DISCOVERY_FAILURE_REASONS,
  type DiscoveryFailureReason,
  type DiscoveryState,
} from './discovery.types.js';

/** Where the gauges read the stored state (shared by all replicas) from. */
export interface DiscoveryStateSource {
  states(): Promise<DiscoveryState[]>;
}

/**
 * The discovery metrics (README "Discovery"). Counters move as this instance builds; the gauges
 * describe the stored documents of the configured endpoints and are read from the database on
 * scrape, at most once per `cacheMs`:
 * - `fedwatch_discovery_documents_built_total`: valid documents built and stored as the latest;
 * - `fedwatch_discovery_documents_published_total`: documents queued into the outbox (`discovery.glue21`);
 * - `fedwatch_discovery_build_failures_total{reason}`: `collect`, `build`, `invalid` (schema),
 *   `store` (database) or `output` (the data-dir file);
 * - `fedwatch_discovery_shares|instance_types|images{endpoint}`: objects in the latest document;
 * - `fedwatch_discovery_last_built_timestamp_seconds{endpoint}` and
 *   `fedwatch_discovery_last_published_timestamp_seconds{endpoint}`: CreationTime of the latest and
 *   of the last published document (age: `time() - …`; published is stale past half the validity).
 */
export class DiscoveryMetrics {
  readonly built: Counter;
  readonly published: Counter;
  private readonly failures: Counter<'reason'>;
  private readonly log = new Logger('DiscoveryMetrics');
  private cached: { atMs: number; states: DiscoveryState[] } | null = null;
  private pending: Promise<DiscoveryState[]> | null = null;

  constructor(
    registry: Registry,
    private readonly source: DiscoveryStateSource,
    private readonly endpoints: readonly string[],
    private readonly cacheMs = 10_000,
  ) {
    const registers = [registry];
    this.built = new Counter({
      name: 'fedwatch_discovery_documents_built_total',
      help: 'GLUE 2.1 documents built, valid against the schema, and stored as the latest of their endpoint.',
      registers,
    });
    this.published = new Counter({
      name: 'fedwatch_discovery_documents_published_total',
      help: 'GLUE 2.1 documents queued into the outbox for publishing (changed, or half their validity gone).',
      registers,
    });
    this.failures = new Counter({
      name: 'fedwatch_discovery_build_failures_total',
      help: 'Discovery builds that failed, by reason: collect, build, invalid, store, output.',
      labelNames: ['reason'],
      registers,
    });
    // Zero from the start, so that rate() and alerts see a series before the first failure.
    for (const reason of DISCOVERY_FAILURE_REASONS) this.failures.inc({ reason }, 0);
    const gauge = (name: string, help: string, value: (s: DiscoveryState) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['endpoint'],
        registers,
        collect: async function (this: Gauge<'endpoint'>) {
          this.reset();
          for (const s of await read()) {
            const v = value(s);
            if (v !== null) this.set({ endpoint: s.endpoint }, v);
          }
        },
      });
    const read = () => this.read();
    const seconds = (d: Date | null) => (d ? d.getTime() / 1000 : null);
    gauge(
      'fedwatch_discovery_shares',
      'Shares (VOs) in the latest document.',
      (s) => s.counts?.shares ?? null,
    );
    gauge(
      'fedwatch_discovery_instance_types',
      'Instance types (flavors × shares) in the latest document.',
      (s) => s.counts?.instanceTypes ?? null,
    );
    gauge(
      'fedwatch_discovery_images',
      'Images (× shares) in the latest document.',
      (s) => s.counts?.images ?? null,
    );
    gauge(
      'fedwatch_discovery_last_built_timestamp_seconds',
      'CreationTime of the latest valid document, Unix seconds.',
      (s) => seconds(s.builtAt),
    );
    gauge(
      'fedwatch_discovery_last_published_timestamp_seconds',
      'CreationTime of the last document queued for publishing, Unix seconds.',
      (s) => seconds(s.publishedBuiltAt),
    );
  }

  failed(reason: DiscoveryFailureReason): void {
    this.failures.inc({ reason });
  }

  /** One query serves all five gauges of a scrape (and the scrapes within `cacheMs`). */
  private read(): Promise<DiscoveryState[]> {
    if (this.cached && Date.now() - this.cached.atMs < this.cacheMs)
      return Promise.resolve(this.cached.states);
    this.pending ??= this.refresh().finally(() => (this.pending = null));
    return this.pending;
  }

  private async refresh(): Promise<DiscoveryState[]> {
    try {
      const states = (await this.source.states()).filter((s) => this.endpoints.includes(s.endpoint));
      this.cached = { atMs: Date.now(), states };
    } catch (err) {
      // A scrape must not fail because the database is down; the gauges keep their last values.
      this.log.warn({ msg: 'discovery gauges not refreshed', err: (err as Error).message });
    }
    return this.cached?.states ?? [];
  }
}

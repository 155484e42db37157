/**
 * The discovery run service as the module wires it, minus Nest and IO: the fake collector, the
 * in-memory store and outbox, an in-memory document output, metrics on their own registry, and the
 * real GLUE builder and validator.
 */
import { Registry } from 'prom-client';
import type { OpenStackSite } from '../../src/config/config.types.js';
import type { DiscoveryWarning } from '../../src/discovery/collect/glue-input.collector.js';
import { DiscoveryMetrics } from '../../src/discovery/discovery.metrics.js';
import { DiscoveryReadService } from '../../src/discovery/discovery-read.service.js';
import { type DiscoveryConfigSlice, DiscoveryRunService } from '../../src/discovery/discovery-run.service.js';
import { DocumentOutput } from '../../src/discovery/document-output.js';
import { glueInput, KEYSTONE_URL } from '../../src/discovery/glue/__golden__/glue-input.fixture.js';
import type { GlueBuildInput } from '../../src/discovery/glue/glue-input.types.js';
import { FakeDiscoveryStore } from '../fakes/fake-discovery.store.js';
import { FakeGlueInputCollector } from '../fakes/fake-glue-input.collector.js';

/** Files by endpoint; `failure` makes the next writes throw. */
export class MemoryDocumentOutput extends DocumentOutput {
  readonly files = new Map<string, string>();
  failure: Error | null = null;

  async write(endpoint: string, body: string): Promise<string> {
    if (this.failure) throw this.failure;
    this.files.set(endpoint, body);
    return `memory:${endpoint}.json`;
  }
}

export function site(name: string, authUrl = KEYSTONE_URL, siteName = 'EXAMPLE-SITE'): OpenStackSite {
  return { name, siteName, authUrl } as OpenStackSite;
}

export const T0 = new Date('2026-11-26T13:48:06.090Z');
export const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);

export interface DiscoveryUnitBed {
  collector: FakeGlueInputCollector;
  store: FakeDiscoveryStore;
  output: MemoryDocumentOutput;
  registry: Registry;
  metrics: DiscoveryMetrics;
  service: DiscoveryRunService;
  reader: DiscoveryReadService;
  config: DiscoveryConfigSlice;
}

/** One endpoint (`example`, the builder's fixture) unless `inputs` and `sites` say otherwise. */
export function discoveryBed(
  options: { inputs?: GlueBuildInput[]; sites?: OpenStackSite[]; warnings?: DiscoveryWarning[] } = {},
): DiscoveryUnitBed {
  const sites = options.sites ?? [site('example')];
  const config = {
    openstack: { sites },
    discovery: {
      gocdbUrl: null,
      gocdbCacheSeconds: 86_400,
      validitySeconds: 43_200,
      flavorSelection: 'public',
      outputDir: 'discovery/glue21',
    },
  } as DiscoveryConfigSlice;
  const collector = new FakeGlueInputCollector(options.inputs ?? [glueInput()], options.warnings ?? []);
  const store = new FakeDiscoveryStore();
  const output = new MemoryDocumentOutput();
  const registry = new Registry();
  const metrics = new DiscoveryMetrics(
    registry,
    store,
    sites.map((s) => s.name),
    0,
  );
  const service = new DiscoveryRunService(config, collector, store, output, metrics);
  const reader = new DiscoveryReadService(config, store);
  return { collector, store, output, registry, metrics, service, reader, config };
}

/** A metric's value (with the given labels) from the bed's registry. */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) =>
    Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l),
  );
  return value?.value;
}

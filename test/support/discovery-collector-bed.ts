/**
 * Shared by the discovery collector integration tests: a simulator's written configuration,
 * collectors over real HTTP clients (closed after the file), and one build checked against the
 * derived GLUE schema.
 */
import { afterAll, expect } from '@jest/globals';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.loader.js';
import type { AppConfig } from '../../src/config/config.types.js';
import type { GlueCollection } from '../../src/discovery/collect/glue-input.collector.js';
import { OpenStackGlueInputCollector } from '../../src/discovery/collect/openstack-glue-input.collector.js';
import { buildGlueDocument } from '../../src/discovery/glue/glue-document.builder.js';
import type { GlueBuildResult } from '../../src/discovery/glue/glue-document.types.js';
import { validateGlueDocument } from '../../src/discovery/glue/glue-document.validator.js';
import { HttpOpenStackClientFactory } from '../../src/sources/openstack/openstack-client.factory.js';
import type { Json, OpenStackSimulator } from '../simulators/openstack/index.js';
import { tempDir } from './temp-dir.js';

export const NOW = new Date('2026-11-26T12:00:00Z');
export type DiscoveryConfig = Pick<AppConfig, 'site' | 'openstack' | 'discovery'>;

const factories: HttpOpenStackClientFactory[] = [];
// Each test file gets its own module instance, so this closes the clients of that file.
afterAll(() => Promise.all(factories.splice(0).map((f) => f.close())));

/** The configuration `--write-config [--per-vo]` gives, loaded and validated like the service does. */
export async function writtenConfig(target: OpenStackSimulator, perVo: boolean): Promise<DiscoveryConfig> {
  const dir = tempDir('fedwatch-discovery-');
  await target.writeConfig(join(dir, 'fedwatch.yaml'), { perVo });
  return loadConfig({ env: {}, cwd: dir }).config;
}

export function collector(c: DiscoveryConfig): OpenStackGlueInputCollector {
  // No back-off sleeps: an unreachable Keystone fails after its attempts at once.
  const clients = new HttpOpenStackClientFactory({ sleep: async () => undefined });
  factories.push(clients);
  return new OpenStackGlueInputCollector({ config: c, clients, producerVersion: '0.0.0-test' });
}

/** Collects once and builds the one site's document, which must validate. */
export async function buildOnce(c: DiscoveryConfig): Promise<GlueCollection & GlueBuildResult> {
  const collection = await collector(c).collect(NOW);
  expect(collection.inputs).toHaveLength(1);
  const built = buildGlueDocument(collection.inputs[0]!);
  expect(validateGlueDocument(built.document)).toEqual({ valid: true });
  return { ...collection, ...built };
}

/** A copy of the configuration with its (only) OpenStack site changed. */
export function withSite(c: DiscoveryConfig, change: (site: Json) => void): DiscoveryConfig {
  const copy = structuredClone(c) as unknown as { openstack: { sites: Json[] } };
  change(copy.openstack.sites[0]!);
  return copy as unknown as DiscoveryConfig;
}

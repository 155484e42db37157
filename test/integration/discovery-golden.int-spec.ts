/**
 * Golden file: the whole GLUE 2.1 document for the OpenStack simulator with seed 7 at a fixed
 * `now`, collected by the real collector over plain HTTP (so there is no IssuerCA) with the
 * simulated GOCDB, and built with `buildGlueDocument`. Attribute and class order count.
 *
 * One thing varies between runs and is normalised: the simulator's base URL
 * (`http://127.0.0.1:<random port>`, in every object ID, the endpoint URL and the MarketplaceURL
 * fallback) becomes `http://simulator.invalid` (SIMULATOR_URL below). Nothing else is touched; a
 * document that still names 127.0.0.1 afterwards fails, so a new varying part shows up here
 * instead of being pinned.
 *
 * Regenerate after an intended change, then review the diff of the JSON file:
 *
 *   UPDATE_GOLDEN=1 node --experimental-vm-modules node_modules/jest/bin/jest.js \
 *     test/integration/discovery-golden --selectProjects integration
 *
 * The comparison is of `JSON.stringify(…, null, 2)` of both sides (the file may be reformatted by
 * Prettier without breaking it; JSON.parse keeps key order as no key is integer-like), so a
 * change fails with a line diff of the document.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GlueCollection } from '../../src/discovery/collect/glue-input.collector.js';
import { buildGlueDocument } from '../../src/discovery/glue/glue-document.builder.js';
import type { GlueBuildResult } from '../../src/discovery/glue/glue-document.types.js';
import { validateGlueDocument } from '../../src/discovery/glue/glue-document.validator.js';
import { startOpenStackSimulator, type OpenStackSimulator } from '../simulators/openstack/index.js';
import { collector, NOW, writtenConfig } from '../support/discovery-collector-bed.js';

const GOLDEN = fileURLToPath(new URL('./__golden__/discovery-seed-7.json', import.meta.url));
/** Stands for the simulator's `http://127.0.0.1:<port>` in the golden file. */
const SIMULATOR_URL = 'http://simulator.invalid';
const update = process.env.UPDATE_GOLDEN === '1';

let sim: OpenStackSimulator;
let collection: GlueCollection;
let built: GlueBuildResult;
let text: string;

beforeAll(async () => {
  // Two VOs with six servers each: every server state occurs (≥ 12 servers), the file stays small.
  sim = await startOpenStackSimulator({ seed: 7, projects: 2, servers: 12, now: NOW, gocdb: true });
  collection = await collector(await writtenConfig(sim, true)).collect(NOW);
  built = buildGlueDocument(collection.inputs[0]!);
  text = JSON.stringify(built.document, null, 2).split(sim.url).join(SIMULATOR_URL);
  if (update) await writeGolden(text);
});
afterAll(() => sim?.close());

/** Written as Prettier formats it, so that `npm run lint` (prettier --check) accepts the file. */
async function writeGolden(document: string): Promise<void> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(GOLDEN)) ?? {};
  writeFileSync(GOLDEN, await prettier.format(document, { ...options, parser: 'json' }));
}

describe('GLUE document of the simulator, seed 7 (golden file; UPDATE_GOLDEN=1 rewrites it)', () => {
  it('collects one endpoint without warnings; the only problem is the seeded broken image', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(collection.inputs).toHaveLength(1);
    expect(collection.warnings).toEqual([]);
    const broken = sim.data.images.find((i) => String(i.name).includes('broken attributes'))!;
    expect(built.problems).toEqual([
      expect.objectContaining({ objectType: 'image', id: broken.id, field: 'APPLIANCE_ATTRIBUTES' }),
    ]);
    expect(validateGlueDocument(built.document)).toEqual({ valid: true });
  });

  it('has nothing run-specific left once the simulator URL is normalised', () => {
    expect(text).not.toContain('127.0.0.1');
    expect(text).toContain(`"URL": "${SIMULATOR_URL}/identity/v3"`);
  });

  it('equals the golden document', () => {
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as unknown;
    expect(text).toBe(JSON.stringify(golden, null, 2));
  });
});

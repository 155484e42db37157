import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { NovaFlavor } from '../../sources/openstack/openstack.types.js';
import { glueContentEqual } from './glue-content-equal.js';
import { buildGlueDocument } from './glue-document.builder.js';
import { validateGlueDocument } from './glue-document.validator.js';
import type { GlueShareInput } from './glue-input.types.js';
import { flavor, glueInput, IMAGES, server } from './__golden__/glue-input.fixture.js';

const flavorArb = fc
  .record({
    id: fc.constantFrom('1', '2', '3', 'gpu', 'x-large'),
    vcpus: fc.integer({ min: 1, max: 256 }),
    ram: fc.integer({ min: 1, max: 2_097_152 }),
    disk: fc.integer({ min: 0, max: 4000 }),
    isPublic: fc.boolean(),
    gpus: fc.option(fc.constantFrom('0', '1', '8', 'two', ''), { nil: undefined }),
  })
  .map(({ id, vcpus, ram, disk, isPublic, gpus }): NovaFlavor => {
    const base = { ...flavor(id, `f-${id}`, vcpus, ram, disk), 'os-flavor-access:is_public': isPublic };
    return gpus === undefined ? base : { ...base, extra_specs: { 'Accelerator:Number': gpus } };
  });

const shareArb = (index: number) =>
  fc
    .oneof(
      fc.record({
        flavors: fc.array(flavorArb, { maxLength: 6 }),
        statuses: fc.array(fc.constantFrom('ACTIVE', 'SHUTOFF', 'SUSPENDED', 'ERROR', 'DELETED'), {
          maxLength: 8,
        }),
        images: fc.subarray(Object.values(IMAGES)),
        quotas: fc.option(fc.record({ instances: fc.integer({ min: -1, max: 100 }) }), { nil: null }),
      }),
      fc.constant(null),
    )
    .map((data): GlueShareInput => {
      const vo = `vo${index}.example.eu`;
      const projectId = `p${index}`;
      if (data === null) return { vo, projectId, error: 'HTTP 503' };
      const servers = data.statuses.map((s, i) => server(`${projectId}-${i}`, s, projectId));
      return { vo, projectId, quotas: data.quotas, servers, flavors: data.flavors, images: data.images };
    });

const sharesArb = fc
  .integer({ min: 0, max: 4 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => shareArb(i))));

describe('buildGlueDocument (properties)', () => {
  it('always validates, with counts, sums and instance size extremes that add up', () => {
    fc.assert(
      fc.property(sharesArb, (shares) => {
        const { document } = buildGlueDocument({ ...glueInput(), shares, flavorSelection: 'all' });
        expect(validateGlueDocument(document)).toEqual({ valid: true });
        const read = shares.filter((s) => s.error === undefined);
        expect(document.Share).toHaveLength(read.length);
        expect(document.MappingPolicy).toHaveLength(read.length);
        expect(document.CloudComputingInstanceType).toHaveLength(read.flatMap((s) => s.flavors).length);
        const total = document.Share.reduce((sum, s) => sum + s.TotalVM, 0);
        expect(document.CloudComputingService[0].TotalVM).toBe(total);
        const cpus = read.flatMap((s) => s.flavors.map((f) => f.vcpus));
        const manager = document.CloudComputingManager[0];
        if (cpus.length > 0) {
          expect([manager.InstanceMinCPU, manager.InstanceMaxCPU]).toEqual([
            Math.min(...cpus),
            Math.max(...cpus),
          ]);
        }
        const ids = new Set(document.CloudComputingVirtualAccelerator?.map((a) => a.ID));
        for (const type of document.CloudComputingInstanceType) {
          for (const id of type.Associations?.CloudComputingVirtualAccelerator ?? [])
            expect(ids.has(id)).toBe(true);
        }
      }),
    );
  });

  it('is content-equal to itself built at any other time', () => {
    fc.assert(
      fc.property(sharesArb, fc.integer({ min: 0, max: 4_102_444_800_000 }), (shares, ms) => {
        const a = buildGlueDocument({ ...glueInput(), shares }).document;
        const b = buildGlueDocument({ ...glueInput(), shares, now: new Date(ms) }).document;
        expect(glueContentEqual(a, b)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

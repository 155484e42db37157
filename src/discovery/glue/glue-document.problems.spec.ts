import { describe, expect, it } from '@jest/globals';
import type { NovaFlavor } from '../../sources/openstack/openstack.types.js';
import { buildGlueDocument } from './glue-document.builder.js';
import { validateGlueDocument } from './glue-document.validator.js';
import type { GlueBuildInput, GlueShareRead } from './glue-input.types.js';
import { flavor, glueInput, IMAGES } from './__golden__/glue-input.fixture.js';

function share(vo: string, overrides: Partial<GlueShareRead>): GlueShareRead {
  return {
    vo,
    projectId: `${vo}-p`,
    quotas: { instances: 3 },
    servers: [],
    flavors: [],
    images: [],
    ...overrides,
  };
}
const withShares = (...shares: GlueShareRead[]): GlueBuildInput => ({ ...glueInput(), shares });
const noVcpus = { ...flavor('7', 'broken', 1, 1024, 10), vcpus: undefined } as unknown as NovaFlavor;

describe('buildGlueDocument: bad input is reported and the rest still built', () => {
  it('skips a flavor without vcpus, once per flavor although every share lists it', () => {
    const flavors = [noVcpus, flavor('2', 'm1.small', 1, 2048, 20)];
    const { document, problems } = buildGlueDocument(
      withShares(share('a', { flavors }), share('b', { flavors })),
    );
    expect(problems).toEqual([
      {
        objectType: 'flavor',
        id: '7',
        field: 'vcpus',
        message: 'flavor without vcpus: not published',
        skipped: true,
      },
    ]);
    expect(document.CloudComputingInstanceType.map((t) => t.ID)).toEqual(['2', '2']);
    expect(validateGlueDocument(document)).toEqual({ valid: true });
  });

  it('publishes an image with invalid APPLIANCE_ATTRIBUTES without OtherInfo', () => {
    const bad = { ...IMAGES.ubuntu, APPLIANCE_ATTRIBUTES: '{"eu.egi.cloud.tag": ' };
    const list = { ...IMAGES.centos, APPLIANCE_ATTRIBUTES: '["not", "an", "object"]' };
    const { document, problems } = buildGlueDocument(withShares(share('a', { images: [bad, list] })));
    expect(problems).toEqual([
      expect.objectContaining({
        objectType: 'image',
        id: bad.id,
        field: 'APPLIANCE_ATTRIBUTES',
        skipped: false,
      }),
      {
        objectType: 'image',
        id: list.id,
        field: 'APPLIANCE_ATTRIBUTES',
        message: 'not a JSON object: published without OtherInfo',
        skipped: false,
      },
    ]);
    expect(problems[0].message).toMatch(/^not valid JSON \(.+\): published without OtherInfo$/);
    expect(document.CloudComputingImage.map((i) => [i.ID, i.OtherInfo, i.MarketplaceURL])).toEqual([
      [bad.id, undefined, IMAGES.ubuntu.vmcatcher_event_ad_mpuri],
      [list.id, undefined, IMAGES.centos.vmcatcher_event_ad_mpuri],
    ]);
  });

  it('warns that the federation drops a document without GOCDB id, and builds it anyway', () => {
    const { document, problems } = buildGlueDocument({
      ...glueInput(),
      site: { name: 'EXAMPLE-SITE', gocdbId: null },
    });
    expect(problems).toContainEqual({
      objectType: 'service',
      id: 'https://keystone.example.org:5000/v3_cloud.compute',
      field: 'OtherInfo.gocdb_id',
      message: expect.stringContaining('drop the whole document'),
      skipped: false,
    });
    expect(document.CloudComputingService[0].OtherInfo).toBeUndefined();
    expect(document.Share).toHaveLength(2);
    expect(validateGlueDocument(document)).toEqual({ valid: true });
  });

  it('publishes a GPU flavor whose count is no whole number without accelerator', () => {
    const gpu = { ...flavor('9', 'g9', 4, 4096, 10), extra_specs: { 'Accelerator:Number': 'two' } };
    const { document, problems } = buildGlueDocument(withShares(share('a', { flavors: [gpu] })));
    expect(problems).toEqual([
      expect.objectContaining({ objectType: 'flavor', id: '9', field: 'extra_specs.Accelerator:Number' }),
    ]);
    expect(document.CloudComputingInstanceType[0].Associations).not.toHaveProperty(
      'CloudComputingVirtualAccelerator',
    );
    expect(document.CloudComputingVirtualAccelerator).toBeUndefined();
  });

  it('leaves out MaxVM and quotas when the quota set could not be read', () => {
    const { document, problems } = buildGlueDocument(
      withShares(share('a', { quotas: null, projectName: 'a' })),
    );
    expect(document.Share[0]).not.toHaveProperty('MaxVM');
    expect(document.Share[0].OtherInfo).toEqual({ project_name: 'a' });
    expect(problems).toEqual([
      expect.objectContaining({ objectType: 'share', field: 'quotas', skipped: false }),
    ]);
  });

  it('leaves out the Nova versions when the version document could not be read', () => {
    const input = glueInput();
    const { document, problems } = buildGlueDocument({
      ...input,
      endpoint: { ...input.endpoint, novaVersion: null },
    });
    expect(document.CloudComputingEndpoint[0]).not.toHaveProperty('InterfaceVersion');
    expect(document.CloudComputingEndpoint[0]).not.toHaveProperty('ImplementationVersion');
    expect(problems).toContainEqual(
      expect.objectContaining({ objectType: 'endpoint', field: 'novaVersion' }),
    );
  });

  it('refuses an invalid time or validity (caller errors)', () => {
    expect(() => buildGlueDocument({ ...glueInput(), now: new Date(NaN) })).toThrow(RangeError);
    expect(() => buildGlueDocument({ ...glueInput(), validitySeconds: 0 })).toThrow(RangeError);
  });
});

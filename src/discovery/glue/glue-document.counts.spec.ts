import { describe, expect, it } from '@jest/globals';
import { buildGlueDocument } from './glue-document.builder.js';
import type { GlueBuildInput, GlueShareRead } from './glue-input.types.js';
import { flavor, glueInput, IMAGES, server } from './__golden__/glue-input.fixture.js';

const readShares = (input: GlueBuildInput) => input.shares.filter((s): s is GlueShareRead => !s.error);

function share(vo: string, projectId: string, overrides: Partial<GlueShareRead> = {}): GlueShareRead {
  return { vo, projectId, quotas: { instances: 5 }, servers: [], flavors: [], images: [], ...overrides };
}

function withShares(...shares: GlueShareRead[]): GlueBuildInput {
  return { ...glueInput(), shares };
}

describe('buildGlueDocument: one object per VO, flavor and image', () => {
  const input = glueInput();
  const { document } = buildGlueDocument(input);
  const read = readShares(input);

  it('has one Share and one MappingPolicy per VO that was read, and one AccessPolicy for all VOs', () => {
    expect(document.Share.map((s) => s.ProjectID)).toEqual(read.map((s) => s.projectId));
    expect(document.MappingPolicy.map((p) => p.Associations?.PolicyUserDomain)).toEqual(
      read.map((s) => [s.vo]),
    );
    expect(document.AccessPolicy).toHaveLength(1);
    expect(document.AccessPolicy[0].Rule).toEqual(input.shares.map((s) => `VO:${s.vo}`));
    expect(document.CloudComputingService[0].Complexity).toBe(`endpointType=1,share=${read.length}`);
  });

  it('repeats instance types per share: (public flavors) × shares, each associated with its share', () => {
    const publicFlavors = read.map((s) => s.flavors.filter((f) => f['os-flavor-access:is_public'] !== false));
    expect(document.CloudComputingInstanceType).toHaveLength(publicFlavors.flat().length);
    document.Share.forEach((s, i) => {
      const ofShare = document.CloudComputingInstanceType.filter((t) =>
        t.Associations?.Share?.includes(s.ID),
      );
      expect(ofShare.map((t) => t.ID)).toEqual(publicFlavors[i].map((f) => f.id));
    });
  });

  it('repeats images per share: (active images) × shares', () => {
    const active = read.map((s) => s.images.filter((i) => i.status === 'active').map((i) => i.id));
    document.Share.forEach((s, i) => {
      const ofShare = document.CloudComputingImage.filter((img) => img.Associations?.Share?.includes(s.ID));
      expect(ofShare.map((img) => img.ID)).toEqual(active[i]);
    });
    expect(document.CloudComputingImage).toHaveLength(active.flat().length);
  });

  it('counts VMs per share from server states and sums them in the service', () => {
    const projectId = 'p1';
    const states = ['ACTIVE', 'BUILD', 'ERROR', 'SHUTOFF', 'SHUTOFF', 'SUSPENDED', 'PAUSED', 'DELETED'];
    const servers = [
      ...states.map((status, i) => server(`s${i}`, status, projectId)),
      server('other', 'ACTIVE', 'another-project'),
    ];
    const { document: doc } = buildGlueDocument(
      withShares(
        share('a', projectId, { servers }),
        share('b', 'p2', { servers: [server('x', 'ACTIVE', 'p2')] }),
      ),
    );
    expect(
      doc.Share.map(({ TotalVM, RunningVM, SuspendedVM, HaltedVM }) => [
        TotalVM,
        RunningVM,
        SuspendedVM,
        HaltedVM,
      ]),
    ).toEqual([
      [7, 4, 1, 2],
      [1, 1, 0, 0],
    ]);
    expect(doc.CloudComputingService[0]).toMatchObject({
      TotalVM: 8,
      RunningVM: 5,
      SuspendedVM: 1,
      HaltedVM: 2,
    });
  });

  it('writes one accelerator per GPU flavor although the flavor repeats per share', () => {
    const gpu = { ...flavor('g', 'gpu', 4, 8192, 10), extra_specs: { 'Accelerator:Number': '2' } };
    const { document: doc } = buildGlueDocument(
      withShares(share('a', 'p1', { flavors: [gpu] }), share('b', 'p2', { flavors: [gpu] })),
    );
    expect(
      doc.CloudComputingInstanceType.map((t) => t.Associations?.CloudComputingVirtualAccelerator),
    ).toEqual([['g_gpu'], ['g_gpu']]);
    expect(doc.CloudComputingVirtualAccelerator).toEqual([
      expect.objectContaining({ ID: 'g_gpu', Number: 2, Vendor: 'UNKNOWN', Model: 'UNKNOWN', Type: 'GPU' }),
    ]);
  });

  it('leaves the accelerator class out without GPU flavors, but keeps every other class key', () => {
    const { document: doc } = buildGlueDocument(withShares(share('a', 'p1')));
    expect(Object.keys(doc)).not.toContain('CloudComputingVirtualAccelerator');
    expect(doc).toMatchObject({ CloudComputingImage: [], CloudComputingInstanceType: [] });
  });

  it('selects flavors: public by default, or all, or private', () => {
    const flavors = [
      flavor('pub', 'pub', 1, 1024, 1),
      { ...flavor('priv', 'priv', 2, 2048, 1), 'os-flavor-access:is_public': false },
    ];
    const ids = (selection?: 'all' | 'private') =>
      buildGlueDocument({
        ...withShares(share('a', 'p1', { flavors })),
        flavorSelection: selection,
      }).document.CloudComputingInstanceType.map((t) => t.ID);
    expect([ids(), ids('all'), ids('private')]).toEqual([['pub'], ['pub', 'priv'], ['priv']]);
  });

  it('uses the default validity 43200 s, or the one given', () => {
    expect(buildGlueDocument(glueInput()).document.Share[0].Validity).toBe(43200);
    const { document: doc } = buildGlueDocument({ ...glueInput(), validitySeconds: 7200 });
    expect(
      new Set(
        Object.values(doc)
          .flat()
          .map((o) => o.Validity),
      ),
    ).toEqual(new Set([7200]));
  });

  it('falls back to the Glance file link of the configured interface for images without marketplace URL', () => {
    const { document: doc } = buildGlueDocument(withShares(share('a', 'p1', { images: [IMAGES.cirros] })));
    expect(doc.CloudComputingImage[0].MarketplaceURL).toBe(
      `https://image.example.org:9292/v2/images/${IMAGES.cirros.id}/file`,
    );
  });
});

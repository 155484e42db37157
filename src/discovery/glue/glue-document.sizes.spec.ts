import { describe, expect, it } from '@jest/globals';
import { buildGlueDocument } from './glue-document.builder.js';
import type { GlueBuildInput, GlueShareInput, GlueShareRead } from './glue-input.types.js';
import { flavor, glueInput } from './__golden__/glue-input.fixture.js';

function share(vo: string, sizes: [number, number][]): GlueShareRead {
  const flavors = sizes.map(([cpu, ram], i) => flavor(`${vo}-${i}`, `${vo}.f${i}`, cpu, ram, 10));
  return { vo, projectId: `${vo}-project`, quotas: { instances: 1 }, servers: [], flavors, images: [] };
}

const withShares = (...shares: GlueShareInput[]): GlueBuildInput => ({ ...glueInput(), shares });

describe('buildGlueDocument: instance sizes', () => {
  it('gives the manager the true extremes over all shares, not the last share (v1.2.0 bug)', () => {
    const { document } = buildGlueDocument(
      withShares(
        share('a', [
          [2, 4096],
          [16, 65536],
        ]),
        share('b', [
          [1, 512],
          [4, 8192],
        ]),
        share('c', [[2, 2048]]),
      ),
    );
    expect(document.CloudComputingManager[0]).toMatchObject({
      InstanceMaxCPU: 16,
      InstanceMinCPU: 1,
      InstanceMaxRAM: 65536,
      InstanceMinRAM: 512,
    });
    expect(document.Share.map((s) => [s.InstanceMaxCPU, s.InstanceMaxRAM])).toEqual([
      [16, 65536],
      [4, 8192],
      [2, 2048],
    ]);
  });

  it('takes CPU and RAM extremes independently (the largest CPU flavor need not have the most RAM)', () => {
    const { document } = buildGlueDocument(
      withShares(
        share('a', [
          [32, 1024],
          [1, 262144],
        ]),
      ),
    );
    expect(document.CloudComputingManager[0]).toMatchObject({
      InstanceMaxCPU: 32,
      InstanceMinCPU: 1,
      InstanceMaxRAM: 262144,
      InstanceMinRAM: 1024,
    });
  });

  it('ignores failed shares and skipped flavors', () => {
    const broken = {
      ...flavor('bad', 'bad', 1, 1, 1),
      vcpus: undefined,
    } as unknown as GlueShareRead['flavors'][0];
    const a = share('a', [[4, 4096]]);
    const { document } = buildGlueDocument(
      withShares({ ...a, flavors: [...a.flavors, broken] }, { vo: 'x', projectId: 'px', error: 'down' }),
    );
    expect(document.CloudComputingManager[0]).toMatchObject({ InstanceMinCPU: 4, InstanceMinRAM: 4096 });
  });

  it('omits the manager sizes without any instance type, and a share without flavors has maxima 0', () => {
    const { document } = buildGlueDocument(withShares(share('a', [])));
    expect(Object.keys(document.CloudComputingManager[0])).toEqual([
      'ID',
      'Validity',
      'CreationTime',
      'Associations',
    ]);
    expect(document.Share[0]).toMatchObject({ InstanceMaxCPU: 0, InstanceMaxRAM: 0 });
  });
});

describe('buildGlueDocument: endpoint health', () => {
  const health = (...shares: GlueShareInput[]) => {
    const endpoint = buildGlueDocument(withShares(...shares)).document.CloudComputingEndpoint[0];
    return [endpoint.HealthState, endpoint.HealthStateInfo];
  };

  it('is ok when every share was read', () => {
    expect(health(share('a', []), share('b', []))).toEqual(['ok', 'Endpoint functioning properly']);
  });

  it('is warning, naming each failed VO and why, when some shares failed', () => {
    expect(health(share('a', []), { vo: 'b', projectId: 'pb', error: 'HTTP 503' })).toEqual([
      'warning',
      '1 of 2 shares failed: b: HTTP 503',
    ]);
  });

  it('is unknown when no share could be read, or no VO is configured', () => {
    expect(health({ vo: 'b', projectId: 'pb', error: 'HTTP 401' })).toEqual([
      'unknown',
      'No share could be read: b: HTTP 401',
    ]);
    expect(health()).toEqual(['unknown', 'No VO is configured for this endpoint']);
  });

  it('still builds service, manager, endpoint and access policy when no share could be read', () => {
    const { document } = buildGlueDocument(withShares({ vo: 'b', projectId: 'pb', error: 'HTTP 401' }));
    expect(document.Share).toEqual([]);
    expect(document.CloudComputingService[0]).toMatchObject({
      Complexity: 'endpointType=1,share=0',
      TotalVM: 0,
    });
    expect(document.AccessPolicy[0].Rule).toEqual(['VO:b']);
  });
});

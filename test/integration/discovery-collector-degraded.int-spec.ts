/**
 * Discovery's data side when things fail: one VO's credential, Keystone, GOCDB; and a site read
 * with a system credential and voMap over plain HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GlueBuildResult } from '../../src/discovery/glue/glue-document.types.js';
import {
  startOpenStackSimulator,
  type Json,
  type OpenStackSimulator,
} from '../simulators/openstack/index.js';
import {
  buildOnce,
  collector,
  NOW,
  withSite,
  writtenConfig,
  type DiscoveryConfig,
} from '../support/discovery-collector-bed.js';
import { freePort } from '../support/free-port.js';

let sim: OpenStackSimulator;
let config: DiscoveryConfig;

beforeAll(async () => {
  sim = await startOpenStackSimulator({
    seed: 11,
    projects: 4,
    servers: 80,
    now: NOW,
    tls: true,
    gocdb: true,
    malformedFlavor: true,
  });
  config = await writtenConfig(sim, true);
});
afterAll(() => sim.close());

describe('degraded reads', () => {
  it('keeps the other shares when one VO credential is wrong, with HealthState warning', async () => {
    const wrong = withSite(config, (site) => {
      ((site.vos as Json[])[1]!.credential as Json).secret = 'not-the-secret';
    });
    const { document, inputs } = await buildOnce(wrong);
    const failedVo = wrong.openstack.sites[0]!.vos[1]!.name;
    expect(inputs[0]!.shares.filter((s) => s.error !== undefined).map((s) => s.vo)).toEqual([failedVo]);
    expect(document.Share).toHaveLength(sim.data.projects.length - 1);
    expect(document.CloudComputingEndpoint[0]).toMatchObject({
      HealthState: 'warning',
      HealthStateInfo: expect.stringContaining(`${failedVo}: Keystone at`),
    });
  });

  it('fails every share when Keystone is unreachable: HealthState unknown, IssuerCA left out', async () => {
    const port = await freePort();
    const gone = withSite(config, (site) => {
      site.authUrl = `https://127.0.0.1:${port}/identity/v3`;
    });
    const { document, inputs, warnings } = await buildOnce(gone);
    expect(inputs[0]!.shares.every((s) => s.error?.includes('127.0.0.1'))).toBe(true);
    expect(document.Share).toEqual([]);
    expect(document.CloudComputingEndpoint[0]).toMatchObject({ HealthState: 'unknown' });
    expect(document.CloudComputingEndpoint[0]).not.toHaveProperty('IssuerCA');
    expect(warnings.map((w) => w.subject).sort()).toEqual(['gocdb', 'issuerCa']);
    expect(warnings.find((w) => w.subject === 'gocdb')!.message).toBe(
      'the federation will drop this document: the Keystone URL is not registered in GOCDB as org.openstack.nova',
    );
    expect(document.CloudComputingService[0]).not.toHaveProperty('OtherInfo');
  });

  it('reuses the GOCDB answer within gocdbCacheSeconds and keeps the last id when GOCDB fails', async () => {
    const cached = collector(config);
    const before = sim.requests.count('/gocdbpi/public/');
    await cached.collect(NOW);
    await cached.collect(NOW);
    expect(sim.requests.count('/gocdbpi/public/') - before).toBe(1);

    const uncached = collector({ ...config, discovery: { ...config.discovery, gocdbCacheSeconds: 0 } });
    await uncached.collect(NOW);
    sim.faults.error('/gocdbpi/public/', { status: 503, times: 1 });
    const { inputs, warnings } = await uncached.collect(NOW);
    expect(inputs[0]!.site.gocdbId).toBe(sim.gocdb!.primaryKey);
    expect(warnings).toContainEqual({
      site: 'simulated',
      subject: 'gocdb',
      message: expect.stringMatching(/^GOCDB look-up failed \(.*503.*\): keeping the last known id \d+G0$/),
    });
  });

  it('lets site.gocdbId win over the look-up', async () => {
    const { inputs } = await collector({ ...config, site: { ...config.site, gocdbId: '999G0' } }).collect(
      NOW,
    );
    expect(inputs[0]!.site.gocdbId).toBe('999G0');
  });
});

describe('a system credential with voMap over plain HTTP', () => {
  let plain: OpenStackSimulator;
  let built: GlueBuildResult & { warnings: unknown[] };
  beforeAll(async () => {
    plain = await startOpenStackSimulator({ seed: 12, projects: 3, servers: 30, now: NOW });
    built = await buildOnce(await writtenConfig(plain, false));
  });
  afterAll(() => plain.close());

  it('reads the mapped project through all_tenants and shows only the images the project sees', () => {
    const orphan = plain.data.projects.find((p) => p.vo === null)!;
    const [share] = built.document.Share;
    expect(built.document.Share).toHaveLength(1);
    const live = plain.data.servers.filter((s) => s.projectId === orphan.id && !s.deleted);
    expect(share).toMatchObject({ ProjectID: orphan.id, TotalVM: live.length });
    expect(share!.OtherInfo).toMatchObject({ project_name: orphan.name });
    expect(share!.OtherInfo).not.toHaveProperty('project_domain_name');
    const visible = plain.data.images.filter(
      (i) => i.status === 'active' && (i.visibility !== 'private' || i.owner === orphan.id),
    );
    expect(built.document.CloudComputingImage.map((i) => i.ID).sort()).toEqual(
      visible.map((i) => i.id as string).sort(),
    );
    const endpoint = built.document.CloudComputingEndpoint[0]!;
    expect(endpoint).not.toHaveProperty('IssuerCA');
    expect(endpoint).toMatchObject({ Authentication: 'v3password', HealthState: 'ok' });
    expect(built.warnings).toEqual([
      expect.objectContaining({ subject: 'gocdb', message: expect.stringContaining('neither site.gocdbId') }),
    ]);
  });
});

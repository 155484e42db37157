/**
 * Discovery's data side against the OpenStack simulator (HTTPS, with its GOCDB): the collected
 * inputs build a GLUE document that validates against the derived schema and agrees with the
 * simulated cloud. Degraded reads: discovery-collector-degraded.int-spec.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  CA_SUBJECT,
  startOpenStackSimulator,
  type Json,
  type OpenStackSimulator,
} from '../simulators/openstack/index.js';
import { buildOnce, NOW, writtenConfig, type DiscoveryConfig } from '../support/discovery-collector-bed.js';

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

describe('collected GLUE inputs (HTTPS simulator with GOCDB)', () => {
  let result: Awaited<ReturnType<typeof buildOnce>>;
  beforeAll(async () => {
    result = await buildOnce(config);
  });
  const doc = () => result.document;
  const shareOf = (projectId: string) => doc().Share.find((s) => s.ProjectID === projectId)!;

  it('writes discovery.gocdbUrl into the config, and the document carries the GOCDB primary key', () => {
    expect(config.discovery.gocdbUrl).toBe(sim.gocdbUrl);
    expect(config.site.gocdbId).toBeNull();
    expect(result.inputs[0]!.site).toEqual({ name: 'SIM-OPENSTACK', gocdbId: sim.gocdb!.primaryKey });
    expect(doc().CloudComputingService[0]!.OtherInfo).toEqual({
      gocdb_id: sim.gocdb!.primaryKey,
      site_name: 'SIM-OPENSTACK',
    });
  });

  it("reports the simulator CA's subject as IssuerCA, the Nova versions and the auth method", () => {
    const endpoint = doc().CloudComputingEndpoint[0]!;
    const ca = new X509Certificate(readFileSync(sim.caFile!));
    expect(endpoint.IssuerCA).toBe(CA_SUBJECT);
    // Node prints the subject one attribute a line, in certificate order.
    expect(endpoint.IssuerCA).toBe(`/${ca.subject.split('\n').join('/')}`);
    expect(endpoint).toMatchObject({
      URL: sim.authUrl,
      InterfaceVersion: '2.1',
      ImplementationVersion: '2.93',
      Authentication: 'v3applicationcredential',
      HealthState: 'ok',
    });
  });

  it('has one share per VO with its project, quotas and VM counts by server state', () => {
    expect(doc().Share).toHaveLength(sim.data.projects.length);
    for (const project of sim.data.projects) {
      const share = shareOf(project.id);
      const live = sim.data.servers.filter((s) => s.projectId === project.id && !s.deleted);
      const status = (wanted: string) => live.filter((s) => s.api.status === wanted).length;
      expect(share).toMatchObject({
        TotalVM: live.length,
        HaltedVM: status('SHUTOFF'),
        SuspendedVM: status('SUSPENDED'),
        RunningVM: live.length - status('SHUTOFF') - status('SUSPENDED'),
        MaxVM: sim.data.quotas[project.id]!.instances,
      });
      expect(share.OtherInfo).toMatchObject({
        project_name: project.name,
        project_domain_name: 'Default',
        quotas: { cores: sim.data.quotas[project.id]!.cores, floating_ips: -1 },
      });
    }
    expect(doc().CloudComputingService[0]!.TotalVM).toBe(sim.data.servers.filter((s) => !s.deleted).length);
  });

  it('publishes the public flavors with vcpus and the active images each VO sees, once per share', () => {
    const flavors = sim.data.flavors.filter(
      (f) => !f.deleted && f.api['os-flavor-access:is_public'] === true && 'vcpus' in f.api,
    );
    expect(doc().CloudComputingInstanceType).toHaveLength(flavors.length * sim.data.projects.length);
    const gpu = flavors.filter((f) => (f.api.extra_specs as Json)['Accelerator:Number']);
    expect(
      doc()
        .CloudComputingVirtualAccelerator?.map((a) => a.ID)
        .sort(),
    ).toEqual(gpu.map((f) => `${f.id}_gpu`).sort());
    let images = 0;
    for (const project of sim.data.projects) {
      const visible = sim.data.images.filter(
        (i) => i.status === 'active' && (i.visibility !== 'private' || i.owner === project.id),
      );
      const published = doc().CloudComputingImage.filter(
        (i) => i.Associations?.Share?.[0] === shareOf(project.id).ID,
      );
      expect(published.map((i) => i.ID).sort()).toEqual(visible.map((i) => i.id as string).sort());
      images += visible.length;
    }
    expect(doc().CloudComputingImage).toHaveLength(images);
    expect(sim.data.images.some((i) => i.status !== 'active')).toBe(true);
  });

  it('publishes marketplace annotations as OtherInfo', () => {
    const registry = doc().CloudComputingImage.find((i) => i.MarketplaceURL?.startsWith('registry.egi.eu/'))!;
    expect(registry.OtherInfo).toMatchObject({
      'eu.egi.cloud.image_ref': 'egi_vm_images/ubuntu-gpu:24.04',
      'eu.egi.cloud.tag': expect.stringMatching(/^2025-09-04-[0-9a-f]{8}$/),
    });
    expect(registry).toMatchObject({ OSPlatform: 'x86_64', OSName: 'ubuntu', OSVersion: '24.04' });
    const appdb = doc().CloudComputingImage.find((i) => i.Name === 'EGI AlmaLinux 9')!;
    expect(appdb.OtherInfo).toMatchObject({
      base_mpuri: expect.stringMatching(/^https:\/\/appdb\.egi\.eu\//),
    });
    expect(appdb.Description).toBe('EGI AlmaLinux 9');
  });

  it('reports the image with broken APPLIANCE_ATTRIBUTES and the flavor without vcpus by id', () => {
    const broken = sim.data.images.find((i) => String(i.name).includes('broken attributes'))!;
    expect(result.problems).toContainEqual(
      expect.objectContaining({ objectType: 'image', id: broken.id, field: 'APPLIANCE_ATTRIBUTES' }),
    );
    const noVcpus = sim.data.flavors.find((f) => !('vcpus' in f.api))!;
    const flavorWarnings = result.warnings.filter((w) => w.subject === `flavor:${noVcpus.id}`);
    expect(flavorWarnings).toEqual([
      { site: 'simulated', subject: `flavor:${noVcpus.id}`, message: expect.stringContaining('vcpus') },
    ]);
    expect(result.warnings.filter((w) => w.subject !== `flavor:${noVcpus.id}`)).toEqual([]);
  });
});

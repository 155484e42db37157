import { describe, expect, it } from '@jest/globals';
import { ErrorCode, FedwatchError } from '../../../common/errors/index.js';
import { FakeOpenStackClient } from '../../../../test/fakes/fake-openstack-client.js';
import { novaServer, serverUsage } from '../../../../test/support/openstack-fixtures.js';
import {
  BEFORE_WINDOW,
  WINDOW,
  byProject,
  collectorFor,
  sampleCloud,
  succeeded,
} from '../../../../test/support/openstack-sample-cloud.js';

describe('OpenStackUsageCollector: what is read for a project', () => {
  it('collects each project: changed and usage-only servers, images used, user names, IPs, volumes and the VO', async () => {
    const { fake, site, collector } = collectorFor();
    const result = await collector.collectSite(site, WINDOW);
    expect(result.error).toBeNull();
    const p1 = succeeded(byProject(result).p1);
    expect(p1.vo).toBe('vo.one');
    expect(p1.data.servers.map((s) => s.id).sort()).toEqual(['s1', 's2', 's3']);
    expect(p1.data.usages.map((u) => u.instance_id)).toEqual(['s1', 's2']);
    expect(Object.keys(p1.data.images).sort()).toEqual(['img-1', 'img-2']);
    expect(p1.data.images['img-1'].vmcatcher_event_ad_mpuri).toBe('registry/x:1');
    expect(p1.data.userNames).toEqual({ u1: 'alice', u2: 'bob', u3: null });
    expect(p1.data.floatingIps.map((f) => f.id)).toEqual(['f1']);
    expect(p1.data.volumes.map((v) => v.id)).toEqual(['v1']);
    expect(p1.warnings).toEqual([]);
    expect(fake.count('getServer', 's2')).toBe(1);
    expect(succeeded(byProject(result).p2).vo).toBe('vo.two');
    expect(succeeded(byProject(result).p3).vo).toBe('vo.three');
  });

  it('looks each distinct user up at most once per run, remembering failures as null', async () => {
    const fake = new FakeOpenStackClient(sampleCloud()).failWith('getUser', ([id]) =>
      id === 'u2' ? new FedwatchError(ErrorCode.SOURCE_UNREACHABLE, 'down') : undefined,
    );
    const { site, collector } = collectorFor({ fake });
    const result = await collector.collectSite(site, WINDOW, { concurrency: 4 });
    for (const id of ['u1', 'u2', 'u3']) expect(fake.count('getUser', id)).toBe(1);
    expect(succeeded(byProject(result).p3).data.userNames).toEqual({ u2: null });
    // A new run starts with a fresh cache.
    await collector.collectSite(site, WINDOW);
    expect(fake.count('getUser', 'u1')).toBe(2);
  });

  it('keeps the usage entry of a server Nova no longer has, with a warning', async () => {
    const { site, collector } = collectorFor();
    const p2 = succeeded(byProject(await collector.collectSite(site, WINDOW)).p2);
    expect(p2.data.servers.map((s) => s.id)).toEqual(['s4']);
    expect(p2.data.usages.map((u) => u.instance_id)).toEqual(['s4', 's5']);
    expect(p2.warnings).toEqual([
      expect.objectContaining({ code: 'server-missing', id: 's5', projectId: 'p2' }),
    ]);
  });

  it('fetches many usage-only servers with one live listing instead of one GET each', async () => {
    const data = sampleCloud();
    const many = Array.from({ length: 50 }, (_, i) =>
      novaServer(`old${i}`, { tenant_id: 'p1', updated: BEFORE_WINDOW }),
    );
    data.servers.push(...many);
    data.usages.p1.push(...many.map((s) => serverUsage(s.id)));
    const { fake, site, collector } = collectorFor({ fake: new FakeOpenStackClient(data) });
    const p1 = succeeded(byProject(await collector.collectSite(site, WINDOW, { projects: ['p1'] })).p1);
    expect(p1.data.servers).toHaveLength(53);
    expect(fake.count('listServers')).toBe(1);
    expect(fake.count('getServer')).toBe(0);
  });

  it('reports a malformed server with its id and field and completes the rest', async () => {
    const data = sampleCloud();
    data.malformedServers = { p1: [{ id: 's9', field: 'flavor.vcpus', problem: 'expected number' }] };
    data.usages.p1.push(serverUsage('s9'));
    const { fake, site, collector } = collectorFor({ fake: new FakeOpenStackClient(data) });
    const p1 = succeeded(byProject(await collector.collectSite(site, WINDOW)).p1);
    expect(p1.data.servers.map((s) => s.id).sort()).toEqual(['s1', 's2', 's3']);
    expect(p1.warnings).toEqual([
      expect.objectContaining({
        code: 'server-malformed',
        id: 's9',
        field: 'flavor.vcpus',
        message: expect.stringContaining('s9'),
      }),
    ]);
    expect(fake.count('getServer', 's9')).toBe(0);
  });

  it('fails a project without a VO on its own, clearly', async () => {
    const { site, collector } = collectorFor();
    const result = await collector.collectSite(site, WINDOW);
    const p4 = byProject(result).p4;
    expect(p4.ok).toBe(false);
    if (p4.ok) return;
    expect(p4.error.code).toBe(ErrorCode.CONFIG_INVALID);
    expect(p4.error.message).toContain('project p4 (project-p4) has no VO');
    expect(result.projects.filter((p) => p.ok)).toHaveLength(3);
  });

  it('keeps going when one project fails', async () => {
    const fake = new FakeOpenStackClient(sampleCloud()).failWith('listUsage', ([pid]) =>
      pid === 'p2' ? new FedwatchError(ErrorCode.SOURCE_UNREACHABLE, 'Nova down for p2') : undefined,
    );
    const { site, collector } = collectorFor({ fake });
    const result = byProject(await collector.collectSite(site, WINDOW));
    expect(result.p2).toMatchObject({ ok: false, error: { code: ErrorCode.SOURCE_UNREACHABLE } });
    expect(result.p1.ok && result.p3.ok).toBe(true);
  });

  it('lists images once per run and degrades to a warning when Glance fails', async () => {
    const { fake, site, collector } = collectorFor();
    await collector.collectSite(site, WINDOW);
    expect(fake.count('listImages')).toBe(1);
    fake.failWith('listImages', new FedwatchError(ErrorCode.SOURCE_UNREACHABLE, 'Glance down'));
    const p1 = succeeded(byProject(await collector.collectSite(site, WINDOW)).p1);
    expect(p1.data.images).toEqual({});
    expect(p1.warnings).toEqual([expect.objectContaining({ code: 'images-unreadable' })]);
    expect(fake.count('listImages')).toBe(2);
  });

  it('warns when the catalog has no volume service, but fails the project when Cinder is down', async () => {
    const noEndpoint = new FedwatchError(ErrorCode.SOURCE_REJECTED, 'no volume endpoint', {
      reason: 'no-endpoint',
    });
    const { fake, site, collector } = collectorFor();
    fake.failWith('listVolumes', noEndpoint);
    const p1 = succeeded(byProject(await collector.collectSite(site, WINDOW)).p1);
    expect(p1.data.volumes).toEqual([]);
    expect(p1.warnings).toEqual([expect.objectContaining({ code: 'service-missing' })]);
    fake.failWith('listVolumes', new FedwatchError(ErrorCode.SOURCE_UNREACHABLE, 'Cinder down'));
    expect(byProject(await collector.collectSite(site, WINDOW)).p1.ok).toBe(false);
  });

  it('naive (benchmark-only) mode: one project at a time, pages of 200, one user look-up per server', async () => {
    const data = sampleCloud();
    data.servers.push(novaServer('s7', { tenant_id: 'p1', user_id: 'u1' }));
    const fake = new FakeOpenStackClient(data);
    const { site, collector } = collectorFor({ fake });
    await collector.collectSite(site, WINDOW, { naive: true, concurrency: 8 });
    expect(fake.maxInFlight).toBe(1);
    expect(fake.calls.find((c) => c.method === 'listUsage')?.args[3]).toEqual({ pageSize: 200 });
    // p1 has s1, s3, s7 changed + s2 from usage; u1 owns s1 and s7 in p1 and s4 in p2.
    expect(fake.count('getUser', 'u1')).toBe(3);
  });
});

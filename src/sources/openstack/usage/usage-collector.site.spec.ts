import { describe, expect, it } from '@jest/globals';
import { ErrorCode, FedwatchError } from '../../../common/errors/index.js';
import {
  FakeOpenStackClient,
  FakeOpenStackClientFactory,
} from '../../../../test/fakes/fake-openstack-client.js';
import { keystoneProject, openStackSite } from '../../../../test/support/openstack-fixtures.js';
import {
  WINDOW,
  byProject,
  collectorFor,
  sampleCloud,
  succeeded,
} from '../../../../test/support/openstack-sample-cloud.js';
import { APP_CREDENTIAL } from '../../../../test/support/openstack-stub.js';
import type { CollectProgress } from './collect.types.js';
import { OpenStackUsageCollector } from './usage-collector.js';

describe('OpenStackUsageCollector: sites, projects and credentials', () => {
  it('gives one site error when Keystone is unreachable or the site credential is rejected', async () => {
    const fake = new FakeOpenStackClient(sampleCloud()).failWith(
      'scope',
      new FedwatchError(
        ErrorCode.SOURCE_REJECTED,
        'Keystone at http://k/v3 rejected the application credential x',
      ),
    );
    const { site, collector } = collectorFor({ fake });
    const result = await collector.collectSite(site, WINDOW);
    expect(result.projects).toEqual([]);
    expect(result.error?.code).toBe(ErrorCode.SOURCE_REJECTED);
    expect(result.error?.message).toBe(
      'OpenStack site site-a: Keystone at http://k/v3 rejected the application credential x',
    );
    expect(fake.count('listProjects')).toBe(0);
  });

  it('reads each VO project with its own credential; a rejected VO credential fails only its project', async () => {
    const data = sampleCloud();
    const good = new FakeOpenStackClient(
      data,
      { kind: 'project', projectId: 'p3', projectName: 'p3' },
      'vo three',
    );
    const bad = new FakeOpenStackClient(
      data,
      { kind: 'project', projectId: 'p2', projectName: 'p2' },
      'vo two',
    ).failWith(
      'scope',
      new FedwatchError(ErrorCode.SOURCE_REJECTED, 'rejected the application credential app-2'),
    );
    const vos = [
      { vo: { name: 'vo.three', project: 'p3', credential: APP_CREDENTIAL }, client: good },
      { vo: { name: 'vo.two', project: 'p2', credential: APP_CREDENTIAL }, client: bad },
    ];
    const { site, collector } = collectorFor({ site: null, vos }, { voMap: {} });
    const result = byProject(await collector.collectSite(site, WINDOW));
    expect(Object.keys(result).sort()).toEqual(['p2', 'p3']);
    expect(result.p2).toMatchObject({ ok: false, error: { code: ErrorCode.SOURCE_REJECTED } });
    const p3 = succeeded(result.p3);
    expect(p3.vo).toBe('vo.three'); // from the VO entry: no property, no voMap
    expect(good.count('listServersChangedSince', 'p3')).toBe(1);
    expect(p3.data.userNames).toEqual({ u2: 'bob' });
  });

  it('gives one site error when every VO credential fails the same way', async () => {
    const down = () =>
      new FakeOpenStackClient(sampleCloud()).failWith(
        'scope',
        new FedwatchError(ErrorCode.SOURCE_UNREACHABLE, 'Keystone at http://k/v3 unreachable'),
      );
    const vos = ['p1', 'p2'].map((p) => ({
      vo: { name: `vo.${p}`, project: p, credential: APP_CREDENTIAL },
      client: down(),
    }));
    const { site, collector } = collectorFor({ site: null, vos });
    const result = await collector.collectSite(site, WINDOW);
    expect(result.error?.message).toBe('OpenStack site site-a: Keystone at http://k/v3 unreachable');
    expect(result.projects).toEqual([]);
  });

  it('rejects a VO credential bound to another project than configured', async () => {
    const client = new FakeOpenStackClient(sampleCloud(), {
      kind: 'project',
      projectId: 'p1',
      projectName: 'p1',
    });
    const vos = [{ vo: { name: 'vo.x', project: 'p2', credential: APP_CREDENTIAL }, client }];
    const other = new FakeOpenStackClient(sampleCloud(), {
      kind: 'project',
      projectId: 'p3',
      projectName: 'p3',
    });
    const vos2 = [...vos, { vo: { name: 'vo.y', project: 'p3', credential: APP_CREDENTIAL }, client: other }];
    const { site, collector } = collectorFor({ site: null, vos: vos2 });
    const p2 = byProject(await collector.collectSite(site, WINDOW)).p2;
    expect(p2).toMatchObject({ ok: false, error: { code: ErrorCode.CONFIG_INVALID } });
    if (!p2.ok) expect(p2.error.message).toContain('bound to project p1, not to the configured project p2');
  });

  it('limits a run to the requested projects and reports unknown ones', async () => {
    const { fake, site, collector } = collectorFor();
    const result = await collector.collectSite(site, WINDOW, { projects: ['p1', 'nope'] });
    expect(result.projects.map((p) => [p.projectId, p.ok]).sort()).toEqual([
      ['nope', false],
      ['p1', true],
    ]);
    expect(fake.count('listUsage')).toBe(1);
  });

  it('selects projects by id and tag as configured', async () => {
    const byIds = collectorFor({}, { projects: { select: 'ids', ids: ['p1', 'p9'], tag: 'caso' } });
    const result = byProject(await byIds.collector.collectSite(byIds.site, WINDOW));
    expect(result.p1.ok).toBe(true);
    expect(result.p9).toMatchObject({ ok: false, error: { code: ErrorCode.NOT_FOUND } });
    const byTag = collectorFor({}, { projects: { select: 'tag', ids: [], tag: 'caso' } });
    expect((await byTag.collector.collectSite(byTag.site, WINDOW)).projects.map((p) => p.projectId)).toEqual([
      'p1',
    ]);
  });

  it('reads each project in its own window, and leaves out projects without one', async () => {
    const { fake, site, collector } = collectorFor();
    const p2Window = { from: new Date('2026-11-25T00:00:00Z'), to: new Date('2026-11-26T00:00:00Z') };
    const windows: Record<string, typeof WINDOW | null> = { p1: WINDOW, p2: p2Window, p3: null, p4: null };
    const result = await collector.collectSite(site, WINDOW, { windowFor: (id) => windows[id] ?? null });
    expect(result.projects.map((p) => p.projectId).sort()).toEqual(['p1', 'p2']);
    expect(fake.calls.filter((c) => c.method === 'listUsage').map((c) => c.args.slice(0, 3))).toEqual(
      expect.arrayContaining([
        ['p1', WINDOW.from, WINDOW.to],
        ['p2', p2Window.from, p2Window.to],
      ]),
    );
    expect(fake.count('listUsage', 'p3')).toBe(0);
  });

  it('reads projects concurrently within the bound and reports progress', async () => {
    const data = sampleCloud();
    for (let i = 5; i <= 12; i++) data.projects.push(keystoneProject(`p${i}`, { VO: 'vo.many' }));
    const fake = new FakeOpenStackClient(data, { kind: 'system' }, 'slow', 5);
    const { site, collector } = collectorFor({ fake });
    let active = 0;
    let maxActive = 0;
    const original = fake.listUsage.bind(fake);
    fake.listUsage = async (...args) => {
      maxActive = Math.max(maxActive, ++active);
      try {
        return await original(...args);
      } finally {
        active--;
      }
    };
    const progress: CollectProgress[] = [];
    const result = await collector.collectSite(site, WINDOW, {
      concurrency: 3,
      onProgress: (p) => progress.push(p),
    });
    expect(maxActive).toBe(3);
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(progress.every((p) => p.total === 12 && p.site === 'site-a')).toBe(true);
    expect(result.projects).toHaveLength(12);
  });

  it('reports an unreadable site setup (e.g. CA bundle) as the site error', async () => {
    const site = openStackSite();
    const collector = new OpenStackUsageCollector(
      new FakeOpenStackClientFactory({
        [site.name]: () => {
          throw new FedwatchError(ErrorCode.CONFIG_INVALID, 'caBundle /x cannot be read');
        },
      }),
    );
    const result = await collector.collectSite(site, WINDOW);
    expect(result.error?.code).toBe(ErrorCode.CONFIG_INVALID);
  });
});

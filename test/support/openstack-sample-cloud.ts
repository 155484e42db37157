import {
  FakeOpenStackClient,
  FakeOpenStackClientFactory,
  type FakeCloud,
} from '../fakes/fake-openstack-client.js';
import type { SiteClients } from '../../src/sources/openstack/openstack-client.factory.js';
import type { ProjectOutcome, SiteCollection } from '../../src/sources/openstack/usage/collect.types.js';
import { OpenStackUsageCollector } from '../../src/sources/openstack/usage/usage-collector.js';
import {
  cinderVolume,
  floatingIp,
  glanceImage,
  keystoneProject,
  novaServer,
  openStackSite,
  serverUsage,
} from './openstack-fixtures.js';

/** A small in-memory cloud and helpers for the usage collector's unit tests. */
export const WINDOW = { from: new Date('2026-11-26T00:00:00Z'), to: new Date('2026-11-27T00:00:00Z') };
export const BEFORE_WINDOW = '2026-11-20T10:00:00Z';

/** Four projects (VO by property, by accounting:VO, by voMap, none) with servers, usage, images, IPs, volumes. */
export function sampleCloud(): FakeCloud {
  return {
    projects: [
      keystoneProject('p1', { VO: 'vo.one', tags: ['caso'] }),
      keystoneProject('p2', { 'accounting:VO': 'vo.two' }),
      keystoneProject('p3'),
      keystoneProject('p4'),
    ],
    users: [
      { id: 'u1', name: 'alice' },
      { id: 'u2', name: 'bob' },
    ],
    servers: [
      novaServer('s1', { tenant_id: 'p1', user_id: 'u1', image: { id: 'img-1' } }),
      novaServer('s2', { tenant_id: 'p1', user_id: 'u2', image: { id: 'img-2' }, updated: BEFORE_WINDOW }),
      novaServer('s3', { tenant_id: 'p1', user_id: 'u3', image: '', status: 'DELETED' }),
      novaServer('s4', { tenant_id: 'p2', user_id: 'u1' }),
      novaServer('s5', { tenant_id: 'p2', user_id: 'u2', updated: BEFORE_WINDOW }),
      novaServer('s6', { tenant_id: 'p3', user_id: 'u2' }),
    ],
    hidden: ['s5'],
    usages: {
      p1: [serverUsage('s1'), serverUsage('s2')],
      p2: [serverUsage('s4'), serverUsage('s5')],
      p3: [serverUsage('s6')],
    },
    images: [
      glanceImage('img-1', { vmcatcher_event_ad_mpuri: 'registry/x:1' }),
      glanceImage('img-2'),
      glanceImage('img-3'),
    ],
    floatingIps: [floatingIp('f1', 'p1'), floatingIp('f2', 'p2')],
    volumes: { p1: [cinderVolume('v1')] },
  };
}

/** A collector over one fake system-scoped client (or the given clients) for `openStackSite()`. */
export function collectorFor(
  clients: Partial<SiteClients> & { fake?: FakeOpenStackClient } = {},
  siteOverrides = {},
) {
  const fake = clients.fake ?? new FakeOpenStackClient(sampleCloud());
  const site = openStackSite({ voMap: { p3: 'vo.three' }, ...siteOverrides });
  const factory = new FakeOpenStackClientFactory({ [site.name]: { site: fake, vos: [], ...clients } });
  return { fake, site, collector: new OpenStackUsageCollector(factory) };
}

export const byProject = (c: SiteCollection) => Object.fromEntries(c.projects.map((p) => [p.projectId, p]));
export const succeeded = (p: ProjectOutcome | undefined) => {
  if (!p?.ok) throw new Error(`expected success, got ${p ? p.error.message : 'nothing'}`);
  return p;
};

import { afterEach, describe, expect, it } from '@jest/globals';
import { ErrorCode } from '../../common/errors/index.js';
import {
  cinderVolume,
  floatingIp,
  glanceImage,
  keystoneProject,
  novaServer,
  serverUsage,
} from '../../../test/support/openstack-fixtures.js';
import {
  APP_CREDENTIAL,
  APP_PROJECT,
  requestsTo,
  startOpenStackStub,
  stubClient,
  type OpenStackStub,
  type StubRequest,
} from '../../../test/support/openstack-stub.js';
import type { OpenStackHttp } from './http/openstack-http.js';

let stub: OpenStackStub | undefined;
let http: OpenStackHttp | undefined;
afterEach(async () => {
  http?.close();
  await stub?.close();
  stub = http = undefined;
});

/**
 * Marker/limit paging over `all`; `href` builds the next link. Nova's usage API links a next page
 * whenever a page is full (`fullPageLinks`), so the last one can be empty.
 */
function page<T extends { id?: string; instance_id?: string }>(
  req: StubRequest,
  all: T[],
  href: (marker: string) => string,
  fullPageLinks = false,
) {
  const limit = Number(req.query.get('limit') ?? 1000);
  const marker = req.query.get('marker');
  const key = (t: T) => t.id ?? t.instance_id;
  const start = marker ? all.findIndex((t) => key(t) === marker) + 1 : 0;
  const items = all.slice(start, start + limit);
  const more = fullPageLinks ? items.length === limit : start + limit < all.length;
  return { items, next: more ? href(key(items[items.length - 1]) as string) : undefined };
}

describe('HttpOpenStackClient: pagination and microversions', () => {
  it('follows Nova next links (absolute, even with a foreign host) with changes-since and project filters', async () => {
    const servers = Array.from({ length: 5 }, (_, i) => novaServer(`s${i}`));
    stub = await startOpenStackStub((req) => {
      const { items, next } = page(
        req,
        servers,
        (m) =>
          `http://internal.example:8774/compute/v2.1/servers/detail?limit=2&marker=${m}&all_tenants=1&project_id=p1`,
      );
      return { json: { servers: items, ...(next ? { servers_links: [{ rel: 'next', href: next }] } : {}) } };
    });
    const built = stubClient(stub, { pageSize: 2 });
    http = built.http;
    const listing = await built.client.listServersChangedSince('p1', new Date('2026-11-01T00:00:00.000Z'));
    expect(listing.items.map((s) => s.id)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    const calls = requestsTo(stub, '/compute/v2.1/servers/detail');
    expect(calls).toHaveLength(3);
    expect(Object.fromEntries(calls[0].query)).toEqual({
      all_tenants: '1',
      project_id: 'p1',
      'changes-since': '2026-11-01T00:00:00Z',
      limit: '2',
    });
    expect(calls[0].headers['openstack-api-version']).toBe('compute 2.61');
    expect(calls[2].query.get('marker')).toBe('s3');
  });

  it('reads its own project without all_tenants when project-scoped', async () => {
    stub = await startOpenStackStub(() => ({ json: { servers: [] } }));
    const built = stubClient(stub, { credential: APP_CREDENTIAL });
    http = built.http;
    await built.client.listServers(APP_PROJECT);
    expect(Object.fromEntries(requestsTo(stub, '/compute/v2.1/servers/detail')[0].query)).toEqual({
      limit: '1000',
    });
  });

  it('reads every usage page (2,000 servers in pages of 1,000) up to the empty tenant_usage {}', async () => {
    const usages = Array.from({ length: 2000 }, (_, i) => serverUsage(`i${i}`));
    stub = await startOpenStackStub((req) => {
      const { items, next } = page(
        req,
        usages,
        (m) => `${stub?.url}${req.path}?start=x&end=y&limit=1000&marker=${m}`,
        true,
      );
      return {
        json: {
          tenant_usage: items.length ? { tenant_id: 'p1', server_usages: items } : {},
          ...(next ? { tenant_usage_links: [{ rel: 'next', href: next }] } : {}),
        },
      };
    });
    const built = stubClient(stub);
    http = built.http;
    const listing = await built.client.listUsage(
      'p1',
      new Date('2026-11-26T00:00:00Z'),
      new Date('2026-11-27T00:00:00Z'),
    );
    expect(listing.items).toHaveLength(2000);
    expect(new Set(listing.items.map((u) => u.instance_id)).size).toBe(2000);
    expect(requestsTo(stub, '/compute/v2.1/os-simple-tenant-usage/p1')).toHaveLength(3);
    const first = requestsTo(stub, '/compute/v2.1/os-simple-tenant-usage/p1')[0];
    expect(first.query.get('start')).toBe('2026-11-26T00:00:00');
    expect(first.query.get('end')).toBe('2026-11-27T00:00:00');
  });

  it('joins Glance next paths onto the endpoint, keeping its /image prefix', async () => {
    const images = Array.from({ length: 3 }, (_, i) => glanceImage(`img${i}`));
    stub = await startOpenStackStub((req) => {
      const { items, next } = page(req, images, (m) => `/v2/images?limit=1&marker=${m}`);
      return { json: { images: items, first: '/v2/images?limit=1', ...(next ? { next } : {}) } };
    });
    const built = stubClient(stub, { pageSize: 1 });
    http = built.http;
    const listing = await built.client.listImages();
    expect(listing.items.map((i) => i.id)).toEqual(['img0', 'img1', 'img2']);
    const calls = requestsTo(stub, '/image/v2/images');
    expect(calls.map((c) => c.query.get('marker'))).toEqual([null, 'img0', 'img1']);
    expect(calls[0].query.get('visibility')).toBe('all');
  });

  it('lists floating IPs by project and Cinder volumes with microversion 3.60 and updated_at=gte:', async () => {
    stub = await startOpenStackStub((req) =>
      req.path.startsWith('/network')
        ? { json: { floatingips: [floatingIp('f1')] } }
        : { json: { volumes: [cinderVolume('v1')] } },
    );
    const built = stubClient(stub);
    http = built.http;
    expect((await built.client.listFloatingIps('p1')).items).toHaveLength(1);
    expect(
      (await built.client.listVolumes('p1', { updatedSince: new Date('2026-11-01T00:00:00Z') })).items,
    ).toHaveLength(1);
    expect(requestsTo(stub, '/network/v2.0/floatingips')[0].query.get('project_id')).toBe('p1');
    const volumes = requestsTo(stub, `/volume/v3/${APP_PROJECT}/volumes/detail`)[0];
    expect(volumes.headers['openstack-api-version']).toBe('volume 3.60');
    expect(Object.fromEntries(volumes.query)).toMatchObject({
      all_tenants: '1',
      project_id: 'p1',
      updated_at: 'gte:2026-11-01T00:00:00',
    });
    expect(volumes.query.has('changes-since')).toBe(false);
  });

  it('reports a malformed server with its id and field and keeps the others', async () => {
    const broken = { ...novaServer('bad'), flavor: { ...novaServer('bad').flavor, vcpus: 'two' } };
    stub = await startOpenStackStub(() => ({
      json: { servers: [novaServer('good'), broken, { name: 'no id' }] },
    }));
    const built = stubClient(stub);
    http = built.http;
    const listing = await built.client.listServers('p1');
    expect(listing.items.map((s) => s.id)).toEqual(['good']);
    expect(listing.malformed).toEqual([
      { id: 'bad', field: 'flavor.vcpus', problem: expect.any(String) },
      { id: '#2', field: 'id', problem: expect.any(String) },
    ]);
  });

  it('stops a pagination loop with SOURCE_MALFORMED', async () => {
    stub = await startOpenStackStub((req) => ({
      json: { flavors: [], flavors_links: [{ rel: 'next', href: `${stub?.url}${req.path}?marker=same` }] },
    }));
    const built = stubClient(stub);
    http = built.http;
    await expect(built.client.listFlavors()).rejects.toMatchObject({ code: ErrorCode.SOURCE_MALFORMED });
    expect(requestsTo(stub, '/compute/v2.1/flavors/detail')).toHaveLength(2);
  });

  it('lists projects by tag when system-scoped and filters /v3/auth/projects otherwise', async () => {
    stub = await startOpenStackStub(() => ({
      json: {
        projects: [keystoneProject('a', { tags: ['caso'], VO: 'vo.a' }), keystoneProject('b')],
        links: { next: null },
      },
    }));
    const system = stubClient(stub);
    const app = stubClient(stub, { credential: APP_CREDENTIAL });
    const bySystem = await system.client.listProjects({ select: 'tag', tag: 'caso' });
    expect(requestsTo(stub, '/identity/v3/projects')[0].query.get('tags')).toBe('caso');
    expect(bySystem.items.map((p) => p.id)).toEqual(['a', 'b']); // Keystone filtered (the stub does not)
    expect(bySystem.items[0].VO).toBe('vo.a');
    const byApp = await app.client.listProjects({ select: 'tag', tag: 'caso' });
    expect(requestsTo(stub, '/identity/v3/auth/projects')).toHaveLength(1);
    expect(byApp.items.map((p) => p.id)).toEqual(['a']);
    system.http.close();
    app.http.close();
  });

  it('reads projects by id, leaving out unknown and unreadable ones', async () => {
    stub = await startOpenStackStub((req) =>
      req.path.endsWith('/a')
        ? { json: { project: keystoneProject('a') } }
        : { status: req.path.endsWith('/b') ? 403 : 404 },
    );
    const built = stubClient(stub);
    http = built.http;
    const listing = await built.client.listProjects({ select: 'ids', ids: ['a', 'b', 'c'] });
    expect(listing.items.map((p) => p.id)).toEqual(['a']);
  });

  it('maps a forbidden or unknown user to null', async () => {
    stub = await startOpenStackStub((req) =>
      req.path.endsWith('/u1')
        ? { json: { user: { id: 'u1', name: 'alice', domain_id: 'default' } } }
        : { status: req.path.endsWith('/u2') ? 403 : 404, json: { error: { code: 403, message: 'no' } } },
    );
    const built = stubClient(stub);
    http = built.http;
    expect(await built.client.getUser('u1')).toMatchObject({ name: 'alice' });
    expect(await built.client.getUser('u2')).toBeNull();
    expect(await built.client.getUser('u3')).toBeNull();
  });
});

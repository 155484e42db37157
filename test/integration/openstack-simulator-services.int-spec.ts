/**
 * The OpenStack simulator's Cinder, Glance and Neutron quirks and os-simple-tenant-usage paging,
 * in the shapes of shared/reference/openstack.md.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  startOpenStackSimulator,
  type Json,
  type OpenStackSimulator,
} from '../simulators/openstack/index.js';
import {
  collect,
  get,
  idsOf,
  microversion,
  simulatorWithTokens,
  systemToken,
} from '../simulators/openstack/sim-client.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const MV = microversion;
const ids = idsOf;

let sim: OpenStackSimulator;
let system: string;
let project: string; // a project's id
let member: string; // its application-credential token

beforeAll(async () => {
  ({ sim, system, project, member } = await simulatorWithTokens({
    seed: 7,
    projects: 4,
    servers: 160,
    now: NOW,
  }));
});
afterAll(() => sim.close());

describe('Cinder, Glance and Neutron', () => {
  const volumes = () => `${sim.url}/volume/v3/${project}/volumes/detail`;
  const projectVolumes = () => sim.data.volumes.filter((v) => v['os-vol-tenant-attr:tenant_id'] === project);

  it('pages volumes; changes-since is ignored for a member and matches nothing for an admin', async () => {
    const { items, pages } = await collect(`${volumes()}?limit=3`, member, 'volumes');
    expect(ids(items)).toEqual(ids(projectVolumes()));
    expect(pages).toBeGreaterThan(1);
    expect(items[0]).not.toHaveProperty('os-vol-tenant-attr:tenant_id'); // admin-only
    const since = `changes-since=${encodeURIComponent('2030-01-01T00:00:00')}`;
    expect(((await get(`${volumes()}?${since}`, member)).body!.volumes as Json[]).length).toBe(
      projectVolumes().length,
    );
    const admin = await get(
      `${sim.url}/volume/v3/volumes/detail?all_tenants=1&project_id=${project}&${since}`,
      system,
    );
    expect(admin.body).toEqual({ volumes: [] });
    const adminAll = await get(
      `${sim.url}/volume/v3/volumes/detail?all_tenants=1&project_id=${project}`,
      system,
    );
    expect((adminAll.body!.volumes as Json[])[0]).toHaveProperty('os-vol-tenant-attr:tenant_id', project);
    const other = await get(`${sim.url}/volume/v3/${sim.data.projects[1]!.id}/volumes/detail`, member);
    expect(other.status).toBe(400);
  });

  it('filters updated_at=gte: from microversion 3.60 only', async () => {
    const v = (x: string) => ({ 'OpenStack-API-Version': `volume ${x}` });
    const past = await get(`${volumes()}?updated_at=gte:2020-01-01T00:00:00`, member, v('3.60'));
    expect((past.body!.volumes as Json[]).length).toBe(projectVolumes().length);
    expect(past.headers.get('openstack-api-version')).toBe('volume 3.60');
    const future = await get(`${volumes()}?updated_at=gte:2030-01-01T00:00:00`, member, v('3.60'));
    expect(future.body).toEqual({ volumes: [] });
    const old = await get(`${volumes()}?updated_at=gte:2030-01-01T00:00:00`, member, v('3.59'));
    expect((old.body!.volumes as Json[]).length).toBe(projectVolumes().length);
    expect((past.body!.volumes as Json[])[0]!.bootable as string).toMatch(/^(true|false)$/);
  });

  it('pages Glance images with next as a path; shows only visible private images', async () => {
    const first = await get(`${sim.url}/image/v2/images`, member);
    expect(first.body!.images).toHaveLength(Math.min(25, (first.body!.images as Json[]).length));
    const { items } = await collect(`${sim.url}/image/v2/images?limit=4`, member, 'images', {
      pathBase: `${sim.url}/image`,
    });
    const page = await get(`${sim.url}/image/v2/images?limit=4`, member);
    expect(page.body!.next).toMatch(/^\/v2\/images\?limit=4&marker=/);
    const visible = sim.data.images.filter((i) => i.visibility === 'public' || i.owner === project);
    expect(ids(items).sort()).toEqual(ids(visible).sort());
    expect(items.some((i) => typeof i.vmcatcher_event_ad_mpuri === 'string')).toBe(true);
    const foreign = sim.data.images.find((i) => i.visibility === 'private' && i.owner !== project)!;
    const hidden = await get(`${sim.url}/image/v2/images/${foreign.id as string}`, member);
    expect(hidden.status).toBe(404);
    expect(hidden.text).toContain('<title>404 Not Found</title>');
    const deleted = await get(`${sim.url}/image/v2/images/${sim.data.deletedImageIds[0]!}`, system);
    expect(deleted.status).toBe(404);
  });

  it('pages floating IPs of a project; associated ones appear in the server addresses', async () => {
    const { items } = await collect(
      `${sim.url}/network/v2.0/floatingips?project_id=${project}&limit=2`,
      system,
      'floatingips',
    );
    const expected = sim.data.floatingIps.filter((f) => f.project_id === project);
    expect(ids(items)).toEqual(ids(expected));
    const page = await get(`${sim.url}/network/v2.0/floatingips?project_id=${project}&limit=2`, system);
    expect((page.body!.floatingips_links as Json[]).map((l) => l.rel)).toEqual(['next', 'previous']);
    for (const fip of items.filter((f) => f.status === 'ACTIVE')) {
      const server = sim.data.servers.find((s) => s.id === (fip.port_details as Json).device_id)!;
      const addresses = Object.values(server.api.addresses as Record<string, Json[]>).flat();
      expect(addresses).toContainEqual(
        expect.objectContaining({ addr: fip.floating_ip_address, 'OS-EXT-IPS:type': 'floating' }),
      );
    }
    const mine = await get(`${sim.url}/network/v2.0/floatingips`, member);
    expect(ids(mine.body!.floatingips as Json[])).toEqual(ids(expected));
  });
});

describe('os-simple-tenant-usage', () => {
  let big: OpenStackSimulator;
  let token: string;
  beforeAll(async () => {
    big = await startOpenStackSimulator({ seed: 3, projects: 2, servers: 2600, now: NOW });
    token = (await systemToken(big)).token;
  });
  afterAll(() => big.close());

  it('pages the usage of a project with more than 1,000 servers (≥ 2.40) and computes hours in the window', async () => {
    const p = big.data.projects[0]!.id;
    const start = new Date(NOW.getTime() - 30 * 86400_000).toISOString().slice(0, 19);
    const end = NOW.toISOString().slice(0, 19);
    const url = `${big.url}/compute/v2.1/os-simple-tenant-usage/${p}?start=${start}&end=${end}`;
    const usages: Json[] = [];
    let next: string | undefined = url;
    let pages = 0;
    while (next) {
      const res = await get(next, token, MV('2.40'));
      pages++;
      const usage = res.body!.tenant_usage as Json;
      usages.push(...((usage.server_usages as Json[] | undefined) ?? []));
      next = (res.body!.tenant_usage_links as Json[] | undefined)?.[0]?.href as string | undefined;
    }
    const startMs = Date.parse(`${start}Z`);
    const expected = big.data.servers.filter(
      (s) =>
        s.projectId === p && s.launchedMs !== null && (s.terminatedMs === null || s.terminatedMs > startMs),
    );
    expect(expected.length).toBeGreaterThan(1000);
    expect(pages).toBe(Math.floor(expected.length / 1000) + 1);
    expect(usages.map((u) => u.instance_id).sort()).toEqual(expected.map((s) => s.id).sort());
    for (const u of usages) {
      const s = big.data.servers.find((x) => x.id === u.instance_id)!;
      expect(u.started_at).toBe(s.api['OS-SRV-USG:launched_at']);
      expect(u.ended_at).toBe(s.api['OS-SRV-USG:terminated_at']);
      const from = Math.max(s.launchedMs!, startMs);
      const to = Math.min(s.terminatedMs ?? NOW.getTime(), NOW.getTime());
      expect(u.hours).toBeCloseTo((to - from) / 3600_000, 6);
    }
    const unpaged = await get(url, token, MV('2.39'));
    expect(((unpaged.body!.tenant_usage as Json).server_usages as Json[]).length).toBe(expected.length);
    expect(unpaged.body).not.toHaveProperty('tenant_usage_links');
  });

  it('answers an empty object for a window without usage, 400 for a zoned time', async () => {
    const p = big.data.projects[0]!.id;
    const res = await get(
      `${big.url}/compute/v2.1/os-simple-tenant-usage/${p}?start=2001-01-01T00:00:00&end=2001-01-02T00:00:00`,
      token,
    );
    expect(res.body).toEqual({ tenant_usage: {} });
    const zoned = await get(
      `${big.url}/compute/v2.1/os-simple-tenant-usage/${p}?start=2026-01-01T00:00:00Z`,
      token,
    );
    expect(zoned.status).toBe(400);
  });
});

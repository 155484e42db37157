/**
 * The OpenStack simulator speaks the API shapes of shared/reference/openstack.md: auth and catalog,
 * scoping, paging, changes-since and microversions (Cinder, Glance, Neutron and usage: -services).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serversOfKind, type Json, type OpenStackSimulator } from '../simulators/openstack/index.js';
import {
  collect,
  get,
  idsOf,
  microversion,
  projectToken,
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

describe('Keystone', () => {
  it('issues a system-scoped password token with the catalog', async () => {
    const { token, body } = await systemToken(sim);
    expect(token).toMatch(/^gAAAAA/);
    const t = body.token as Json;
    expect(t.methods).toEqual(['password']);
    expect(t.system).toEqual({ all: true });
    expect(t.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const catalog = t.catalog as Json[];
    expect(catalog.map((c) => c.type)).toEqual(
      expect.arrayContaining(['compute', 'image', 'network', 'volumev3', 'identity']),
    );
    for (const service of catalog) {
      const endpoints = service.endpoints as Json[];
      expect(endpoints.map((e) => e.interface).sort()).toEqual(['admin', 'internal', 'public']);
      for (const e of endpoints) expect(e).toMatchObject({ region_id: 'RegionOne', region: 'RegionOne' });
    }
    const compute = catalog.find((c) => c.type === 'compute')!.endpoints as Json[];
    expect(compute.find((e) => e.interface === 'public')!.url).toBe(`${sim.url}/compute/v2.1`);
    expect(compute.find((e) => e.interface === 'internal')!.url).toBe(`${sim.url}/internal/compute/v2.1`);
  });

  it('issues a project-scoped token for an application credential; Cinder URL carries the project', async () => {
    const { body } = await projectToken(sim, project);
    const t = body.token as Json;
    expect(t.methods).toEqual(['application_credential']);
    expect(t.project).toMatchObject({ id: project, domain: { id: 'default', name: 'Default' } });
    expect((t.roles as Json[]).map((r) => r.name)).toEqual(['reader', 'member']);
    expect(t.application_credential).toMatchObject({
      id: sim.credentials.perProject[project]!.id,
      restricted: true,
    });
    const volume = (t.catalog as Json[]).find((c) => c.type === 'volumev3')!.endpoints as Json[];
    expect(volume[0]!.url).toBe(`${sim.url}/volume/v3/${project}`);
  });

  it('issues a project-scoped password token, and refuses bad credentials in Keystone error shape', async () => {
    const { username, password } = sim.credentials.system;
    const auth = (pw: string, scope: Json) => ({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: username, domain: { name: 'Default' }, password: pw } },
        },
        scope,
      },
    });
    const post = (body: Json) =>
      fetch(`${sim.authUrl}/auth/tokens`, { method: 'POST', body: JSON.stringify(body) });
    const ok = await post(auth(password, { project: { id: project } }));
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { token: Json }).token.project).toMatchObject({ id: project });
    const bad = await post(auth('wrong', { system: { all: true } }));
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({
      error: {
        code: 401,
        message: 'The request you have made requires authentication.',
        title: 'Unauthorized',
      },
    });
    const cred = sim.credentials.perProject[project]!;
    const badSecret = await post({
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: cred.id, secret: 'x' },
        },
      },
    });
    expect(badSecret.status).toBe(401);
  });

  it('lists projects with tag and enabled filters; VO in VO or accounting:VO', async () => {
    const tagged = await get(`${sim.authUrl}/projects?tags=caso`, system);
    const projects = tagged.body!.projects as Json[];
    expect(projects).toHaveLength(sim.data.projects.length + 1); // + the disabled "retired" one
    expect(projects.filter((p) => 'VO' in p).length).toBeGreaterThan(0);
    expect(projects.filter((p) => 'accounting:VO' in p).length).toBeGreaterThan(0);
    expect(projects.filter((p) => !('VO' in p) && !('accounting:VO' in p))).toHaveLength(1);
    expect(projects[0]!.links).toEqual({ self: `${sim.authUrl}/projects/${projects[0]!.id as string}` });
    const enabled = await get(`${sim.authUrl}/projects?tags=caso&enabled=true`, system);
    expect(enabled.body!.projects).toHaveLength(sim.data.projects.length);
    const any = await get(`${sim.authUrl}/projects?tags-any=caso,nothing`, system);
    expect(any.body!.projects).toHaveLength(sim.data.projects.length + 1);
    const one = await get(`${sim.authUrl}/projects/${project}`, system);
    expect((one.body!.project as Json).id).toBe(project);
    const mine = await get(`${sim.authUrl}/auth/projects`, member);
    expect(ids(mine.body!.projects as Json[])).toEqual([project]);
  });

  it('answers user look-ups with 200, 404 (unknown) and 403 (project token, other user)', async () => {
    const self = sim.credentials.perProject[project]!.userId;
    const known = sim.data.users.find((u) => u.id !== self && u.id !== sim.credentials.system.userId)!;
    expect((await get(`${sim.authUrl}/users/${known.id as string}`, system)).body).toMatchObject({
      user: { id: known.id, name: known.name },
    });
    const unknown = sim.data.unknownUserIds[0]!;
    const missing = await get(`${sim.authUrl}/users/${unknown}`, system);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error: { code: 404, message: `Could not find user: ${unknown}.`, title: 'Not Found' },
    });
    const forbidden = await get(`${sim.authUrl}/users/${known.id as string}`, member);
    expect(forbidden.status).toBe(403);
    expect((forbidden.body!.error as Json).message).toContain('identity:get_user');
    expect((await get(`${sim.authUrl}/users/${self}`, member)).status).toBe(200);
    expect((await get(`${sim.authUrl}/projects`, member)).status).toBe(403);
  });
});

describe('Nova servers', () => {
  const detail = () => `${sim.url}/compute/v2.1/servers/detail`;
  const live = (projectId?: string) =>
    sim.data.servers.filter((s) => !s.deleted && (!projectId || s.projectId === projectId));

  it('scopes: a member sees its project only and may not ask for all tenants', async () => {
    const own = await get(detail(), member, MV('2.47'));
    expect(ids(own.body!.servers as Json[])).toEqual(ids(live(project).map((s) => s.api)));
    const all = await get(`${detail()}?all_tenants=1`, member);
    expect(all.status).toBe(403);
    expect(all.body).toEqual({
      forbidden: {
        code: 403,
        message: "Policy doesn't allow os_compute_api:servers:detail:get_all_tenants to be performed.",
      },
    });
    const other = sim.data.projects[1]!.id;
    const ignored = await get(`${detail()}?project_id=${other}`, member);
    expect(ids(ignored.body!.servers as Json[])).toEqual(ids(live(project).map((s) => s.api)));
    const stranger = live(other)[0]!;
    expect((await get(`${sim.url}/compute/v2.1/servers/${stranger.id}`, member)).status).toBe(404);
  });

  it('scopes: a system token sees every project with all_tenants (and one with project_id)', async () => {
    const other = sim.data.projects[2]!.id;
    const one = await get(`${detail()}?all_tenants=1&project_id=${other}`, system);
    expect(ids(one.body!.servers as Json[])).toEqual(live(other).map((s) => s.id));
    const noAll = await get(detail(), system);
    expect(noAll.body!.servers).toEqual([]); // no project in a system scope: Nova filters on the user
  });

  it('pages with limit/marker and absolute next hrefs, returning every server once', async () => {
    const { items, pages, urls } = await collect(`${detail()}?all_tenants=1&limit=7`, system, 'servers', {
      headers: MV('2.47'),
    });
    const expected = live().map((s) => s.id);
    expect(ids(items)).toEqual(expected);
    expect(new Set(ids(items)).size).toBe(items.length);
    expect(pages).toBe(Math.floor(expected.length / 7) + 1);
    expect(urls[1]).toMatch(
      new RegExp(`^${sim.url}/compute/v2\\.1/servers/detail\\?all_tenants=1&limit=7&marker=`),
    );
    const unknownMarker = await get(`${detail()}?all_tenants=1&marker=nope`, system);
    expect(unknownMarker.body).toEqual({ badRequest: { code: 400, message: 'marker [nope] not found' } });
  });

  it('returns deleted servers with changes-since (and only deleted with deleted=true)', async () => {
    const since = sim.data.windowStart.toISOString();
    const { items } = await collect(
      `${detail()}?all_tenants=1&changes-since=${since}&limit=50`,
      system,
      'servers',
    );
    const expected = sim.data.servers.filter((s) => s.updatedMs >= sim.data.windowStart.getTime());
    expect(ids(items).sort()).toEqual(expected.map((s) => s.id).sort());
    const deleted = items.filter((s) => s.status === 'DELETED');
    expect(deleted.length).toBe(
      serversOfKind(sim.data, 'created-and-deleted').length +
        serversOfKind(sim.data, 'deleted-in-window').length,
    );
    expect(deleted[0]).toMatchObject({ 'OS-EXT-STS:vm_state': 'deleted', addresses: {} });
    expect(deleted[0]!['OS-SRV-USG:terminated_at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000$/);
    const onlyDeleted = await get(`${detail()}?all_tenants=1&deleted=true`, system);
    expect((onlyDeleted.body!.servers as Json[]).every((s) => s.status === 'DELETED')).toBe(true);
    const bad = await get(`${detail()}?changes-since=yesterday`, system);
    expect(bad.status).toBe(400);
    expect(bad.body!.badRequest).toMatchObject({ code: 400 });
    const gone = serversOfKind(sim.data, 'deleted-in-window')[0]!;
    const show = await get(`${sim.url}/compute/v2.1/servers/${gone.id}`, system);
    expect(show.body).toEqual({
      itemNotFound: { code: 404, message: `Instance ${gone.id} could not be found.` },
    });
  });

  it('embeds the flavor from 2.47 (either header) and references it below', async () => {
    const gpu = serversOfKind(sim.data, 'gpu').find((s) => !s.deleted)!;
    const url = `${sim.url}/compute/v2.1/servers/${gpu.id}`;
    const old = await get(url, system);
    expect((old.body!.server as Json).flavor).toEqual({
      id: gpu.flavorId,
      links: [{ rel: 'bookmark', href: `${sim.url}/compute/flavors/${gpu.flavorId}` }],
    });
    expect(old.headers.get('openstack-api-version')).toBe('compute 2.1');
    for (const headers of [MV('2.47'), { 'X-OpenStack-Nova-API-Version': '2.47' }]) {
      const res = await get(url, system, headers);
      expect(res.headers.get('openstack-api-version')).toBe('compute 2.47');
      expect(res.headers.get('x-openstack-nova-api-version')).toBe('2.47');
      expect(res.headers.get('x-compute-request-id')).toMatch(/^req-/);
      const flavor = (res.body!.server as Json).flavor as Json;
      expect(Object.keys(flavor).sort()).toEqual([
        'disk',
        'ephemeral',
        'extra_specs',
        'original_name',
        'ram',
        'swap',
        'vcpus',
      ]);
      expect((flavor.extra_specs as Json)['Accelerator:Type']).toBe('GPU');
    }
    const unsupported = await get(url, system, MV('2.999'));
    expect(unsupported.status).toBe(406);
    expect(unsupported.body).toEqual({
      computeFault: {
        code: 406,
        message: 'Version 2.999 is not supported by the API. Minimum is 2.1 and maximum is 2.93.',
      },
    });
    const versionDoc = await get(`${sim.url}/compute/v2.1/`, system);
    expect(versionDoc.body!.version).toMatchObject({ id: 'v2.1', version: '2.93', min_version: '2.1' });
  });

  it('seeds the cases an extractor must handle', async () => {
    const show = async (id: string) =>
      (await get(`${sim.url}/compute/v2.1/servers/${id}`, system, MV('2.47'))).body!.server as Json;
    const bfv = serversOfKind(sim.data, 'boot-from-volume').find((s) => !s.deleted)!;
    const bfvServer = await show(bfv.id);
    expect(bfvServer.image).toBe('');
    expect((bfvServer['os-extended-volumes:volumes_attached'] as Json[]).length).toBeGreaterThan(0);
    const nonAscii = await show(serversOfKind(sim.data, 'non-ascii').find((s) => !s.deleted)!.id);
    expect(/^[ -~]*$/.test(nonAscii.name as string)).toBe(false);
    expect(sim.data.servers.some((s) => s.api.name === 'análisis-ñ')).toBe(true);
    const resized = serversOfKind(sim.data, 'resized')[0]!;
    expect(resized.launchedMs! - resized.createdMs).toBeGreaterThan(3600_000);
    const orphan = serversOfKind(sim.data, 'deleted-flavor').find((s) => !s.deleted)!;
    const flavors = await get(`${sim.url}/compute/v2.1/flavors/detail?is_public=None`, system, MV('2.61'));
    const names = (flavors.body!.flavors as Json[]).map((f) => f.name);
    expect(names).not.toContain(((await show(orphan.id)).flavor as Json).original_name);
    expect((await get(`${sim.url}/compute/v2.1/flavors/${orphan.flavorId}`, system)).status).toBe(404);
    for (const state of [
      'shutoff',
      'shelved',
      'suspended',
      'error',
      'building',
      'deleted-before-window',
    ] as const) {
      expect(serversOfKind(sim.data, state).length).toBeGreaterThan(0);
    }
    expect(JSON.stringify(bfvServer).length).toBeGreaterThan(1500); // full field set, like the capture
  });

  it('lists flavors with extra specs from 2.61 (GPU, benchmark, private with is_public=None)', async () => {
    const url = `${sim.url}/compute/v2.1/flavors/detail?is_public=None`;
    const all = (await get(url, system, MV('2.61'))).body!.flavors as Json[];
    const gpu = all.find((f) => (f.extra_specs as Json)['Accelerator:Type'] === 'GPU')!;
    expect(gpu.extra_specs).toMatchObject({
      'Accelerator:Vendor': 'NVIDIA',
      'Accelerator:Number': expect.any(String),
    });
    expect(all.some((f) => (f.extra_specs as Json)['accounting:benchmark_type'] === 'HEPscore23')).toBe(true);
    expect(all.some((f) => f['os-flavor-access:is_public'] === false)).toBe(true);
    expect(all.find((f) => f.id === '1')).toMatchObject({ swap: '', 'OS-FLV-EXT-DATA:ephemeral': 0 });
    const publicOnly = (await get(`${sim.url}/compute/v2.1/flavors/detail`, system, MV('2.61'))).body!
      .flavors as Json[];
    expect(publicOnly.length).toBe(all.length - 1);
    const old = (await get(url, system, MV('2.47'))).body!.flavors as Json[];
    expect(old[0]).not.toHaveProperty('extra_specs');
    const specs = await get(`${sim.url}/compute/v2.1/flavors/${gpu.id as string}/os-extra_specs`, system);
    expect(specs.body).toEqual({ extra_specs: gpu.extra_specs });
  });

  it('serves quotas for the own project only', async () => {
    const res = await get(`${sim.url}/compute/v2.1/os-quota-sets/${project}`, member, MV('2.47'));
    expect(res.body!.quota_set).toMatchObject({ id: project, cores: expect.any(Number) });
    expect(res.body!.quota_set).not.toHaveProperty('floating_ips');
    expect(
      (await get(`${sim.url}/compute/v2.1/os-quota-sets/${sim.data.projects[1]!.id}`, member)).status,
    ).toBe(403);
  });
});

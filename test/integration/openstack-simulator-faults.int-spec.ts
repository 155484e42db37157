/** The OpenStack simulator's fault injection, request log, token expiry and TLS. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import {
  startOpenStackSimulator,
  type Json,
  type OpenStackSimulator,
} from '../simulators/openstack/index.js';
import { get, projectToken, systemToken } from '../simulators/openstack/sim-client.js';

const MV = { 'OpenStack-API-Version': 'compute 2.47' };

let sim: OpenStackSimulator;
let token: string;
let compute: string;

beforeAll(async () => {
  sim = await startOpenStackSimulator({
    seed: 11,
    projects: 3,
    servers: 40,
    now: new Date('2026-11-26T12:00:00Z'),
  });
  token = (await systemToken(sim)).token;
  compute = `${sim.url}/compute/v2.1`;
});
afterAll(() => sim.close());

describe('fault injection', () => {
  it('answers 5xx a given number of times, as a load balancer page or in the service shape', async () => {
    const fault = sim.faults.error('/compute/v2.1/servers/detail', { status: 503, times: 2 });
    const url = `${compute}/servers/detail?all_tenants=1`;
    const first = await get(url, token);
    expect(first.status).toBe(503);
    expect(first.text).toContain('503');
    expect((await get(url, token)).status).toBe(503);
    expect((await get(url, token)).status).toBe(200);
    expect(fault.hits).toBe(2);
    expect(sim.requests.count('/compute/v2.1/servers/detail', { status: 503 })).toBe(2);

    sim.faults.error('os-quota-sets', { status: 500, times: 1 });
    const quota = await get(`${compute}/os-quota-sets/${sim.data.projects[0]!.id}`, token);
    expect(quota.status).toBe(500);
    expect(quota.body!.computeFault).toMatchObject({ code: 500 });
  });

  it('fails a share of requests with a rate', async () => {
    const fault = sim.faults.error('/image/v2/images', { status: 502, rate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await get(`${sim.url}/image/v2/images`, token)).status);
    fault.remove();
    const failed = statuses.filter((s) => s === 502).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
    expect((await get(`${sim.url}/image/v2/images`, token)).status).toBe(200);
  });

  it('holds matching requests (after letting some through) until released', async () => {
    const [a, b] = sim.data.projects.map((p) => p.id);
    const hold = sim.faults.hold('/os-simple-tenant-usage/', { after: 1 });
    const usage = (p: string) =>
      get(`${compute}/os-simple-tenant-usage/${p}?start=2026-11-01T00:00:00&end=2026-11-02T00:00:00`, token);
    expect((await usage(a!)).status).toBe(200); // the first one passes: "a project has committed"
    const stalled = usage(b!);
    await hold.arrived();
    expect(hold.waiting).toBe(1);
    expect(sim.requests.entries.at(-1)).toMatchObject({
      path: `/compute/v2.1/os-simple-tenant-usage/${b}`,
      status: null,
    });
    hold.release();
    expect((await stalled).status).toBe(200);
    expect(hold.waiting).toBe(0);
    expect((await usage(b!)).status).toBe(200); // released: no longer held
  });

  it('never answers a timed-out request, and keeps serving others', async () => {
    sim.faults.timeout('/network/v2.0/floatingips', { times: 1 });
    const url = `${sim.url}/network/v2.0/floatingips`;
    await expect(
      fetch(url, { headers: { 'X-Auth-Token': token }, signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect((await get(url, token)).status).toBe(200);
  });

  it('adds latency on matching requests', async () => {
    const fault = sim.faults.latency(150, '/image/versions');
    const started = performance.now();
    await get(`${sim.url}/image/versions`, token);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    fault.remove();
  });

  it('expires tokens (401 with WWW-Authenticate) and rejects one once', async () => {
    const own = (await systemToken(sim)).token;
    const url = `${compute}/flavors`;
    sim.faults.rejectToken('/compute/v2.1/flavors', { times: 1 });
    const rejected = await get(url, own);
    expect(rejected.status).toBe(401);
    expect(rejected.headers.get('www-authenticate')).toBe(`Keystone uri="${sim.url}/identity"`);
    expect((await get(url, own)).status).toBe(200);
    sim.faults.expireTokens();
    const expired = await get(url, own);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      error: {
        code: 401,
        message: 'The request you have made requires authentication.',
        title: 'Unauthorized',
      },
    });
    token = (await systemToken(sim)).token; // a new token works
    expect((await get(url, token)).status).toBe(200);
  });

  it('serves malformed servers: missing created, unknown status, null flavor, a non-JSON body', async () => {
    const live = sim.data.servers.filter((s) => !s.deleted && s.projectId === sim.data.projects[0]!.id);
    const [a, b, c, d] = live;
    const faults = [
      sim.faults.malformServer(a!.id, 'missing-created'),
      sim.faults.malformServer(b!.id, 'unknown-status'),
      sim.faults.malformServer(c!.id, 'null-flavor'),
    ];
    const show = async (id: string) =>
      (await get(`${compute}/servers/${id}`, token, MV)).body!.server as Json;
    expect(await show(a!.id)).not.toHaveProperty('created');
    expect((await show(b!.id)).status).toBe('FROBNICATING');
    expect((await show(c!.id)).flavor).toBeNull();
    const list = `${compute}/servers/detail?all_tenants=1&project_id=${sim.data.projects[0]!.id}`;
    const servers = (await get(list, token, MV)).body!.servers as Json[];
    expect(servers.find((s) => s.id === a!.id)).not.toHaveProperty('created');
    const broken = sim.faults.malformServer(d!.id, 'non-json');
    const page = await get(list, token, MV);
    expect(page.status).toBe(200);
    expect(page.body).toBeUndefined();
    expect(() => JSON.parse(page.text)).toThrow();
    expect((await get(`${compute}/servers/${d!.id}`, token, MV)).body).toBeUndefined();
    for (const f of [...faults, broken]) f.remove();
    expect((await get(list, token, MV)).body).toBeDefined();
  });

  it('logs requests per path, e.g. user look-ups', async () => {
    const before = sim.requests.count('/identity/v3/users/');
    for (const u of sim.data.users.slice(0, 3)) await get(`${sim.authUrl}/users/${u.id as string}`, token);
    expect(sim.requests.count('/identity/v3/users/') - before).toBe(3);
    expect(sim.requests.byPath()['POST /identity/v3/auth/tokens']).toBeGreaterThan(0);
    const member = (await projectToken(sim, sim.data.projects[1]!.id)).token;
    await get(`${sim.url}/internal/compute/v2.1/servers/detail`, member);
    expect(sim.requests.entries.at(-1)).toMatchObject({
      iface: 'internal',
      path: '/compute/v2.1/servers/detail',
      projectId: sim.data.projects[1]!.id,
      status: 200,
    });
  });
});

describe('token lifetime', () => {
  it('answers 401 once a short-lived token has expired', async () => {
    const short = await startOpenStackSimulator({
      seed: 1,
      projects: 1,
      servers: 3,
      tokenLifetimeSeconds: 1,
    });
    try {
      const { token: t, body } = await systemToken(short);
      const expires = Date.parse((body.token as Json).expires_at as string);
      expect(expires - Date.now()).toBeLessThanOrEqual(1000);
      expect((await get(`${short.url}/compute/v2.1/flavors`, t)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await get(`${short.url}/compute/v2.1/flavors`, t)).status).toBe(401);
    } finally {
      await short.close();
    }
  });
});

describe('TLS', () => {
  const httpsGet = (url: string, ca?: Buffer) =>
    new Promise<number>((resolve, reject) => {
      request(url, { ca }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });

  it('serves HTTPS with a throwaway CA, removed on close', async () => {
    const secure = await startOpenStackSimulator({ seed: 1, projects: 1, servers: 3, tls: true });
    const caFile = secure.caFile!;
    try {
      expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(existsSync(caFile)).toBe(true);
      expect(await httpsGet(`${secure.url}/compute/v2.1/`, readFileSync(caFile))).toBe(200);
      await expect(httpsGet(`${secure.url}/compute/v2.1/`)).rejects.toThrow(/certificate/i);
      const config = secure.fedwatchConfig() as { openstack: { sites: Json[] } };
      expect(config.openstack.sites[0]!.caBundle).toBe(caFile);
    } finally {
      await secure.close();
    }
    expect(existsSync(caFile)).toBe(false);
  });
});

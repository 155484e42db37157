import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { ErrorCode } from '../../src/common/errors/index.js';
import { loadConfig } from '../../src/config/config.loader.js';
import type { OpenStackSite } from '../../src/config/config.types.js';
import { HttpOpenStackClientFactory } from '../../src/sources/openstack/openstack-client.factory.js';
import type { ProjectOutcome, SiteCollection } from '../../src/sources/openstack/usage/collect.types.js';
import { OpenStackUsageCollector } from '../../src/sources/openstack/usage/usage-collector.js';
import {
  startOpenStackSimulator,
  type OpenStackSimulator,
  type WriteConfigOptions,
} from '../simulators/openstack/index.js';
import { freePort } from '../support/free-port.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * The OpenStack adapter and usage collector against the OpenStack simulator (real HTTP, real
 * Keystone/Nova/Glance/Neutron/Cinder shapes), with the site read through the real config loader.
 */

let sim: OpenStackSimulator;
const factories: HttpOpenStackClientFactory[] = [];

beforeAll(async () => {
  sim = await startOpenStackSimulator({ seed: 'openstack-client-int', projects: 5, servers: 80 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  sim.faults.clear();
  sim.requests.clear();
  for (const f of factories.splice(0)) await f.close();
});

/** The simulator's site entry, written as YAML with secret files and loaded like production does. */
async function siteOf(target: OpenStackSimulator, options: WriteConfigOptions = {}): Promise<OpenStackSite> {
  const dir = tempDir('fedwatch-openstack-int-');
  const file = join(dir, 'fedwatch.yaml');
  await target.writeConfig(file, options);
  return loadConfig({ env: {}, file, cwd: dir }).config.openstack.sites[0];
}

function collector(registry = new Registry()) {
  const factory = new HttpOpenStackClientFactory({ registry, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
  factories.push(factory);
  return new OpenStackUsageCollector(factory);
}

const windowOf = (target: OpenStackSimulator) => ({ from: target.data.windowStart, to: target.data.now });
const succeeded = (c: SiteCollection) =>
  c.projects.filter((p): p is Extract<ProjectOutcome, { ok: true }> => p.ok);

describe('OpenStack client and usage collector against the simulator', () => {
  it('collects every tenant project with the system credential', async () => {
    const site = await siteOf(sim);
    const result = await collector().collectSite(site, windowOf(sim));
    expect(result.error).toBeNull();
    const failed = result.projects.filter((p) => !p.ok);
    expect(failed).toEqual([]);
    const tenants = sim.data.projects.map((p) => p.id).sort();
    for (const id of tenants) expect(result.projects.map((p) => p.projectId)).toContain(id);

    const from = sim.data.windowStart.getTime();
    for (const outcome of succeeded(result).filter((o) => tenants.includes(o.projectId))) {
      const simProject = sim.data.projects.find((p) => p.id === outcome.projectId);
      expect(outcome.vo).toBe(simProject?.vo ?? 'vo.unlabelled.example.eu');
      const got = new Set(outcome.data.servers.map((s) => s.id));
      const changed = sim.data.servers.filter(
        (s) => s.projectId === outcome.projectId && s.updatedMs >= from,
      );
      for (const s of changed) expect(got).toContain(s.id);
      for (const u of outcome.data.usages) {
        const missing = outcome.warnings.some((w) => w.code === 'server-missing' && w.id === u.instance_id);
        expect(got.has(u.instance_id) || missing).toBe(true);
      }
      for (const s of outcome.data.servers) expect(outcome.data.userNames).toHaveProperty(s.user_id);
    }
  });

  it('collects the same servers with one application credential per VO', async () => {
    const system = await collector().collectSite(await siteOf(sim), windowOf(sim));
    sim.requests.clear();
    const perVo = await collector().collectSite(await siteOf(sim, { perVo: true }), windowOf(sim));
    expect(perVo.error).toBeNull();
    expect(perVo.projects.filter((p) => !p.ok)).toEqual([]);
    const ids = (c: SiteCollection) =>
      Object.fromEntries(succeeded(c).map((o) => [o.projectId, o.data.servers.map((s) => s.id).sort()]));
    const viaVo = ids(perVo);
    for (const [project, servers] of Object.entries(viaVo)) expect(servers).toEqual(ids(system)[project]);
    expect(Object.keys(viaVo).sort()).toEqual(sim.data.projects.map((p) => p.id).sort());
    // Read with each VO's own project-scoped token, never a system one.
    const reads = sim.requests.entries.filter((e) => e.path.startsWith('/compute/'));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((e) => e.system || e.projectId === null)).toEqual([]);
  });

  it('looks each distinct user up exactly once per run', async () => {
    const result = await collector().collectSite(await siteOf(sim), windowOf(sim));
    const users = new Set(succeeded(result).flatMap((o) => o.data.servers.map((s) => s.user_id)));
    expect(users.size).toBeGreaterThan(1);
    expect(sim.requests.count(/^\/identity\/v3\/users\//, { method: 'GET' })).toBe(users.size);
    const unknown = succeeded(result).flatMap((o) =>
      Object.entries(o.data.userNames).filter(([, n]) => n === null),
    );
    expect(unknown.length).toBeGreaterThan(0); // the seeded unknown users are remembered as null
  });

  it('naive (benchmark-only) mode reads the same data the reference way', async () => {
    const optimised = await collector().collectSite(await siteOf(sim), windowOf(sim));
    sim.requests.clear();
    const naive = await collector().collectSite(await siteOf(sim), windowOf(sim), { naive: true });
    const view = (c: SiteCollection) =>
      Object.fromEntries(
        succeeded(c).map((o) => [
          o.projectId,
          { servers: o.data.servers.map((s) => s.id).sort(), users: o.data.userNames },
        ]),
      );
    expect(view(naive)).toEqual(view(optimised));
    const servers = succeeded(naive).reduce((n, o) => n + o.data.servers.length, 0);
    expect(sim.requests.count(/^\/identity\/v3\/users\//)).toBe(servers);
    expect(sim.requests.count('limit=200')).toBeGreaterThan(0);
    expect(sim.requests.count('limit=1000')).toBe(0);
  });

  it('retries injected 5xx and 429 answers', async () => {
    sim.faults.error('/compute/v2.1/servers/detail', { status: 503, times: 2 });
    sim.faults.error('/os-simple-tenant-usage/', { status: 429, times: 1 });
    const result = await collector().collectSite(await siteOf(sim), windowOf(sim));
    expect(result.error).toBeNull();
    expect(result.projects.every((p) => p.ok)).toBe(true);
    expect(sim.requests.count('/compute/v2.1/servers/detail', { status: 503 })).toBe(2);
    expect(sim.requests.count('/os-simple-tenant-usage/', { status: 429 })).toBe(1);
  });

  it('reports a malformed server with its id and field, and completes the others', async () => {
    const victim = sim.data.servers.find((s) => s.updatedMs >= sim.data.windowStart.getTime() && !s.deleted);
    if (!victim) throw new Error('seed has no server changed in the window');
    sim.faults.malformServer(victim.id, 'missing-created');
    const result = await collector().collectSite(await siteOf(sim), windowOf(sim));
    expect(result.projects.every((p) => p.ok)).toBe(true);
    const own = succeeded(result).find((o) => o.projectId === victim.projectId);
    expect(own?.warnings).toContainEqual(
      expect.objectContaining({ code: 'server-malformed', id: victim.id, field: 'created' }),
    );
    expect(own?.data.servers.map((s) => s.id)).not.toContain(victim.id);
    expect(own?.data.servers.length).toBeGreaterThan(0);
  });

  it('fails only the project whose server listing is not JSON, naming the URL', async () => {
    const victim = sim.data.servers.find((s) => s.updatedMs >= sim.data.windowStart.getTime() && !s.deleted);
    if (!victim) throw new Error('seed has no server changed in the window');
    sim.faults.malformServer(victim.id, 'non-json');
    const result = await collector().collectSite(await siteOf(sim), windowOf(sim));
    const failed = result.projects.filter((p) => !p.ok);
    expect(failed.map((p) => p.projectId)).toEqual([victim.projectId]);
    const [only] = failed;
    if (only.ok) return;
    expect(only.error.code).toBe(ErrorCode.SOURCE_MALFORMED);
    expect(only.error.message).toContain(`${sim.url}/compute/v2.1/servers/detail sent a malformed response`);
    expect(succeeded(result).length).toBe(result.projects.length - 1);
  });

  it('gives one clear site error when Keystone is unreachable', async () => {
    const site = { ...(await siteOf(sim)), authUrl: `http://127.0.0.1:${await freePort()}/identity/v3` };
    const result = await collector().collectSite(site, windowOf(sim));
    expect(result.projects).toEqual([]);
    expect(result.error?.code).toBe(ErrorCode.SOURCE_UNREACHABLE);
    expect(result.error?.message).toMatch(
      /^OpenStack site simulated: Keystone at http:\/\/127\.0\.0\.1:\d+\/identity\/v3\/auth\/tokens unreachable/,
    );
  });

  it('gives one clear site error for a rejected credential, without the secret', async () => {
    const site = await siteOf(sim);
    const credential = site.credential as Extract<OpenStackSite['credential'], { type: 'password' }>;
    const wrong = { ...site, credential: { ...credential, password: 'not-the-password' } };
    const result = await collector().collectSite(wrong, windowOf(sim));
    expect(result.error?.code).toBe(ErrorCode.SOURCE_REJECTED);
    expect(result.error?.message).toContain('rejected the password of user fedwatch-reader');
    expect(JSON.stringify(result.error)).not.toContain('not-the-password');
  });
});

describe('a site served over HTTPS with its own CA', () => {
  it('is read with the caBundle of the site entry', async () => {
    const tls = await startOpenStackSimulator({ seed: 'tls', projects: 2, servers: 10, tls: true });
    try {
      const site = await siteOf(tls);
      // writeConfig keeps a copy of the simulator's CA beside the config file.
      expect(readFileSync(site.caBundle!, 'utf8')).toBe(readFileSync(tls.caFile!, 'utf8'));
      expect(site.caBundle).not.toBe(tls.caFile);
      const result = await collector().collectSite(site, windowOf(tls));
      expect(result.error).toBeNull();
      expect(result.projects.every((p) => p.ok)).toBe(true);
    } finally {
      await tls.close();
    }
  });
});

describe('a project with more than 1,000 servers', () => {
  let big: OpenStackSimulator;
  beforeAll(async () => {
    big = await startOpenStackSimulator({
      seed: 'big-project',
      projects: 1,
      servers: 1_500,
      deletedShare: 0.05,
    });
  });
  afterAll(async () => {
    await big.close();
  });

  it('loses none: every usage entry comes through the usage pages', async () => {
    // A short window at the end: few servers changed in it, most are known from the usage alone.
    const window = { from: new Date(big.data.now.getTime() - 3_600_000), to: big.data.now };
    const result = await collector().collectSite(await siteOf(big), window);
    const [project] = succeeded(result).filter((o) => o.projectId === big.data.projects[0].id);
    const active = big.data.servers.filter(
      (s) =>
        s.launchedMs !== null &&
        s.launchedMs < window.to.getTime() &&
        (s.terminatedMs === null || s.terminatedMs > window.from.getTime()),
    );
    expect(active.length).toBeGreaterThan(1_000);
    expect(new Set(project.data.usages.map((u) => u.instance_id))).toEqual(new Set(active.map((s) => s.id)));
    expect(big.requests.count(/os-simple-tenant-usage\//)).toBeGreaterThanOrEqual(2);
    const servers = new Set(project.data.servers.map((s) => s.id));
    const missing = project.warnings.filter((w) => w.code === 'server-missing').map((w) => w.id);
    for (const s of active) expect(servers.has(s.id) || missing.includes(s.id)).toBe(true);
    // Usage-only servers come from one live listing, not one GET each.
    expect(big.requests.count(/^\/compute\/v2\.1\/servers\/[0-9a-f-]{36}$/)).toBeLessThan(20);
  });
});

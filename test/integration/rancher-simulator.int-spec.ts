/**
 * The Rancher simulator over HTTP: the same seed serves the same data, served totals agree with
 * the served nodes, the v3 API (auth, collections, filters, pagination, faults, runtime changes),
 * and the standalone runner compiled by tsc. The seeding itself is unit-tested in seed.spec.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { loadConfig } from '../../src/config/config.loader.js';
import {
  clustersOfKind,
  nodesOf,
  startRancherSimulator,
  type Json,
  type RancherSimulator,
} from '../simulators/rancher/index.js';
import { collect, get as getFrom, list } from '../simulators/rancher/sim-client.js';
import { repoRoot } from '../support/service-process.js';
import { tempDir } from '../support/temp-dir.js';

const CLI_QUERY = 'limit=-1&removed_null=1&state_ne=inactive&state_ne=stopped&state_ne=removing&system=false';

/** The test's own reading of the CPU quantities the simulator writes (`1325m`, `4`). */
function milli(q: string): bigint {
  const m = /^(\d+)(m?)$/.exec(q);
  if (!m) throw new Error(`unexpected quantity ${q}`);
  return BigInt(m[1]!) * (m[2] ? 1n : 1000n);
}

describe('seeded simulators', () => {
  it('serve identical data for the same seed and different data for another', async () => {
    const sims = await Promise.all(
      [7, 7, 8].map((seed) => startRancherSimulator({ seed, clusters: 9, nodes: 3 })),
    );
    try {
      const bodies = await Promise.all(
        sims.map(async (s) => (await getFrom(s, '/v3/nodes?limit=-1')).text.split(s.url).join('<url>')),
      );
      expect(bodies[1]).toBe(bodies[0]);
      expect(bodies[2]).not.toBe(bodies[0]);
      expect(sims[1]!.token).toBe(sims[0]!.token);
    } finally {
      await Promise.all(sims.map((s) => s.close()));
    }
  });
});

describe('over HTTP', () => {
  let sim: RancherSimulator;
  beforeAll(async () => {
    sim = await startRancherSimulator({
      seed: 'http',
      clusters: 10,
      nodes: 3,
      token: 'token-abcde:s3cr3t?>?s3cr3t',
    });
  });
  afterAll(() => sim.close());
  const get = (path: string, headers?: Record<string, string>) => getFrom(sim, path, headers);

  it('accepts Bearer, URL-safe Basic and the R_SESS cookie; answers 401 with norman’s body otherwise', async () => {
    const safe = Buffer.from(sim.token).toString('base64url');
    const std = Buffer.from(sim.token).toString('base64');
    expect(std).not.toBe(safe); // the token is chosen so the two alphabets differ
    expect((await get('/v3/clusters', { Authorization: `bearer ${sim.token}` })).status).toBe(200);
    expect((await get('/v3/clusters', { Authorization: `Basic ${safe}` })).status).toBe(200);
    expect((await get('/v3/clusters', { Cookie: `R_SESS=${sim.token}` })).status).toBe(200);
    expect((await get('/v3/clusters', { Authorization: `Basic ${std}` })).status).toBe(401);
    const denied = await get('/v3/clusters', {});
    expect({ status: denied.status, body: denied.body }).toEqual({
      status: 401,
      body: {
        type: 'error',
        baseType: 'error',
        status: 401,
        code: 'Unauthorized',
        message: 'must authenticate',
      },
    });
    const previous = sim.token;
    sim.setToken('token-zzzzz:rotated');
    expect((await get('/v3/clusters', { Authorization: `Bearer ${previous}` })).status).toBe(401);
    sim.setToken(previous);
  });

  it("serves the CLI's query with norman's envelope, hiding inactive and removing clusters", async () => {
    const { body } = await get(`/v3/clusters?${CLI_QUERY}`);
    expect(body).toMatchObject({
      type: 'collection',
      resourceType: 'cluster',
      actions: {},
      pagination: { total: 8 },
    });
    const data = body!.data as Json[];
    expect(data.map((c) => c.state)).not.toContain('inactive');
    expect(data.map((c) => c.state)).not.toContain('removing');
    expect((data[0]!.links as Json).nodes).toBe(`${sim.url}/v3/nodes?clusterId=local`);
    const rke2 = clustersOfKind(sim.data, 'rke2')[0]!.id as string;
    const nodes = await list(sim, `/v3/nodes?${CLI_QUERY}&clusterId=${rke2}`);
    expect(nodes.map((n) => n.id)).toEqual(nodesOf(sim.data, rke2).map((n) => n.id));
    expect((await get(`/v3/clusters/${rke2}`)).body).toMatchObject({ id: rke2, type: 'cluster' });
    expect(await get('/v3/clusters/c-nope')).toMatchObject({ status: 404, body: { code: 'NotFound' } });
  });

  it("serves cluster totals that agree with the served nodes (Rancher's rules, §3.5)", async () => {
    const clusters = await list(sim, '/v3/clusters?limit=-1');
    const nodes = await list(sim, '/v3/nodes?limit=-1');
    const controlPlane = /^node-role\.kubernetes\.io\/(controlplane|control-plane|etcd)$/;
    const counted = (n: Json) =>
      n.unschedulable !== true &&
      (n.worker === true || !(n.taints as Json[]).some((t) => controlPlane.test(t.key as string)));
    for (const c of clusters) {
      const own = nodes.filter((n) => n.clusterId === c.id);
      const cpu = own
        .filter(counted)
        .reduce((sum, n) => sum + milli((n.requested as Json).cpu as string), 0n);
      expect([c.id, c.nodeCount, milli((c.requested as Json).cpu as string)]).toEqual([
        c.id,
        own.length,
        cpu,
      ]);
    }
    expect(nodes.some((n) => !counted(n))).toBe(true);
  });

  it('pages with limit and marker until pagination.next is absent', async () => {
    const { items, pages } = await collect(sim, '/v3/nodes?limit=4&removed_null=1');
    expect(items.map((n) => n.id)).toEqual(sim.data.nodes.map((n) => n.id));
    expect(pages).toHaveLength(Math.ceil(sim.data.nodes.length / 4));
    expect(pages.every((p) => p.total === sim.data.nodes.length && p.limit === 4)).toBe(true);
    expect((await list(sim, '/v3/nodes')).length).toBe(Math.min(100, sim.data.nodes.length)); // norman's default
  });

  it('injects errors, latency and malformed items, and changes state at runtime', async () => {
    sim.faults.error('/v3/clusters', { status: 503, times: 1 });
    const res = await get('/v3/clusters');
    expect([res.status, res.text]).toEqual([
      503,
      expect.stringContaining('<h1>503 Service Temporarily Unavailable</h1>'),
    ]);
    expect((await get('/v3/clusters')).status).toBe(200);
    const local = 'local';
    sim.faults.malformItem(local, 'bad-quantity');
    expect(((await get('/v3/clusters/local')).body!.requested as Json).cpu).toBe('abc');
    sim.faults.latency(150, '/v3/nodepools');
    const started = performance.now();
    await get('/v3/nodepools');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    sim.faults.clear();
    sim.setClusterState(local, 'unavailable');
    expect((await get('/v3/clusters/local')).body).toMatchObject({
      state: 'unavailable',
      transitioning: 'error',
    });
    sim.setClusterState(local, 'active');
    const worker = nodesOf(sim.data, clustersOfKind(sim.data, 'imported-gke')[0]!.id as string)[0]!;
    const requestedCpu = async () =>
      milli(
        ((await get(`/v3/clusters/${worker.clusterId as string}`)).body!.requested as Json).cpu as string,
      );
    const before = await requestedCpu();
    sim.cordonNode(worker.id as string);
    const after = await requestedCpu();
    expect(before - after).toBe(milli((worker.requested as Record<string, string>).cpu!));
  });
});

describe('standalone runner', () => {
  const run = promisify(execFile);
  let dir: string;
  let main: string;
  beforeAll(async () => {
    // Compiled by tsc as build:tools does; node_modules is linked so `yaml` resolves from the output.
    dir = tempDir('rancher-sim-runner-');
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const tsconfig = {
      extends: join(repoRoot, 'tsconfig.json'),
      compilerOptions: { outDir: join(dir, 'out'), rootDir: repoRoot, sourceMap: false },
      include: [],
      files: [join(repoRoot, 'test/simulators/rancher/main.ts')],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    await run(process.execPath, [
      join(repoRoot, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(dir, 'tsconfig.json'),
    ]);
    main = join(dir, 'out/test/simulators/rancher/main.js');
  });

  it('prints "listening <url>" after merging its server into an existing config; stops on SIGTERM', async () => {
    const file = join(dir, 'fedwatch.yaml');
    const other = '    - { name: other, url: "https://rancher.example.org", token: "token-aaaaa:bbbb" }';
    writeFileSync(
      file,
      ['# operator comment', 'logging:', '  level: warn', 'rancher:', '  servers:', other, ''].join('\n'),
    );
    const args = [
      main,
      '--port',
      '0',
      '--seed',
      '5',
      '--clusters',
      '9',
      '--nodes',
      '2',
      '--tls',
      '--write-config',
      file,
    ];
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        proc.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /^listening (https:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
          if (m) resolve(m[1]!);
        });
        proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
      });
      const written = readFileSync(file, 'utf8');
      expect(written).toContain('# operator comment');
      const config = YAML.parse(written) as { logging: Json; rancher: { servers: Json[] } };
      expect(config.logging.level).toBe('warn');
      expect(config.rancher.servers.map((s) => s.name)).toEqual(['other', 'simulated-rancher']);
      const server = config.rancher.servers[1]!;
      expect(server).toMatchObject({ url, tokenFile: 'secrets/simulated-rancher-token', timeoutSeconds: 30 });
      const token = readFileSync(join(dir, server.tokenFile as string), 'utf8').trim();
      expect(err).not.toContain(token.split(':')[1]);
      const loaded = loadConfig({ env: {}, file, cwd: dir }).config.rancher.servers[1]!;
      expect(loaded).toMatchObject({
        name: 'simulated-rancher',
        token,
        caBundle: join(dir, 'simulated-rancher-ca.pem'),
      });
      expect(readFileSync(loaded.caBundle!, 'utf8')).toContain('BEGIN CERTIFICATE');
      expect(JSON.parse(err.trim().split('\n')[0]!)).toMatchObject({ clusters: 9, nodes: 18 });
    } finally {
      proc.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) =>
      proc.exitCode !== null ? resolve(proc.exitCode) : proc.once('exit', (c) => resolve(c)),
    );
    expect(code).toBe(0);
  });

  it('prints usage for --help and refuses unknown flags', async () => {
    expect((await run(process.execPath, [main, '--help'])).stdout).toContain('--write-config FILE');
    await expect(run(process.execPath, [main, '--bogus'])).rejects.toMatchObject({ code: 2 });
  });
});

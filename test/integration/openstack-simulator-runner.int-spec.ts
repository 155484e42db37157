/**
 * The OpenStack simulator's seeding (deterministic, every case present, fast), its speed at
 * benchmark size, and the standalone runner compiled by tsc, whose config `fedwatch config check`
 * accepts. Needs the built CLI (`npm run build`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import {
  resolveOptions,
  SERVER_STATES,
  SERVER_TRAITS,
  serversOfKind,
  startOpenStackSimulator,
  type Json,
} from '../simulators/openstack/index.js';
import { seedCloud } from '../simulators/openstack/seed.js';
import { collect, systemToken } from '../simulators/openstack/sim-client.js';
import { repoRoot, runCli } from '../support/service-process.js';
import { tempDir } from '../support/temp-dir.js';

const NOW = new Date('2026-11-26T12:00:00Z');

describe('seeding', () => {
  it('is deterministic for a seed and now, and differs for another seed', () => {
    const a = seedCloud(resolveOptions({ seed: 42, projects: 6, servers: 300, now: NOW }));
    const b = seedCloud(resolveOptions({ seed: 42, projects: 6, servers: 300, now: NOW }));
    const c = seedCloud(resolveOptions({ seed: 43, projects: 6, servers: 300, now: NOW }));
    expect(JSON.stringify(b.data)).toBe(JSON.stringify(a.data));
    expect(b.credentials).toEqual(a.credentials);
    expect(JSON.stringify(c.data)).not.toBe(JSON.stringify(a.data));
  });

  it('puts every state and trait into a small cloud, with the configured deleted share', () => {
    const { data } = seedCloud(
      resolveOptions({ seed: 5, projects: 3, servers: 40, now: NOW, deletedShare: 0.25 }),
    );
    for (const kind of [...SERVER_STATES, ...SERVER_TRAITS])
      expect([kind, serversOfKind(data, kind).length > 0]).toEqual([kind, true]);
    const inWindow = data.servers.filter(
      (s) => s.terminatedMs !== null && s.terminatedMs >= data.windowStart.getTime(),
    );
    expect(inWindow).toHaveLength(10);
    expect(data.projects.filter((p) => p.vo === null)).toHaveLength(1);
    expect(data.projects.some((p) => p.voProperty === 'accounting:VO')).toBe(true);
  });

  it('seeds 10,000 servers quickly', () => {
    const started = performance.now();
    const { data } = seedCloud(resolveOptions({ seed: 1, projects: 50, servers: 10_000, now: NOW }));
    const ms = performance.now() - started;
    console.log(`seeding 10,000 servers over 50 projects: ${ms.toFixed(0)} ms`);
    expect(data.servers).toHaveLength(10_000);
    expect(ms).toBeLessThan(5000); // well under a second on an idle machine; lenient for loaded CI
  });
});

describe('at benchmark size (10,000 servers, 50 projects, 5 ms latency)', () => {
  let sim: Awaited<ReturnType<typeof startOpenStackSimulator>>;
  beforeAll(async () => {
    sim = await startOpenStackSimulator({ seed: 1, projects: 50, servers: 10_000, latencyMs: 5, now: NOW });
  });
  afterAll(() => sim.close());

  it('lists every server through the pages, and per project in parallel', async () => {
    const { token } = await systemToken(sim);
    const headers = { 'OpenStack-API-Version': 'compute 2.47' };
    const since = '2000-01-01T00:00:00Z';
    let started = performance.now();
    const all = await collect(
      `${sim.url}/compute/v2.1/servers/detail?all_tenants=1&changes-since=${since}`,
      token,
      'servers',
      { headers },
    );
    const fullMs = performance.now() - started;
    expect(all.items).toHaveLength(10_000);
    expect(new Set(all.items.map((s) => s.id)).size).toBe(10_000);
    started = performance.now();
    const queue = sim.data.projects.map((p) => p.id);
    let listed = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let p = queue.shift(); p; p = queue.shift()) {
          const url = `${sim.url}/compute/v2.1/servers/detail?all_tenants=1&project_id=${p}&changes-since=${since}`;
          const { items } = await collect(url, token, 'servers', { headers });
          listed += items.length;
        }
      }),
    );
    const perProjectMs = performance.now() - started;
    expect(listed).toBe(10_000);
    console.log(
      `10,000 servers, 5 ms latency: full listing ${all.pages} pages in ${fullMs.toFixed(0)} ms; ` +
        `per project (50, 8 in parallel) in ${perProjectMs.toFixed(0)} ms`,
    );
    expect(fullMs).toBeLessThan(15_000);
  });
});

describe('standalone runner', () => {
  const run = promisify(execFile);
  let dir: string;
  let main: string;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    // Compiled by tsc as the benchmarks do; node_modules is linked so `yaml` resolves from the output.
    dir = tempDir('openstack-sim-runner-');
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const tsconfig = {
      extends: join(repoRoot, 'tsconfig.json'),
      compilerOptions: { outDir: join(dir, 'out'), rootDir: repoRoot, sourceMap: false },
      include: [],
      files: [join(repoRoot, 'test/simulators/openstack/main.ts')],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    await run(process.execPath, [
      join(repoRoot, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(dir, 'tsconfig.json'),
    ]);
    main = join(dir, 'out/test/simulators/openstack/main.js');
  });
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints "listening <url>" after writing a config that fedwatch config check accepts; stops on SIGTERM', async () => {
    const file = join(dir, 'fedwatch.yaml');
    writeFileSync(
      file,
      [
        '# operator comment',
        'site:',
        '  name: EXISTING-SITE',
        'logging:',
        '  level: warn',
        'openstack:',
        '  sites:',
        '    - name: other',
        '      authUrl: https://keystone.example.org:5000/v3',
        '      credential: { type: password, username: u, password: p, scope: { system: all } }',
        '',
      ].join('\n'),
    );
    const proc = spawn(
      process.execPath,
      [main, '--port', '0', '--seed', '5', '--projects', '3', '--servers', '30', '--write-config', file],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = proc;
    let out = '';
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^listening (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
    });
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('# operator comment');
    const config = YAML.parse(written) as { site: Json; logging: Json; openstack: { sites: Json[] } };
    expect(config.site.name).toBe('EXISTING-SITE');
    expect(config.logging.level).toBe('warn');
    expect(config.openstack.sites.map((s) => s.name)).toEqual(['other', 'simulated']);
    const site = config.openstack.sites[1]!;
    expect(site.authUrl).toBe(`${url}/identity/v3`);
    const credential = site.credential as Json;
    expect(credential).not.toHaveProperty('password');
    const password = readFileSync(join(dir, credential.passwordFile as string), 'utf8').trim();

    const check = await runCli(['config', 'check', file]);
    expect([check.code, check.stdout, check.stderr]).toEqual([
      0,
      `${file}: configuration is valid\n`,
      expect.any(String),
    ]);

    const res = await fetch(`${url}/identity/v3/auth/tokens`, {
      method: 'POST',
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: credential.username, domain: { name: 'Default' }, password } },
          },
          scope: { system: { all: true } },
        },
      }),
    });
    expect(res.status).toBe(201);

    proc.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) =>
      proc.exitCode !== null ? resolve(proc.exitCode) : proc.once('exit', (c) => resolve(c)),
    );
    expect(code).toBe(0);
    expect(JSON.parse(err.trim().split('\n')[0]!)).toMatchObject({ projects: 3, servers: 30 });
  });

  it('writes a per-VO config (application credentials in secret files) that config check accepts', async () => {
    const sim = await startOpenStackSimulator({ seed: 2, projects: 4, servers: 10, now: NOW });
    try {
      const file = join(dir, 'per-vo', 'fedwatch.yaml');
      await sim.writeConfig(file, { perVo: true, siteName: 'SIM-PER-VO' });
      const site = (YAML.parse(readFileSync(file, 'utf8')) as { openstack: { sites: Json[] } }).openstack
        .sites[0]!;
      const vos = site.vos as Json[];
      expect(vos).toHaveLength(4);
      const cred = vos[0]!.credential as Json;
      expect(existsSync(join(dir, 'per-vo', cred.secretFile as string))).toBe(true);
      const check = await runCli(['config', 'check', file]);
      expect([check.code, check.stderr]).toEqual([0, expect.any(String)]);
    } finally {
      await sim.close();
    }
  });

  it('prints usage for --help and refuses unknown flags', async () => {
    const help = await run(process.execPath, [main, '--help']);
    expect(help.stdout).toContain('--write-config FILE');
    await expect(run(process.execPath, [main, '--bogus'])).rejects.toMatchObject({ code: 2 });
  });
});

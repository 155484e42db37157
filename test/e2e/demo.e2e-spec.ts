/**
 * `npm run demo` end to end: `node dist-bench/demo/main.js` (built here with `build:tools`; the
 * e2e tier runs after `npm run build`) on free ports and a temporary data directory. Within a
 * minute of its start the CLI shows the simulated site's clusters, accounting records and messages
 * published to the directory queue; a live /metrics scrape then holds every metric the Grafana
 * dashboards query; and Ctrl-C (SIGINT to the process group) stops every process, exit code 0.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ENTRIES, SHAPE, SITE_NAME } from '../../demo/site.js';
import { resolveOptions } from '../simulators/rancher/index.js';
import { seedRancher } from '../simulators/rancher/seed.js';
import { freePort } from '../support/free-port.js';
import { repoRoot, runCli, type CliResult } from '../support/service-process.js';
import { tempDir } from '../support/temp-dir.js';
import { dashboardMetricNames, parseScrape } from './demo.scrape.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Data rows of a table, cells split on the tabwriter's runs of spaces (first column may be empty). */
const rows = (r: CliResult) =>
  r.stdout
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s{2,}/));
const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((res) =>
    child.exitCode !== null || child.signalCode !== null
      ? res(child.exitCode)
      : child.once('exit', (code) => res(code)),
  );

/** Whether a process (or, negative, any process of a group) exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

describe('npm run demo', () => {
  const dataDir = tempDir('fedwatch-e2e-demo-');
  const cliEnv: Record<string, string> = { FEDWATCH_CLI_DIR: tempDir('fedwatch-e2e-demo-cli-') };
  const messageDir = join(dataDir, 'demo', 'outgoing');
  let httpPort: number;
  let grpcPort: number;
  let demo: ChildProcess;
  let startedAt: number;
  let stdout = '';
  let stderr = '';
  const cli = (...args: string[]) => runCli(args, cliEnv);

  beforeAll(async () => {
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`build:tools failed:\n${build.stdout}${build.stderr}`);
    [httpPort, grpcPort] = [await freePort(), await freePort()];
    cliEnv.FEDWATCH_URL = `http://127.0.0.1:${httpPort}`;
    startedAt = Date.now();
    demo = spawn(process.execPath, [join(repoRoot, 'dist-bench', 'demo', 'main.js')], {
      cwd: repoRoot,
      // A clean environment: no AMQP_URL or DATABASE_URL of the CI job leaks in.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        FEDWATCH_HTTP_PORT: String(httpPort),
        FEDWATCH_GRPC_PORT: String(grpcPort),
        FEDWATCH_DATA_DIR: dataDir,
      },
      detached: true, // its own process group, as a terminal's foreground job has
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    demo.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    while (!stdout.includes('Ctrl-C stops everything')) {
      if (demo.exitCode !== null) throw new Error(`demo exited with ${demo.exitCode}:\n${stderr}`);
      if (Date.now() - startedAt > 60_000) throw new Error(`demo did not start within 60 s:\n${stderr}`);
      await sleep(200);
    }
  }, 120_000);

  afterAll(async () => {
    if (demo?.pid && demo.exitCode === null && demo.signalCode === null) {
      process.kill(-demo.pid, 'SIGKILL');
      await exitOf(demo);
    }
  });

  it('prints where to look and what to try', () => {
    for (const text of [
      `http://127.0.0.1:${httpPort}/api/docs`,
      `http://127.0.0.1:${httpPort}/metrics`,
      `127.0.0.1:${grpcPort}`,
      dataDir,
      messageDir,
      join(dataDir, 'demo', 'fedwatch.yaml'),
      'npx fedwatch cluster ls',
      'npx fedwatch accounting records',
      'npx fedwatch outbox status',
    ]) {
      expect(stdout).toContain(text);
    }
  });

  it('within a minute, the CLI shows the clusters, accounting records and published messages', async () => {
    const rancher = seedRancher(
      resolveOptions({
        seed: SHAPE.seed,
        clusters: SHAPE.rancherClusters,
        nodes: SHAPE.rancherNodesPerCluster,
      }),
    );
    const clusterRows = [
      ...rancher.clusters.map((c) => [c.id, (c.name as string) || c.id]),
      [ENTRIES.kubernetes, ENTRIES.kubernetes],
    ].sort();
    let last: Record<string, CliResult> = {};
    const shown = () => {
      const published = rows(last.outbox!).find((r) => r[0] === 'accounting.cloud' && r[1] === 'dirq');
      return (
        JSON.stringify(
          rows(last.clusters!)
            .map((r) => [r[0], r[2]])
            .sort(),
        ) === JSON.stringify(clusterRows) &&
        rows(last.records!).some((r) => r[0] === 'cloud' && r[2] === SITE_NAME) &&
        Number(published?.[3] ?? 0) > 0
      );
    };
    do {
      await sleep(2000);
      const [clusters, records, outbox] = await Promise.all([
        cli('cluster', 'ls'),
        cli('accounting', 'records'),
        cli('outbox', 'status'),
      ]);
      last = { clusters: clusters!, records: records!, outbox: outbox! };
    } while (!shown() && Date.now() - startedAt < 60_000);
    for (const result of Object.values(last)) expect(result.code).toBe(0);
    expect(
      rows(last.clusters!)
        .map((r) => [r[0], r[2]])
        .sort(),
    ).toEqual(clusterRows);
    expect(shown()).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(60_000);
    const files = readdirSync(join(messageDir, 'accounting.cloud'), { recursive: true })
      .map((f) => join(messageDir, 'accounting.cloud', String(f)))
      .filter((f) => statSync(f).isFile());
    expect(files.length).toBeGreaterThan(0);
  });

  it('a live /metrics scrape holds every metric the dashboards query', async () => {
    // After the previous test an extraction has finished and its messages were published.
    const scrape = parseScrape(await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text());
    const dashboards = dashboardMetricNames(join(repoRoot, 'charts', 'fedwatch', 'dashboards'));
    expect(dashboards.size).toBeGreaterThan(0);
    const missing: string[] = [];
    const empty: string[] = [];
    for (const [file, names] of dashboards) {
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        const family = scrape.familyOf(name);
        if (family === null) missing.push(`${file}: ${name}`);
        // A labelled counter has no series before its first event (no publish has failed);
        // a gauge or histogram without one after an extraction and a publish is never set.
        else if (scrape.types.get(family) !== 'counter' && !scrape.withSamples.has(family))
          empty.push(`${file}: ${name}`);
      }
    }
    expect({ missing, empty }).toEqual({ missing: [], empty: [] });
  });

  it('Ctrl-C (SIGINT to its process group) stops fedwatch and the simulators, exit code 0', async () => {
    const health = (await (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).json()) as {
      info: { process: { pid: number } };
    };
    const fedwatchPid = health.info.process.pid;
    expect(fedwatchPid).not.toBe(demo.pid);
    process.kill(-demo.pid!, 'SIGINT');
    expect(await exitOf(demo)).toBe(0);
    expect(stderr).toContain('demo: fedwatch stopped (exit code 0)');
    expect(stderr).toContain('demo: simulators stopped');
    expect(alive(fedwatchPid)).toBe(false);
    expect(alive(-demo.pid!)).toBe(false); // nothing left in its process group
  });
});

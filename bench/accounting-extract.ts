/**
 * Accounting benchmark: how long fedwatch takes, and how much memory, to extract one window from
 * a 10,000-server OpenStack cloud (50 projects, 5 ms added to every request), against the naive
 * sequential client (cASO's access pattern). Prints figures and one closing JSON line; asserts
 * nothing. Run with `npm run bench:accounting`.
 *
 * The simulator runs in its own process (`dist-bench/test/simulators/openstack/main.js`), so its
 * CPU and memory are not fedwatch's. The window is the simulator's last 30 days: it seeds every
 * deletion "within the last 30 days" (terminated between now − 30 d + 1 h and now − 10 min, half of
 * them also created there) and the 5 % "deleted before the window" more than 31 days ago, so
 * [now − 30 d, now) holds exactly the 2,000 deletions (a 24 h window would hold about 1/30 of them).
 *
 * Measurements, each in its own fedwatch process (peak RSS is that process's VmHWM):
 *   in-process   the real collector + record builders (what every path below runs), requests
 *                counted on fedwatch's side with `fedwatch_openstack_request_duration_seconds`
 *                (the simulator has no request-log endpoint in standalone mode)
 *   dry run      `fedwatch accounting extract --dry-run --out-dir` under /usr/bin/time -v
 *   service      `fedwatch serve` + POST /api/v1/accounting/extractions: what a site runs — records
 *                and outbox messages stored per project in one transaction — on real PostgreSQL
 *                (DATABASE_URL, a fresh database dropped after) and on the embedded database
 *   naive        the in-process measurement with `naive: true` (one project at a time, pages of 200,
 *                one user look-up per server, one GET per usage-only server)
 *
 * Environment: BENCH_MODES (default `inproc,dryrun,service-pg,service-embedded,naive`),
 * BENCH_SEED (default 1), BENCH_CPU_PROF=DIR (fedwatch processes write .cpuprofile files there).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { buildProjectWindow } from '../src/accounting/project-window.js';
import { packageVersion } from '../src/common/package-info.js';
import { loadConfig } from '../src/config/config.loader.js';
import { HttpOpenStackClientFactory } from '../src/sources/openstack/openstack-client.factory.js';
import { OpenStackUsageCollector } from '../src/sources/openstack/usage/usage-collector.js';
import { freePort } from '../test/support/free-port.js';
import { createTestDatabase } from '../test/support/postgres.js';
import { repoRoot } from '../test/support/service-process.js';
import {
  machineLine,
  procStatusBytes,
  resetPeakRss,
  round,
  sleep,
  stopChild,
  waitForLine,
  watchMemory,
} from './bench-support.js';

const PROJECTS = 50;
const SERVERS = 10_000;
const DELETED_SHARE = 0.2;
const LATENCY_MS = 5;
const WINDOW_DAYS = 30;
const TARGET_SECONDS = 10;
const TARGET_RSS_MB = 300;
const TOKEN = 'bench-admin-token-0123456789';
const REQUEST_METRIC = 'fedwatch_openstack_request_duration_seconds';
const launcher = join(repoRoot, 'bin', 'fedwatch.js');
const thisFile = fileURLToPath(import.meta.url);
const MB = 1e6;

/** What one measurement found; null where that path cannot tell. */
interface Figures {
  label: string;
  wallMs: number;
  /** Cloud records = servers accounted in the window (one per VM). */
  servers: number;
  records: number;
  messages: number;
  /** VMs whose record says `completed` (deleted inside the window). */
  completed: number | null;
  requests: number | null;
  requestsByService: Record<string, number> | null;
  peakRssBytes: number | null;
  /** RSS before the extraction started (services only). */
  idleRssBytes?: number | null;
  /** Extra timings: collect/build split, server-side duration, process start. */
  detail?: Record<string, number | string | null>;
}

// ---------------------------------------------------------------------------------------------
// Worker: the real collector + builders in this process, one JSON line on stdout.

async function worker(mode: 'fast' | 'naive', configFile: string, fromIso: string, toIso: string) {
  const { config } = loadConfig({ env: {}, file: configFile, cwd: process.cwd() });
  const site = config.openstack.sites[0]!;
  const window = { from: new Date(fromIso), to: new Date(toIso) };
  const registry = new Registry();
  const factory = new HttpOpenStackClientFactory({ registry });
  const collector = new OpenStackUsageCollector(factory);

  const t0 = performance.now();
  const collection = await collector.collectSite(site, window, { naive: mode === 'naive' });
  const t1 = performance.now();
  let records = 0;
  let servers = 0;
  let collected = 0;
  let completed = 0;
  let messages = 0;
  let failed = 0;
  if (collection.error) throw collection.error;
  for (const project of collection.projects) {
    if (!project.ok) {
      failed++;
      continue;
    }
    collected += project.data.servers.length;
    const built = buildProjectWindow({
      data: project.data,
      window,
      site: {
        name: site.name,
        siteName: site.siteName,
        cloudComputeService: config.accounting.cloudComputeService,
      },
      vo: project.vo,
      version: packageVersion,
      accounting: config.accounting,
    });
    records += built.records.length;
    servers += built.counts.cloud ?? 0;
    messages += built.messages.length;
    for (const r of built.records) {
      if (r.type === 'cloud' && (r.fields as { Status?: string }).Status === 'completed') completed++;
    }
  }
  const t2 = performance.now();
  await factory.close();

  const byService: Record<string, number> = {};
  const metric = registry.getSingleMetric(REQUEST_METRIC);
  for (const v of metric ? (await metric.get()).values : []) {
    if (!(v as { metricName?: string }).metricName?.endsWith('_count')) continue;
    const service = String(v.labels.service);
    byService[service] = (byService[service] ?? 0) + v.value;
  }
  const figures: Figures = {
    label: mode === 'fast' ? 'fedwatch, in-process collector + builders' : 'naive sequential client',
    wallMs: t2 - t0,
    servers,
    records,
    messages,
    completed,
    requests: Object.values(byService).reduce((s, n) => s + n, 0),
    requestsByService: byService,
    peakRssBytes: procStatusBytes('self', 'VmHWM'),
    detail: {
      collectMs: round(t1 - t0),
      buildMs: round(t2 - t1),
      projects: collection.projects.length,
      projectsFailed: failed,
      serversCollected: collected,
    },
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

// ---------------------------------------------------------------------------------------------
// Orchestrator.

function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...extra };
}

/** Node flags of the fedwatch processes (not the simulator's); Node 20 refuses --cpu-prof in NODE_OPTIONS. */
function nodeFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

function collect(child: ChildProcess): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  // Keep the tail only: a service logs for as long as it runs.
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-1_000_000)));
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-200_000)));
  return { out: () => out, err: () => err };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

interface Simulator {
  child: ChildProcess;
  url: string;
  summary: Record<string, unknown>;
}

async function startSimulator(dir: string, seed: string, now: Date): Promise<Simulator> {
  const port = await freePort();
  const main = join(repoRoot, 'dist-bench', 'test', 'simulators', 'openstack', 'main.js');
  // The brief's command line, plus --now so that the window is known before it starts.
  const args = [
    main,
    ...['--port', String(port), '--seed', seed, '--projects', String(PROJECTS)],
    ...['--servers', String(SERVERS), '--deleted-share', String(DELETED_SHARE)],
    ...['--latency-ms', String(LATENCY_MS), '--now', now.toISOString()],
    ...['--write-config', join(dir, 'fedwatch.yaml')],
  ];
  const child = spawn(process.execPath, args, { cwd: dir, env: cleanEnv() });
  const output = collect(child);
  const line = await waitForLine(child, /^listening /).catch((err: Error) => {
    throw new Error(`simulator: ${err.message}\n${output.err()}`);
  });
  const summaryLine = output
    .err()
    .split('\n')
    .find((l) => l.startsWith('{'));
  return {
    child,
    url: line.slice('listening '.length).trim(),
    summary: summaryLine ? (JSON.parse(summaryLine) as Record<string, unknown>) : {},
  };
}

async function runWorker(mode: 'fast' | 'naive', configFile: string, from: Date, to: Date): Promise<Figures> {
  const child = spawn(
    process.execPath,
    [...nodeFlags(), thisFile, '--worker', mode, configFile, from.toISOString(), to.toISOString()],
    { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = collect(child);
  const code = await exitOf(child);
  const line = output
    .out()
    .trim()
    .split('\n')
    .findLast((l) => l.startsWith('{'));
  if (code !== 0 || !line) throw new Error(`worker ${mode} exited with ${code}:\n${output.err()}`);
  return JSON.parse(line) as Figures;
}

async function runDryRun(dir: string, configFile: string, from: Date, to: Date): Promise<Figures> {
  const outDir = join(dir, 'dry-run-out');
  rmSync(outDir, { recursive: true, force: true });
  const args = [
    launcher,
    ...['accounting', 'extract', '--dry-run', '--out-dir', outDir, '-c', configFile],
    ...['--from', from.toISOString(), '--to', to.toISOString()],
  ];
  const timeBin = '/usr/bin/time';
  const useTime = existsSync(timeBin);
  const t0 = performance.now();
  const child = useTime
    ? spawn(timeBin, ['-v', process.execPath, ...nodeFlags(), ...args], { cwd: dir, env: cleanEnv() })
    : spawn(process.execPath, [...nodeFlags(), ...args], { cwd: dir, env: cleanEnv() });
  const output = collect(child);
  const memory = useTime ? null : watchMemory(child.pid!, 20);
  const code = await exitOf(child);
  const wallMs = performance.now() - t0;
  const polled = memory?.stop();
  if (code !== 0) throw new Error(`dry run exited with ${code}:\n${output.err()}`);
  const maxRssKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(output.err())?.[1];
  const summary = /(\d+) projects, (\d+) records, (\d+) messages/.exec(output.err());
  const cloudDir = join(outDir, 'accounting.cloud');
  let cloudRecords = 0;
  let completed = 0;
  if (existsSync(cloudDir)) {
    for (const f of readdirSync(cloudDir)) {
      const body = readFileSync(join(cloudDir, f), 'utf8');
      cloudRecords += body.match(/^VMUUID: /gm)?.length ?? 0;
      completed += body.match(/^Status: completed$/gm)?.length ?? 0;
    }
  }
  return {
    label: 'fedwatch accounting extract --dry-run (child process)',
    wallMs,
    servers: cloudRecords,
    records: Number(summary?.[2] ?? 0),
    messages: Number(summary?.[3] ?? 0),
    completed,
    requests: null,
    requestsByService: null,
    peakRssBytes: maxRssKb ? Number(maxRssKb) * 1024 : (polled?.hwm ?? null),
    detail: { peakRssFrom: useTime ? '/usr/bin/time -v' : 'VmHWM polling' },
  };
}

interface RunningService {
  child: ChildProcess;
  baseUrl: string;
  output: { out: () => string; err: () => string };
}

async function startService(
  dir: string,
  dataDir: string,
  env: Record<string, string>,
): Promise<RunningService> {
  const httpPort = await freePort();
  const grpcPort = await freePort();
  const child = spawn(process.execPath, [...nodeFlags(), launcher, 'serve'], {
    cwd: dir,
    env: cleanEnv({
      FEDWATCH_CONFIG: join(dir, 'fedwatch.yaml'),
      FEDWATCH_DATA_DIR: dataDir,
      FEDWATCH_HTTP_PORT: String(httpPort),
      FEDWATCH_GRPC_PORT: String(grpcPort),
      FEDWATCH_LOGGING__FORMAT: 'json',
      FEDWATCH_API__TOKENS: JSON.stringify([{ name: 'bench', role: 'admin', token: TOKEN }]),
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(child);
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`fedwatch serve exited with ${child.exitCode}:\n${output.err()}`);
    if (Date.now() > deadline) {
      await stopChild(child, 'SIGKILL');
      throw new Error(`fedwatch serve not ready within 120 s:\n${output.err()}`);
    }
    try {
      if ((await fetch(`${baseUrl}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return { child, baseUrl, output };
}

interface ExtractionView {
  id: string;
  state: string;
  progress: { records: number; messages: number; projectsDone: number; projectsFailed: number };
  summary: { projects: { records: Record<string, number> }[] } | null;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** The service's own view of its memory (prom-client default metrics), in MB. */
async function memoryMetrics(baseUrl: string): Promise<Record<string, number | null>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const value = (name: string) => {
    const v = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1];
    return v === undefined ? null : round(Number(v) / MB, 0);
  };
  return {
    rssMB: value('process_resident_memory_bytes'),
    heapUsedMB: value('nodejs_heap_size_used_bytes'),
    externalMB: value('nodejs_external_memory_bytes'),
  };
}

async function measureService(
  label: string,
  service: RunningService,
  from: Date,
  to: Date,
  detail: Record<string, number | string | null>,
): Promise<Figures> {
  const auth = { authorization: `Bearer ${TOKEN}` };
  const pid = service.child.pid!;
  await sleep(1_000); // let start-up settle
  const idleRssBytes = procStatusBytes(pid, 'VmRSS');
  const idle = await memoryMetrics(service.baseUrl);
  const reset = resetPeakRss(pid);
  const memory = watchMemory(pid);
  const t0 = performance.now();
  const res = await fetch(`${service.baseUrl}/api/v1/accounting/extractions`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ from: from.toISOString(), to: to.toISOString() }),
  });
  if (res.status !== 202) throw new Error(`POST extractions: HTTP ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  let view: ExtractionView;
  for (;;) {
    view = (await (
      await fetch(`${service.baseUrl}/api/v1/accounting/extractions/${id}`, { headers: auth })
    ).json()) as ExtractionView;
    if (view.state !== 'queued' && view.state !== 'running') break;
    await sleep(25);
  }
  const wallMs = performance.now() - t0;
  const mem = memory.stop();
  if (view.state !== 'succeeded') throw new Error(`extraction ${view.state}: ${view.error ?? ''}`);

  const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
  const byService: Record<string, number> = {};
  for (const m of metrics.matchAll(new RegExp(`^${REQUEST_METRIC}_count\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
    const svc = /service="([^"]+)"/.exec(m[1]!)?.[1] ?? '?';
    byService[svc] = (byService[svc] ?? 0) + Number(m[2]);
  }
  const servers = (view.summary?.projects ?? []).reduce((s, p) => s + (p.records.cloud ?? 0), 0);
  const serverSideMs =
    view.startedAt && view.finishedAt ? Date.parse(view.finishedAt) - Date.parse(view.startedAt) : null;
  return {
    label,
    wallMs,
    servers,
    records: view.progress.records,
    messages: view.progress.messages,
    completed: null,
    requests: Object.values(byService).reduce((s, n) => s + n, 0),
    requestsByService: byService,
    peakRssBytes: reset ? mem.hwm : mem.maxRss,
    idleRssBytes,
    detail: {
      ...detail,
      serverSideMs,
      idleHeapUsedMB: idle.heapUsedMB,
      idleExternalMB: idle.externalMB,
      peakRssFrom: reset ? 'VmHWM reset before the POST' : 'VmRSS polled every 50 ms',
    },
  };
}

async function runServicePostgres(dir: string, from: Date, to: Date): Promise<Figures> {
  const db = await createTestDatabase('fw_bench_accounting');
  let service: RunningService | null = null;
  try {
    const t0 = performance.now();
    service = await startService(dir, join(dir, 'data-pg'), { DATABASE_URL: db.url });
    const startMs = round(performance.now() - t0, 0);
    return await measureService('fedwatch serve on PostgreSQL, REST-triggered', service, from, to, {
      startToReadyMs: startMs,
    });
  } finally {
    if (service) await stopChild(service.child);
    await db.drop();
  }
}

async function runServiceEmbedded(dir: string, from: Date, to: Date): Promise<Figures> {
  const dataDir = join(dir, 'data-embedded');
  rmSync(dataDir, { recursive: true, force: true });
  // First start initialises the data directory; a site's service normally reopens an existing one.
  let t0 = performance.now();
  const first = await startService(dir, dataDir, {});
  const freshStartMs = round(performance.now() - t0, 0);
  await sleep(1_000);
  const freshIdleRss = procStatusBytes(first.child.pid!, 'VmRSS');
  const freshIdle = await memoryMetrics(first.baseUrl);
  await stopChild(first.child);
  t0 = performance.now();
  const service = await startService(dir, dataDir, {});
  try {
    return await measureService(
      'fedwatch serve on the embedded database, REST-triggered',
      service,
      from,
      to,
      {
        freshStartToReadyMs: freshStartMs,
        freshIdleRssMB: freshIdleRss === null ? null : round(freshIdleRss / MB, 0),
        freshIdleExternalMB: freshIdle.externalMB,
        reopenToReadyMs: round(performance.now() - t0, 0),
      },
    );
  } finally {
    await stopChild(service.child);
  }
}

function fmt(f: Figures): string {
  const s = f.wallMs / 1000;
  const rate = f.servers / s;
  const rss = f.peakRssBytes === null ? 'n/a' : `${(f.peakRssBytes / MB).toFixed(0)} MB`;
  const idle = f.idleRssBytes == null ? '' : ` (idle before: ${(f.idleRssBytes / MB).toFixed(0)} MB)`;
  const req =
    f.requests === null
      ? 'n/a (no metrics in a dry run; same code path as in-process)'
      : `${f.requests} ${JSON.stringify(f.requestsByService)}`;
  return [
    `  ${f.label}`,
    `    wall ${s.toFixed(2)} s, ${rate.toFixed(0)} servers/s (${f.servers} servers accounted), peak RSS ${rss}${idle}`,
    `    records ${f.records}, messages ${f.messages}${f.completed === null ? '' : `, completed in window ${f.completed}`}`,
    `    requests ${req}`,
    f.detail ? `    ${JSON.stringify(f.detail)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function verdict(f: Figures): { time: boolean; rss: boolean | null } {
  return {
    time: f.wallMs < TARGET_SECONDS * 1000,
    rss: f.peakRssBytes === null ? null : f.peakRssBytes < TARGET_RSS_MB * MB,
  };
}

async function main() {
  const machine = machineLine();
  console.log(`fedwatch accounting extraction benchmark: ${machine}`);
  const modes = new Set(
    (process.env.BENCH_MODES ?? 'inproc,dryrun,service-pg,service-embedded,naive')
      .split(',')
      .map((m) => m.trim()),
  );
  const seed = process.env.BENCH_SEED ?? '1';
  const dir = mkdtempSync(join(tmpdir(), 'fedwatch-bench-accounting-'));
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const to = now;
  const from = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
  let sim: Simulator | null = null;
  const results: Record<string, Figures> = {};
  try {
    sim = await startSimulator(dir, seed, now);
    const configFile = join(dir, 'fedwatch.yaml');
    console.log(
      `simulator (own process, pid ${sim.child.pid}): ${sim.url}, seed ${seed}, ${SERVERS} servers in ` +
        `${PROJECTS} projects, deleted share ${DELETED_SHARE}, +${LATENCY_MS} ms per request; ${JSON.stringify(sim.summary)}`,
    );
    console.log(
      `window [${from.toISOString()}, ${to.toISOString()}) = the simulator's last ${WINDOW_DAYS} days`,
    );
    const steps: [string, string, () => Promise<Figures>][] = [
      ['inproc', 'inProcess', () => runWorker('fast', configFile, from, to)],
      ['dryrun', 'dryRun', () => runDryRun(dir, configFile, from, to)],
      ['service-pg', 'servicePostgres', () => runServicePostgres(dir, from, to)],
      ['service-embedded', 'serviceEmbedded', () => runServiceEmbedded(dir, from, to)],
      ['naive', 'naive', () => runWorker('naive', configFile, from, to)],
    ];
    for (const [mode, key, run] of steps) {
      if (!modes.has(mode)) continue;
      results[key] = await run();
      console.log(fmt(results[key]));
    }
  } finally {
    if (sim) await stopChild(sim.child);
    rmSync(dir, { recursive: true, force: true });
  }

  const fast = results.inProcess;
  const naive = results.naive;
  const ratio =
    fast && naive
      ? {
          wall: round(naive.wallMs / fast.wallMs, 1),
          requests: fast.requests && naive.requests ? round(naive.requests / fast.requests, 1) : null,
          peakRss:
            fast.peakRssBytes && naive.peakRssBytes ? round(naive.peakRssBytes / fast.peakRssBytes, 2) : null,
        }
      : null;
  if (ratio) {
    console.log(
      `naive / fedwatch (in-process, same harness): ${ratio.wall}× the wall time, ${ratio.requests}× the requests, ` +
        `${ratio.peakRss}× the peak RSS`,
    );
  }
  const targets: Record<string, { time: boolean; rss: boolean | null }> = {};
  for (const [key, f] of Object.entries(results)) {
    if (key === 'naive') continue;
    targets[key] = verdict(f);
    const v = targets[key];
    console.log(
      `target (< ${TARGET_SECONDS} s, < ${TARGET_RSS_MB} MB RSS) ${key}: time ${v.time ? 'met' : 'NOT met'}, ` +
        `RSS ${v.rss === null ? 'n/a' : v.rss ? 'met' : 'NOT met'}`,
    );
  }
  const json = {
    benchmark: 'accounting-extract',
    machineAtStart: machine,
    cloud: { servers: SERVERS, projects: PROJECTS, deletedShare: DELETED_SHARE, latencyMs: LATENCY_MS, seed },
    window: { from: from.toISOString(), to: to.toISOString(), days: WINDOW_DAYS },
    results: Object.fromEntries(
      Object.entries(results).map(([k, f]) => [
        k,
        {
          wallS: round(f.wallMs / 1000, 3),
          serversPerS: round(f.servers / (f.wallMs / 1000), 0),
          servers: f.servers,
          records: f.records,
          messages: f.messages,
          completedInWindow: f.completed,
          requests: f.requests,
          requestsByService: f.requestsByService,
          peakRssMB: f.peakRssBytes === null ? null : round(f.peakRssBytes / MB, 0),
          idleRssMB: f.idleRssBytes == null ? null : round(f.idleRssBytes / MB, 0),
          ...f.detail,
        },
      ]),
    ),
    naiveOverFedwatch: ratio,
    targets,
  };
  console.log(JSON.stringify(json));
}

if (process.argv[2] === '--worker') {
  const [mode, configFile, from, to] = process.argv.slice(3);
  await worker(mode === 'naive' ? 'naive' : 'fast', configFile!, from!, to!);
} else {
  await main();
}

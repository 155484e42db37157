/**
 * Cluster-health benchmark: the Kubernetes simulator in its own process with a cluster at
 * Kubernetes' documented limits (BENCH_NODES 5,000 nodes, BENCH_PODS 150,000 pods) and pod churn
 * (BENCH_CHURN 100 events/s), and `fedwatch serve` (embedded database) watching it through a
 * kubeconfig written by the simulator. Prints, ending with one JSON line:
 *
 *   initial sync      /healthz answering → REST shows the cluster with every node (the target is
 *                     for this); also from the spawn, i.e. with the process start-up
 *   event rate        watch events applied per second while the simulator churns (from
 *                     /api/v1/cluster-sources), against the churn rate asked for
 *   /metrics          render time (median and max of BENCH_SCRAPES) and size
 *   cluster ls        wall time of `fedwatch cluster ls` (a whole CLI process), median of 3
 *   peak RSS          of the fedwatch process (VmHWM), from spawn to the end
 *
 * Targets (issue): initial sync < 15 s, /metrics < 500 ms, RSS < 1 GB. Asserts nothing.
 * Run with `npm run bench:cluster-health`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/free-port.js';
import { repoRoot } from '../test/support/service-process.js';
import {
  machineLine,
  mib,
  procStatusBytes,
  round,
  sleep,
  stopChild,
  waitForLine,
  watchMemory,
} from './bench-support.js';

const NODES = Number(process.env.BENCH_NODES ?? 5000);
const PODS = Number(process.env.BENCH_PODS ?? 150_000);
const CHURN = Number(process.env.BENCH_CHURN ?? 100);
const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 10);
const NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=768';
const EVENT_WINDOW_MS = Number(process.env.BENCH_EVENT_WINDOW_MS ?? 10_000);
const TARGETS = { syncSeconds: 15, metricsMs: 500, rssBytes: 1024 ** 3 };

const launcher = join(repoRoot, 'bin', 'fedwatch.js');
const simMain = join(repoRoot, 'dist-bench', 'test', 'simulators', 'kubernetes', 'main.js');

interface ClusterReply {
  clusters: { id: string; state: string; nodeCount: number; pods: { requested: number } }[];
}
interface SourcesReply {
  sources: { source: string; watch?: { eventsProcessed: number; state: string } }[];
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

async function timeCommand(args: string[], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [launcher, ...args], { env: { PATH: process.env.PATH, ...env } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0 || !out.includes('CURRENT')) throw new Error(`fedwatch ${args.join(' ')} failed (${code})`);
  return performance.now() - started;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  console.log(`fedwatch cluster-health benchmark: ${machineLine()}`);
  const dir = mkdtempSync(join(tmpdir(), 'fedwatch-bench-clusters-'));
  const config = join(dir, 'fedwatch.yaml');
  let sim: ChildProcess | null = null;
  let service: ChildProcess | null = null;
  try {
    const simPort = await freePort();
    const seedStarted = performance.now();
    sim = spawn(
      process.execPath,
      [
        simMain,
        '--port',
        String(simPort),
        '--seed',
        '1',
        '--nodes',
        String(NODES),
        '--pods',
        String(PODS),
        '--churn',
        String(CHURN),
        '--write-config',
        config,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await waitForLine(sim, /^listening /, 600_000);
    console.log(`fedwatch runs with NODE_OPTIONS=${NODE_OPTIONS || '(none)'}`);
    console.log(
      `simulator (own process, pid ${sim.pid}): ${NODES} nodes, ${PODS} pods, churn ${CHURN}/s, ` +
        `ready in ${round((performance.now() - seedStarted) / 1000)} s`,
    );

    const httpPort = await freePort();
    const base = `http://127.0.0.1:${httpPort}`;
    const spawnedAt = performance.now();
    service = spawn(process.execPath, [launcher, 'serve'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        // As the container image runs it (Dockerfile: NODE_OPTIONS); BENCH_NODE_OPTIONS='' runs
        // without the heap ceiling, to see how far V8 lets the heap grow before collecting.
        ...(NODE_OPTIONS ? { NODE_OPTIONS } : {}),
        FEDWATCH_CONFIG: config,
        FEDWATCH_DATA_DIR: join(dir, 'data'),
        FEDWATCH_HTTP_PORT: String(httpPort),
        FEDWATCH_GRPC_PORT: String(await freePort()),
        FEDWATCH_LOGGING__FORMAT: 'json',
        FEDWATCH_LOGGING__LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const memory = watchMemory(service.pid!, 100);
    let serviceExit: number | null | undefined;
    service.once('exit', (code) => (serviceExit = code));
    let healthyAt = 0;
    for (;;) {
      try {
        if (!healthyAt && (await fetch(`${base}/healthz`)).ok) healthyAt = performance.now();
        if (healthyAt) {
          const reply = await getJson<ClusterReply>(`${base}/api/v1/clusters`);
          if (reply.clusters.some((c) => c.nodeCount === NODES && c.state !== 'unknown')) break;
        }
      } catch {
        // not listening yet
      }
      if (serviceExit !== undefined) throw new Error(`fedwatch exited (${serviceExit}) before it synced`);
      if (performance.now() - spawnedAt > 300_000) throw new Error('no full sync within 300 s');
      await sleep(100);
    }
    const syncedAt = performance.now();
    const syncSeconds = (syncedAt - spawnedAt) / 1000;
    const syncAfterHealthySeconds = (syncedAt - healthyAt) / 1000;
    console.log(
      `initial sync: ${round(syncSeconds, 2)} s from spawn (${round(syncAfterHealthySeconds, 2)} s after /healthz)`,
    );

    // Where the memory is, right after the sync (the process's own figures).
    const self = await (await fetch(`${base}/metrics`)).text();
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(self)?.[1] ?? NaN);
    const memoryAfterSync = {
      rssBytes: gauge('process_resident_memory_bytes'),
      heapUsedBytes: gauge('nodejs_heap_size_used_bytes'),
      heapTotalBytes: gauge('nodejs_heap_size_total_bytes'),
      externalBytes: gauge('nodejs_external_memory_bytes'),
    };
    console.log(
      `memory after sync: RSS ${mib(memoryAfterSync.rssBytes)}, heap used ${mib(memoryAfterSync.heapUsedBytes)} ` +
        `of ${mib(memoryAfterSync.heapTotalBytes)}, external ${mib(memoryAfterSync.externalBytes)}`,
    );

    const events = async () =>
      (await getJson<SourcesReply>(`${base}/api/v1/cluster-sources`)).sources[0]?.watch?.eventsProcessed ?? 0;
    const e0 = await events();
    const t0 = performance.now();
    await sleep(EVENT_WINDOW_MS);
    const eventRate = ((await events()) - e0) / ((performance.now() - t0) / 1000);
    console.log(
      `RSS after the event window: ${mib(procStatusBytes(service.pid!, 'VmRSS'))}, peak so far ${mib(procStatusBytes(service.pid!, 'VmHWM'))}`,
    );
    console.log(`events applied: ${round(eventRate)} /s while the simulator churns ${CHURN} /s`);

    const scrapeMs: number[] = [];
    let metricsBytes = 0;
    for (let i = 0; i < SCRAPES; i++) {
      const started = performance.now();
      const text = await (await fetch(`${base}/metrics`)).text();
      scrapeMs.push(performance.now() - started);
      metricsBytes = Buffer.byteLength(text);
    }
    console.log(
      `RSS after the scrapes: ${mib(procStatusBytes(service.pid!, 'VmRSS'))}, ` +
        `peak so far ${mib(procStatusBytes(service.pid!, 'VmHWM'))}`,
    );
    console.log(
      `/metrics: median ${round(median(scrapeMs))} ms, max ${round(Math.max(...scrapeMs))} ms, ${mib(metricsBytes)}`,
    );

    const cliEnv = { FEDWATCH_URL: base, FEDWATCH_CLI_DIR: join(dir, 'cli') };
    const lsMs: number[] = [];
    for (let i = 0; i < 3; i++) lsMs.push(await timeCommand(['cluster', 'ls'], cliEnv));
    console.log(`fedwatch cluster ls: median ${round(median(lsMs))} ms (a whole CLI process)`);

    const { hwm, maxRss } = memory.stop();
    const peakRss = hwm || maxRss;
    console.log(`fedwatch peak RSS: ${mib(peakRss)}`);
    const figures = {
      benchmark: 'cluster-health',
      machineAtStart: machineLine(),
      nodes: NODES,
      pods: PODS,
      churnPerS: CHURN,
      nodeOptions: NODE_OPTIONS,
      initialSyncS: round(syncSeconds, 2),
      initialSyncAfterHealthyS: round(syncAfterHealthySeconds, 2),
      eventsAppliedPerS: round(eventRate),
      metricsRenderMs: { median: round(median(scrapeMs)), max: round(Math.max(...scrapeMs)) },
      metricsBytes,
      clusterLsMs: round(median(lsMs)),
      peakRssBytes: peakRss,
      memoryAfterSync,
      targets: {
        // The sync is the source's work: from the service answering /healthz to the full cluster.
        initialSync: { limitS: TARGETS.syncSeconds, met: syncAfterHealthySeconds < TARGETS.syncSeconds },
        metrics: { limitMs: TARGETS.metricsMs, met: Math.max(...scrapeMs) < TARGETS.metricsMs },
        rss: { limitBytes: TARGETS.rssBytes, met: peakRss < TARGETS.rssBytes },
      },
    };
    console.log(JSON.stringify(figures));
  } finally {
    if (service) await stopChild(service);
    if (sim) await stopChild(sim);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

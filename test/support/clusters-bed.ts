/**
 * What the cluster-health e2e specs share: `fedwatch serve` (embedded database) polling Rancher
 * simulators every second, the CLI, REST, gRPC and /metrics around it, and a small oracle of the
 * `rancher` CLI written from rancher-kubernetes §1–§2 on its own (not fedwatch's renderers), so
 * that the tables are checked against an independent reading of the reference.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import type { RancherSimulator } from '../simulators/rancher/index.js';
import type { KubernetesSimulator } from '../simulators/kubernetes/index.js';
import { list } from '../simulators/rancher/sim-client.js';
import { freePort } from './free-port.js';
import { fedwatchClient } from './grpc-client.js';
import { runCli, startServiceProcess, type CliResult, type ServiceProcess } from './service-process.js';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The filters `rancher cluster` and `rancher nodes` send (§1.1). */
export const CLI_QUERY =
  'limit=-1&removed_null=1&state_ne=inactive&state_ne=stopped&state_ne=removing&system=false';

/** What the rancher CLI itself would get from the simulator. */
export const rancherClusters = (sim: RancherSimulator) => list(sim, `/v3/clusters?${CLI_QUERY}`);
export const rancherNodes = (sim: RancherSimulator, clusterId: string) =>
  list(sim, `/v3/nodes?${CLI_QUERY}&clusterId=${encodeURIComponent(clusterId)}`);
export const rancherPools = (sim: RancherSimulator, clusterId: string) =>
  list(sim, `/v3/nodepools?${CLI_QUERY}&clusterId=${encodeURIComponent(clusterId)}`);

export interface ClustersBed {
  service: ServiceProcess;
  dir: string;
  grpc: ReturnType<typeof fedwatchClient>;
  cli(args: string[]): Promise<CliResult>;
  rest<T = Json>(path: string): Promise<T>;
  metrics(): Promise<string>;
  /** The service's JSON log lines so far. */
  logs(): Json[];
  stop(): Promise<void>;
}

export interface BedOptions {
  /** Rancher servers, in configuration order, by entry name. */
  sims: { name: string; sim: RancherSimulator }[];
  /** Entries pointing at a closed port. */
  unreachable?: string[];
  /** Kubernetes clusters read directly, by entry name. */
  kubernetes?: { name: string; sim: KubernetesSimulator }[];
}

/** Writes the config (simulators, closed ports, a 1 s poll) into `dir` and starts the service. */
export async function startClustersBed(dir: string, opts: BedOptions): Promise<ClustersBed> {
  const file = join(dir, 'fedwatch.yaml');
  for (const { name, sim } of opts.sims) await sim.writeConfig(file, { name });
  for (const { name, sim } of opts.kubernetes ?? []) await sim.writeConfig(file, { name });
  const doc = YAML.parse(readFileSync(file, 'utf8')) as Json;
  doc.rancher ??= { servers: [] };
  for (const name of opts.unreachable ?? []) {
    const url = `http://127.0.0.1:${await freePort()}`;
    doc.rancher.servers.push({ name, url, token: 'token-dead0:unreachablesecret0000', timeoutSeconds: 1 });
  }
  doc.schedules = { clusterHealth: '1s' };
  writeFileSync(file, YAML.stringify(doc), { mode: 0o600 });
  const service = await startServiceProcess({ env: { FEDWATCH_CONFIG: file } });
  const cliEnv = { FEDWATCH_URL: service.baseUrl, FEDWATCH_CLI_DIR: join(dir, 'cli') };
  const grpc = fedwatchClient('clusters.proto', 'ClusterService', service.grpcPort);
  return {
    service,
    dir,
    grpc,
    cli: (args) => runCli(args, cliEnv),
    async rest<T>(path: string) {
      const res = await fetch(`${service.baseUrl}${path}`);
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    metrics: async () => (await fetch(`${service.baseUrl}/metrics`)).text(),
    logs: () =>
      service
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Json),
    async stop() {
      grpc.close();
      await service.stop('SIGKILL');
    },
  };
}

/** Polls `read` until `ok` holds; fails with the last value after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting until ${what}; last: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The value of one series of a Prometheus text scrape (labels in any order), undefined if absent. */
export function sample(scrape: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of scrape.split('\n')) {
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries(
      [...m[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

// ---- The rancher CLI oracle (rancher-kubernetes §1.2–§1.6, §2) ----

/** Go `text/tabwriter` (minwidth 10, padding 3): every cell but a row's last padded to its column. */
export function tabwriter(rows: string[][]): string {
  const widths = rows[0]!.slice(0, -1).map((_, i) => Math.max(10, ...rows.map((r) => [...r[i]!].length + 3)));
  return rows
    .map((r) => r.map((cell, i) => (i < widths.length ? cell.padEnd(widths[i]!) : cell)).join('') + '\n')
    .join('');
}

/** `parseResourceString`: Ki and Mi to GiB with %.2f, m to cores through float32, the rest raw. */
export function fmt(s: string): string {
  const strip = (suffix: string) => Number(s.split(suffix).join(''));
  if (s.endsWith('Ki')) return twoDecimals(strip('Ki') / 1024 / 1024);
  if (s.endsWith('Mi')) return twoDecimals(strip('Mi') / 1024);
  if (s.endsWith('m')) return twoDecimals(Math.fround(strip('m') / 1000));
  return s;
}

/** Go's `%.2f`: the exact binary value rounded half to even (toFixed(60) is exact for these sizes). */
function twoDecimals(x: number): string {
  const [int, frac] = x.toFixed(60).split('.') as [string, string];
  const kept = BigInt(int + frac.slice(0, 2));
  const rest = frac.slice(2).replace(/0+$/, '');
  const up = rest > '5' || (rest === '5' && kept % 2n === 1n);
  const cents = (kept + (up ? 1n : 0n)).toString().padStart(3, '0');
  return `${cents.slice(0, -2)}.${cents.slice(-2)}`;
}

const PROVIDERS: Record<string, string> = {
  k3s: 'K3S',
  rke2: 'RKE2',
  rancherKubernetesEngine: 'Rancher Kubernetes Engine',
  azureKubernetesService: 'Azure Kubernetes Service',
  AKS: 'Azure Kubernetes Service',
  googleKubernetesEngine: 'Google Kubernetes Engine',
  GKE: 'Google Kubernetes Engine',
  EKS: 'Elastic Kubernetes Service',
};

export function provider(c: Json): string {
  if (c.driver === 'imported')
    return c.provider === 'rke2' ? 'RKE2' : c.provider === 'k3s' ? 'K3S' : 'Imported';
  return PROVIDERS[c.driver as string] ?? 'Unknown';
}

/** One `rancher cluster` row: CURRENT ID STATE NAME PROVIDER NODES CPU RAM PODS. */
export function clusterCells(c: Json, current = false): string[] {
  const req = (c.requested ?? {}) as Json;
  const alloc = (c.allocatable ?? {}) as Json;
  return [
    current ? '*' : '',
    c.id,
    c.state,
    c.name || c.id,
    provider(c),
    String(c.nodeCount ?? 0), // Go: a missing int is 0
    `${fmt(req.cpu ?? '')}/${fmt(alloc.cpu ?? '')}`,
    `${fmt(req.memory ?? '')}/${fmt(alloc.memory ?? '')} GB`,
    `${req.pods ?? ''}/${alloc.pods ?? ''}`,
  ];
}

export const CLUSTER_HEADER = ['CURRENT', 'ID', 'STATE', 'NAME', 'PROVIDER', 'NODES', 'CPU', 'RAM', 'PODS'];

/** One legacy `rancher nodes` row: ID NAME STATE POOL DESCRIPTION. */
export function nodeCells(n: Json, pools: Json[]): string[] {
  const pool = pools.find((p) => p.id === (n.nodePoolId ?? ''));
  const name = n.name || n.nodeName || n.requestedHostname || n.id;
  return [n.id, name, n.state, pool?.hostnamePrefix ?? '', n.description ?? ''];
}

/** A Kubernetes quantity of the forms the simulator writes, as a number of cores or bytes. */
export function quantity(q: string | undefined): number {
  if (q === undefined || q === '') return 0;
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti)?$/.exec(q);
  if (!m) throw new Error(`quantity ${q} is not of a form this test knows`);
  if (m[2] === 'm') return Number(m[1]) / 1000;
  return Number(m[1]) * ({ Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 }[m[2] ?? ''] ?? 1);
}

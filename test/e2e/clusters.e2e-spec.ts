/**
 * Cluster health through the built service (embedded database) polling the Rancher simulator every
 * second: `fedwatch cluster` / `fedwatch nodes` print what the rancher CLI prints for the same API
 * data (rancher-kubernetes §1, §2, §4), and REST, gRPC `fedwatch.v1.ClusterService` and /metrics
 * tell the same story.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClientReadableStream, ServiceError } from '@grpc/grpc-js';
import { execFileSync, spawnSync } from 'node:child_process';
import { renderClusters } from '../../src/clusters/rancher-format/index.js';
import { clustersOfKind, startRancherSimulator, type RancherSimulator } from '../simulators/rancher/index.js';
import {
  CLUSTER_HEADER,
  clusterCells,
  nodeCells,
  quantity,
  rancherClusters,
  rancherNodes,
  rancherPools,
  sample,
  startClustersBed,
  tabwriter,
  waitFor,
  type ClustersBed,
  type Json,
} from '../support/clusters-bed.js';
import { unary } from '../support/grpc-client.js';
import type { CliResult } from '../support/service-process.js';
import { tempDir } from '../support/temp-dir.js';

const SOURCE = 'simulated-rancher';

describe('cluster health: rancher-style CLI, REST, gRPC and /metrics', () => {
  let sim: RancherSimulator;
  let bed: ClustersBed;
  let raw: Json[];
  let firstLs: CliResult;
  const ofKind = (kind: Parameters<typeof clustersOfKind>[1]) =>
    clustersOfKind(sim.data, kind)[0]!.id as string;
  const rawOf = (id: string) => raw.find((c) => c.id === id)!;

  beforeAll(async () => {
    sim = await startRancherSimulator({ seed: 'clusters-e2e', clusters: 9, nodes: 4 });
    // A cluster without memory sums: the CLI prints "/ GB", fedwatch must not make up a "0".
    const generic = clustersOfKind(sim.data, 'generic')[0]!;
    delete (generic.requested as Json).memory;
    delete (generic.allocatable as Json).memory;
    // The first poll takes 1.5 s: a `cluster ls` right after start must wait for it.
    sim.faults.latency(1500);
    bed = await startClustersBed(tempDir('fedwatch-e2e-clusters-'), { sims: [{ name: SOURCE, sim }] });
    firstLs = await bed.cli(['cluster', 'ls']);
    sim.faults.clear();
    raw = await rancherClusters(sim);
  });
  afterAll(async () => {
    await bed?.stop();
    await sim?.close();
  });

  it('`cluster ls` right after start already lists every cluster, byte for byte as `rancher cluster`', async () => {
    expect(sim.requests.count('/v3/clusters')).toBeGreaterThanOrEqual(1);
    const expected = tabwriter([CLUSTER_HEADER, ...raw.map((c) => clusterCells(c))]);
    expect(firstLs).toMatchObject({ code: 0, stderr: '' });
    expect(firstLs.stdout).toBe(expected);
    expect(firstLs.stdout).toBe(renderClusters(raw as never, null, 'table'));
    expect((await bed.cli(['cluster', 'ls'])).stdout).toBe(expected);
    // The hidden ones (inactive, removing) are not listed.
    expect(raw.map((c) => c.id)).not.toContain(ofKind('inactive'));
    expect(raw).toHaveLength(7);
  });

  it('prints the header literally and the cells worked out by hand from the raw objects', () => {
    const lines = firstLs.stdout.split('\n');
    expect(lines[0]).toBe(
      'CURRENT   ID             STATE         NAME            PROVIDER   NODES     CPU          RAM              PODS',
    );
    // Column starts from the header, so each row can be cut into its cells.
    const starts = CLUSTER_HEADER.map((h) => lines[0]!.indexOf(h));
    const cells = (id: string) => {
      const line = lines.find((l) => l.slice(starts[1], starts[2]).trim() === id)!;
      return starts.map((s, i) => line.slice(s, starts[i + 1]).trimEnd());
    };
    // Guard: the raw values these literals were computed from.
    const eks = rawOf(ofKind('imported-eks'));
    expect([eks.name, eks.driver, eks.provider, eks.requested, eks.allocatable]).toEqual([
      '',
      'imported',
      'eks',
      { cpu: '3725m', memory: '5760Mi' },
      { cpu: '7720m', memory: '20Gi', pods: '140' },
    ]);
    // Empty name → id; imported+eks → Imported; 3725m → float32 3.7249999 → 3.72 (float64 toFixed: 3.73);
    // 5760Mi = 5.625 GiB, an exact tie → half to even 5.62; 20Gi printed raw before " GB"; no pods → "/140".
    expect(cells(eks.id).join('|')).toBe(
      `|${eks.id}|updating|${eks.id}|Imported|4|3.72/7.72|5.62/20Gi GB|/140`,
    );
    const local = rawOf('local');
    expect([local.driver, local.requested.cpu, local.allocatable.memory]).toEqual([
      'local',
      '5800m',
      '65670266Ki',
    ]);
    expect(cells('local').join('|')).toBe('|local|active|local|Unknown|4|5.80/16|4.81/62.63 GB|116/440');
    const k3s = rawOf(ofKind('k3s'));
    expect([k3s.requested.cpu, k3s.requested.memory]).toEqual(['5725m', '7808Mi']);
    expect(cells(k3s.id).slice(3, 8)).toEqual(['edge-k3s', 'K3S', '4', '5.72/24', '7.62/94.41 GB']);
    const gke = rawOf(ofKind('imported-gke'));
    expect([gke.requested.cpu, gke.allocatable.cpu, gke.requested.memory]).toEqual([
      '2500m',
      '35680m',
      '4480Mi',
    ]);
    expect(cells(gke.id).slice(4, 8)).toEqual(['Imported', '4', '2.50/35.68', '4.38/135.07 GB']);
    expect(cells(ofKind('rke2')).slice(3, 5)).toEqual(['prod-rke2', 'RKE2']);
    expect(cells(ofKind('generic'))[7]).toBe('/ GB');
  });

  it('`-q` prints the ids, `--format json` JSON Lines of the row, `--output json` fedwatch’s model', async () => {
    const quiet = await bed.cli(['cluster', 'ls', '-q']);
    expect(quiet.stdout).toBe(raw.map((c) => `${c.id}\n`).join(''));

    const jsonLines = await bed.cli(['cluster', 'ls', '--format', 'json']);
    expect(jsonLines.code).toBe(0);
    const rows = jsonLines.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Json);
    expect(rows).toHaveLength(raw.length);
    rows.forEach((row, i) => {
      const cells = clusterCells(raw[i]!);
      expect(Object.keys(row)).toEqual([
        'ID',
        'Current',
        'Cluster',
        'Name',
        'Provider',
        'Nodes',
        'CPU',
        'RAM',
        'Pods',
      ]);
      expect(row).toMatchObject({
        ID: cells[1],
        Current: '',
        Name: cells[3],
        Provider: cells[4],
        Nodes: raw[i]!.nodeCount,
      });
      expect([row.CPU, row.RAM, row.Pods]).toEqual(cells.slice(6));
      expect(row.Cluster).toMatchObject({
        id: raw[i]!.id,
        state: raw[i]!.state,
        allocatable: raw[i]!.allocatable,
      });
    });

    const model = await bed.cli(['cluster', 'ls', '--output', 'json']);
    const clusters = JSON.parse(model.stdout) as Json[];
    expect(clusters.map((c) => c.id)).toEqual(raw.map((c) => `${SOURCE}:${c.id}`));
    expect(clusters.map((c) => c.v3.id)).toEqual(raw.map((c) => c.id));
    expect(clusters.map((c) => c.v3.requested)).toEqual(raw.map((c) => c.requested));
  });

  it('`nodes ls` needs a current cluster; `cluster use` marks it and lists its nodes with POOL', async () => {
    const none = await bed.cli(['nodes', 'ls']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('fedwatch cluster use');

    const rke2 = ofKind('rke2');
    const use = await bed.cli(['cluster', 'use', rke2]);
    expect(use).toMatchObject({ code: 0, stdout: `current cluster: ${SOURCE}:${rke2} (prod-rke2)\n` });
    const table = await bed.cli(['cluster', 'ls']);
    expect(table.stdout).toBe(tabwriter([CLUSTER_HEADER, ...raw.map((c) => clusterCells(c, c.id === rke2))]));
    expect(table.stdout.split('\n').filter((l) => l.startsWith('*'))).toHaveLength(1);

    const nodes = await rancherNodes(sim, rke2);
    const pools = await rancherPools(sim, rke2);
    const listed = await bed.cli(['nodes', 'ls']);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    const header = ['ID', 'NAME', 'STATE', 'POOL', 'DESCRIPTION'];
    expect(listed.stdout).toBe(tabwriter([header, ...nodes.map((n) => nodeCells(n, pools))]));
    const lines = listed.stdout.split('\n');
    expect(lines[0]).toBe(
      'ID                           NAME                 STATE         POOL                DESCRIPTION',
    );
    // The last worker has only a requestedHostname; workers are in the pool "prod-rke2-worker-".
    const last = nodes.at(-1)!;
    expect([last.name, last.nodeName, last.requestedHostname]).toEqual(['', '', 'prod-rke2-worker-3']);
    expect(lines.at(-2)).toBe(
      `${last.id}   prod-rke2-worker-3   unavailable   prod-rke2-worker-   spare capacity`,
    );
    expect(lines[1]).toBe(`${nodes[0]!.id}   prod-rke2-cp-1       active                            `);

    // A display name wins over the Kubernetes node name (k3s: a GPU worker has one).
    const k3s = ofKind('k3s');
    const k3sNodes = await rancherNodes(sim, k3s);
    const named = k3sNodes.find((n) => n.name)!;
    expect(named.nodeName).not.toBe(named.name);
    const k3sOut = await bed.cli(['nodes', 'ls', '--cluster', k3s]);
    expect(k3sOut.stdout).toBe(tabwriter([header, ...k3sNodes.map((n) => nodeCells(n, []))]));
    expect(k3sOut.stdout).toContain(`${named.id}   ${named.name} `);
  });

  it('REST, gRPC ListClusters / GetCluster / ListNodes and /metrics agree with Rancher’s numbers', async () => {
    const { clusters } = await bed.rest<{ clusters: Json[] }>('/api/v1/clusters');
    const grpc = (await unary(bed.grpc, 'ListClusters', {})) as { clusters: Json[] };
    const scrape = await bed.metrics();
    const cores = (req: number, alloc: number) => ({ requestedCores: req, allocatableCores: alloc });
    const bytes = (req: number, alloc: number) => ({ requestedBytes: req, allocatableBytes: alloc });
    const fromRancher = raw.map((r) => [
      `${SOURCE}:${r.id}`,
      r.state,
      r.nodeCount,
      cores(quantity(r.requested.cpu), quantity(r.allocatable.cpu)),
      bytes(quantity(r.requested.memory), quantity(r.allocatable.memory)),
    ]);
    expect(clusters.map((c) => [c.id, c.state, c.nodeCount, c.cpu, c.memory])).toEqual(fromRancher);
    expect(
      grpc.clusters.map((g) => [
        g.id,
        g.state,
        g.nodeCount,
        cores(g.cpu.requested, g.cpu.allocatable),
        bytes(g.memory.requested, g.memory.allocatable),
      ]),
    ).toEqual(fromRancher);
    for (const c of clusters) {
      const labels = { cluster: c.id };
      expect(sample(scrape, 'fedwatch_cluster_nodes', labels)).toBe(c.nodeCount);
      expect(sample(scrape, 'fedwatch_cluster_cpu_allocatable_cores', labels)).toBe(c.cpu.allocatableCores);
      expect(sample(scrape, 'fedwatch_cluster_memory_allocatable_bytes', labels)).toBe(
        c.memory.allocatableBytes,
      );
      expect(sample(scrape, 'fedwatch_cluster_state', { ...labels, state: c.state })).toBe(1);
    }
    const rke2 = `${SOURCE}:${ofKind('rke2')}`;
    const one = (await unary(bed.grpc, 'GetCluster', { id: ofKind('rke2') })) as Json;
    expect([one.id, one.name, one.provider]).toEqual([rke2, 'prod-rke2', 'RKE2']);
    const restNodes = await bed.rest<{ nodes: Json[] }>(`/api/v1/clusters/${encodeURIComponent(rke2)}/nodes`);
    const grpcNodes = (await unary(bed.grpc, 'ListNodes', { clusterId: rke2 })) as { nodes: Json[] };
    const rawNodes = await rancherNodes(sim, ofKind('rke2'));
    expect(restNodes.nodes.map((n) => [n.id, n.state, n.pool])).toEqual(
      rawNodes.map((n) => [`${SOURCE}:${n.id}`, n.state, n.nodePoolId ? 'prod-rke2-worker-' : '']),
    );
    expect(grpcNodes.nodes.map((n) => [n.id, n.state, n.pool])).toEqual(
      restNodes.nodes.map((n) => [n.id, n.state, n.pool]),
    );
    await expect(unary(bed.grpc, 'GetCluster', { id: 'no-such-cluster' })).rejects.toMatchObject({ code: 5 });
    // CI installs promtool; without it the lint is skipped, the checks above still hold.
    if (spawnSync('promtool', ['--version']).status === 0) {
      const lint = execFileSync('promtool', ['check', 'metrics'], { input: scrape, encoding: 'utf8' });
      expect(lint.trim()).toBe('');
    }
  });

  it('gRPC WatchClusters sends a SNAPSHOT per cluster, then MODIFIED when a cluster changes', async () => {
    const k3s = ofKind('k3s');
    const events: Json[] = [];
    const call = (
      bed.grpc as unknown as Record<string, (r: unknown) => ClientReadableStream<Json>>
    ).WatchClusters({});
    const ended = new Promise<ServiceError | null>((resolve) => {
      call.on('error', (err: ServiceError) => resolve(err));
      call.on('end', () => resolve(null));
    });
    call.on('data', (e: Json) => events.push(e));
    try {
      await waitFor(
        'a snapshot of every cluster',
        async () => events.length,
        (n) => n >= raw.length,
        5_000,
      );
      expect(events.map((e) => [e.type, e.cluster.id])).toEqual(
        raw.map((c) => ['SNAPSHOT', `${SOURCE}:${c.id}`]),
      );
      sim.setClusterState(k3s, 'unavailable');
      const started = Date.now();
      const modified = await waitFor(
        'a MODIFIED event',
        async () => events.find((e) => e.type === 'MODIFIED'),
        (e) => e !== undefined,
        5_000,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect([modified!.cluster.id, modified!.cluster.state]).toEqual([`${SOURCE}:${k3s}`, 'unavailable']);
      expect(modified!.cluster.reason).toBe('Cluster agent is not connected');
    } finally {
      call.cancel();
      sim.setClusterState(k3s, 'active');
    }
    expect(await ended).toMatchObject({ code: 1 }); // CANCELLED, by us
    expect(bed.service.output()).not.toMatch(/"level":"error"/);
  });
});

/**
 * A Kubernetes cluster read directly, through the built service: the watched cluster appears in
 * `fedwatch cluster ls` and `nodes ls`, with requested/allocatable summed by Rancher's rules equal
 * to the simulator's own Rancher-rule figures (computed from the objects it serves), and it stays
 * equal while pods churn; REST, gRPC (watch included) and /metrics agree.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClientReadableStream } from '@grpc/grpc-js';
import { startKubernetesSimulator, type KubernetesSimulator } from '../simulators/kubernetes/index.js';
import { sample, startClustersBed, waitFor, type ClustersBed, type Json } from '../support/clusters-bed.js';
import { tempDir } from '../support/temp-dir.js';

const ENTRY = 'edge';
const ID = `${ENTRY}:${ENTRY}`;

interface Health {
  id: string;
  state: string;
  nodeCount: number;
  cpu: { requestedCores: number; allocatableCores: number };
  memory: { requestedBytes: number; allocatableBytes: number };
  pods: { requested: number; allocatable: number };
  sources: string[];
  usage: { cpuCores: number; memoryBytes: number } | null;
}

describe('a Kubernetes cluster read directly', () => {
  let sim: KubernetesSimulator;
  let bed: ClustersBed;
  const dir = tempDir('fedwatch-e2e-k8s-');

  /** The simulator's truth in fedwatch's units: Rancher's sums of what it serves right now. */
  const truth = () => {
    const c = sim.data.rancherCluster();
    return {
      nodeCount: c.nodeCount,
      cpu: { requestedCores: c.requested.cpu / 1000, allocatableCores: c.allocatable.cpu / 1000 },
      memory: { requestedBytes: c.requested.memory, allocatableBytes: c.allocatable.memory },
      pods: { requested: c.requested.pods, allocatable: c.allocatable.pods },
    };
  };
  const numbers = (h: Health) => ({ nodeCount: h.nodeCount, cpu: h.cpu, memory: h.memory, pods: h.pods });
  const cluster = () => bed.rest<Health>(`/api/v1/clusters/${encodeURIComponent(ID)}`);

  beforeAll(async () => {
    sim = await startKubernetesSimulator({ seed: 11, nodes: 40, pods: 900 });
    bed = await startClustersBed(dir, { sims: [], kubernetes: [{ name: ENTRY, sim }] });
  });

  afterAll(async () => {
    await bed?.stop();
    await sim?.close();
  });

  it('lists the cluster right after start with Rancher\u2019s sums of the simulator\u2019s objects', async () => {
    const { clusters } = await bed.rest<{ clusters: Health[] }>('/api/v1/clusters');
    expect(clusters.map((c) => [c.id, c.state, c.sources])).toEqual([[ID, 'active', [ENTRY]]]);
    expect(numbers(clusters[0]!)).toEqual(truth());
    // Cordoned and tainted control-plane nodes count as nodes but not in the sums.
    expect(sim.data.rancherNodes().some((n) => !n.counted)).toBe(true);
  });

  it('prints it in `fedwatch cluster ls` and its nodes in `fedwatch nodes ls`', async () => {
    const ls = await bed.cli(['cluster', 'ls']);
    expect(ls.code).toBe(0);
    const lines = ls.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CURRENT\s+ID\s+STATE\s+NAME\s+PROVIDER\s+NODES\s+CPU\s+RAM\s+PODS$/);
    const cells = lines[1]!.trim().split(/\s{3,}/);
    const t = truth();
    // Read directly it is `imported`; the kubelet version (+rke2r1) says RKE2, as Rancher detects it.
    expect(cells.slice(0, 4)).toEqual([ENTRY, 'active', ENTRY, 'RKE2']);
    expect(cells[4]).toBe(String(t.nodeCount));
    expect(cells[7]).toBe(`${t.pods.requested}/${t.pods.allocatable}`);

    const nodes = await bed.cli(['nodes', 'ls', '--cluster', ID, '-q']);
    expect(nodes.code).toBe(0);
    expect(nodes.stdout.trimEnd().split('\n').sort()).toEqual(
      sim.data
        .nodeNames()
        .map((n) => `${ENTRY}:${n}`)
        .sort(),
    );
  });

  it('follows churn: after pods come and go the sums equal the simulator\u2019s again, and the watch says so', async () => {
    const before = truth();
    const events: Json[] = [];
    const call = (
      bed.grpc as unknown as Record<string, (r: unknown) => ClientReadableStream<Json>>
    ).WatchClusters({});
    call.on('data', (e: Json) => events.push(e));
    call.on('error', () => undefined);
    try {
      await waitFor(
        'the snapshot',
        async () => events.length,
        (n) => n >= 1,
        5_000,
      );
      sim.churn.step(200);
      const after = truth();
      expect(after).not.toEqual(before);
      const seen = await waitFor(
        'the sums to catch up',
        cluster,
        (h) => JSON.stringify(numbers(h)) === JSON.stringify(after),
        10_000,
      );
      expect(numbers(seen)).toEqual(after);
      const modified = await waitFor(
        'a MODIFIED event',
        async () => events.filter((e) => e.type === 'MODIFIED'),
        (m) => m.length > 0,
        5_000,
      );
      expect(modified.at(-1)!.cluster.id).toBe(ID);
    } finally {
      call.cancel();
    }
  });

  it('exports the same numbers on /metrics and over gRPC', async () => {
    const h = await cluster();
    const scrape = await bed.metrics();
    const of = (name: string) => sample(scrape, name, { cluster: ID });
    expect(of('fedwatch_cluster_nodes')).toBe(h.nodeCount);
    expect(of('fedwatch_cluster_pods_requested')).toBe(h.pods.requested);
    expect(of('fedwatch_cluster_cpu_allocatable_cores')).toBeCloseTo(h.cpu.allocatableCores, 6);
    expect(of('fedwatch_cluster_memory_requested_bytes')).toBe(h.memory.requestedBytes);
    // Live usage from the simulator's metrics.k8s.io, in the model and on /metrics.
    const live = await waitFor('live usage', cluster, (c) => c.usage !== null, 20_000);
    expect(live.usage!.cpuCores).toBeGreaterThan(0);
    expect(live.usage!.memoryBytes).toBeGreaterThan(0);
    expect(sample(await bed.metrics(), 'fedwatch_cluster_cpu_usage_cores', { cluster: ID })).toBeGreaterThan(
      0,
    );
    const grpc = (await new Promise<unknown>((resolve, reject) =>
      (
        bed.grpc as unknown as Record<string, (r: unknown, cb: (e: Error | null, v: unknown) => void) => void>
      ).GetCluster({ id: ID }, (e, v) => (e ? reject(e) : resolve(v))),
    )) as Json;
    expect([grpc.id, grpc.nodeCount, grpc.pods.requested]).toEqual([ID, h.nodeCount, h.pods.requested]);
  });

  it('shows the cluster unavailable with the reason when its API refuses the token, and recovers', async () => {
    const refusal = sim.faults.rejectToken('', { times: 1_000_000 });
    // Open watches outlive a revoked token, as on a real API server; the next request is refused.
    sim.faults.breakWatches({ mode: 'reset' });
    const down = await waitFor('unavailable', cluster, (h) => h.state === 'unavailable', 20_000);
    expect((down as unknown as { reason: string }).reason).toMatch(/401|refused|unauthor/i);
    refusal.remove();
    sim.faults.breakWatches({ mode: 'reset' });
    await waitFor('active again', cluster, (h) => h.state === 'active', 30_000);
  });
});

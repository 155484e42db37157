import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { Registry } from 'prom-client';
import { toClusterHealth, toNodeHealth } from './cluster-health.view.js';
import { ClusterMetrics, type ClusterHealthSource } from './cluster.metrics.js';
import type { ClusterHealth, NodeHealth, V3Node } from './cluster.model.js';
import { CLUSTERS, NODES, NODE_POOLS } from './rancher-format/__golden__/worked-example.fixture.js';

function source(
  clusters: ClusterHealth[],
  nodes: NodeHealth[],
  lastSuccess = new Map<string, Date>(),
): ClusterHealthSource {
  return { clusters: () => clusters, nodes: () => nodes, lastSuccess: () => lastSuccess };
}

const observedAt = new Date('2026-11-26T14:00:00Z');
const clusters = CLUSTERS.map((c) => toClusterHealth(c, { sources: ['rancher'], lastSeen: observedAt }));
const nodes = NODES.map((n) =>
  toNodeHealth(
    {
      ...n,
      conditions: [
        { type: 'Ready', status: n.state === 'active' ? 'True' : 'Unknown' },
        { type: 'Ready', status: 'True' },
      ],
    },
    NODE_POOLS,
    { source: 'rancher' },
  ),
);

async function scrape(model: ClusterHealthSource): Promise<string> {
  const registry = new Registry();
  new ClusterMetrics(registry, model);
  return registry.metrics();
}

/** The samples of an exposition as `name{labels sorted by name} value` lines (label order is free). */
function samples(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-z_]+)(?:\{(.*)\})? (.+)$/.exec(line)!;
      const labels = (m[2] ?? '').match(/[a-z_]+="(?:[^"\\]|\\.)*"/g) ?? [];
      return `${m[1]}{${labels.sort().join(',')}} ${m[3]}`;
    });
}

const promtool = spawnSync('promtool', ['--version']).status === 0;

describe('ClusterMetrics', () => {
  it('renders the clusters of §4 with their numbers in base units', async () => {
    const lines = samples(await scrape(source(clusters, nodes, new Map([['rancher', observedAt]]))));
    expect(lines).toContain(
      'fedwatch_cluster_info{cluster="rancher:c-m-7xk2p9qd",cluster_id="c-m-7xk2p9qd",kubernetes_version="",name="prod-rke2",provider="RKE2",source="rancher"} 1',
    );
    expect(lines).toContain('fedwatch_cluster_nodes{cluster="rancher:c-m-7xk2p9qd"} 5');
    expect(lines).toContain('fedwatch_cluster_cpu_requested_cores{cluster="rancher:local"} 1.325');
    expect(lines).toContain('fedwatch_cluster_cpu_allocatable_cores{cluster="rancher:c-4kq8z"} 7.91');
    expect(lines).toContain('fedwatch_cluster_memory_requested_bytes{cluster="rancher:local"} 671088640');
    expect(lines).toContain(
      'fedwatch_cluster_memory_allocatable_bytes{cluster="rancher:c-4kq8z"} 16106127360',
    );
    expect(lines).toContain('fedwatch_cluster_pods_requested{cluster="rancher:c-4kq8z"} 0');
    expect(lines).toContain('fedwatch_cluster_pods_allocatable{cluster="rancher:c-m-7xk2p9qd"} 330');
    expect(lines).toContain(
      'fedwatch_cluster_source_last_success_timestamp_seconds{source="rancher"} 1795701600',
    );
  });

  it('exports the cluster state as a state set', async () => {
    const lines = samples(await scrape(source(clusters, []))).filter((l) =>
      l.startsWith('fedwatch_cluster_state{'),
    );
    const c4 = lines.filter((l) => l.includes('"rancher:c-4kq8z"'));
    expect(c4).toHaveLength(10);
    expect(c4.filter((l) => l.endsWith(' 1'))).toEqual([
      'fedwatch_cluster_state{cluster="rancher:c-4kq8z",state="updating"} 1',
    ]);
    const odd = toClusterHealth({ id: 'x', state: 'migrating' }, { sources: ['s'], lastSeen: null });
    const text = samples(await scrape(source([odd], [])));
    expect(text).toContain('fedwatch_cluster_state{cluster="s:x",state="migrating"} 1');
    expect(text).toContain('fedwatch_cluster_state{cluster="s:x",state="active"} 0');
  });

  it('renders nodes: info, state, resources, unschedulable and conditions (first of a merged pair)', async () => {
    const lines = samples(await scrape(source([], nodes)));
    expect(lines).toContain(
      'fedwatch_node_info{cluster="rancher:c-m-7xk2p9qd",node="prod-worker-1",node_id="c-m-7xk2p9qd:machine-9kz7t",pool="prod-worker-",roles="worker"} 1',
    );
    // The third node has no Kubernetes name: it is labelled with the name rancher nodes prints.
    expect(lines).toContain(
      'fedwatch_node_state{cluster="rancher:c-m-7xk2p9qd",node="prod-worker-2",state="unavailable"} 1',
    );
    expect(lines).toContain(
      'fedwatch_node_condition{cluster="rancher:c-m-7xk2p9qd",condition="Ready",node="prod-worker-2",status="unknown"} 1',
    );
    expect(lines).toContain(
      'fedwatch_node_condition{cluster="rancher:c-m-7xk2p9qd",condition="Ready",node="prod-worker-2",status="true"} 0',
    );
    expect(lines).toContain('fedwatch_node_unschedulable{cluster="rancher:c-m-7xk2p9qd",node="prod-cp-1"} 0');
    expect(lines).toContain(
      'fedwatch_node_pods_allocatable{cluster="rancher:c-m-7xk2p9qd",node="prod-cp-1"} 0',
    );
    expect(lines.filter((l) => l.startsWith('fedwatch_node_condition{'))).toHaveLength(9);
  });

  it('reads the source at every scrape and drops what disappeared', async () => {
    let current = clusters;
    const registry = new Registry();
    new ClusterMetrics(registry, { clusters: () => current, nodes: () => [], lastSuccess: () => new Map() });
    expect(await registry.metrics()).toContain('cluster="rancher:local"');
    current = clusters.slice(0, 1);
    expect(await registry.metrics()).not.toContain('cluster="rancher:local"');
  });

  it('leaves out values that are not numbers instead of exporting NaN', async () => {
    const bad = toClusterHealth({ id: 'b', requested: { cpu: 'lots' } }, { sources: ['s'], lastSeen: null });
    const text = samples(await scrape(source([bad], []))).join('\n');
    expect(text).not.toContain('fedwatch_cluster_cpu_requested_cores{cluster="s:b"}');
    expect(text).toContain('fedwatch_cluster_cpu_allocatable_cores{cluster="s:b"} 0');
  });

  it('registers exactly the names it declares', async () => {
    const registry = new Registry();
    new ClusterMetrics(registry, source([], []));
    expect(
      registry
        .getMetricsAsArray()
        .map((m) => m.name)
        .sort(),
    ).toEqual([...ClusterMetrics.names].sort());
    expect(ClusterMetrics.names.every((n) => /^fedwatch_[a-z_]+$/.test(n))).toBe(true);
  });

  it('renders 5,000 nodes with every series once', async () => {
    const big = syntheticNodes(5000);
    const text = await scrape(source(clusters, big));
    const conditionLines = samples(text).filter((l) => l.startsWith('fedwatch_node_condition{'));
    expect(conditionLines).toHaveLength(5000 * 5 * 3);
    expect(new Set(conditionLines).size).toBe(conditionLines.length);
  });

  (promtool ? it : it.skip)('passes promtool check metrics', async () => {
    const text = await scrape(
      source(clusters, [...nodes, ...syntheticNodes(20)], new Map([['rancher', observedAt]])),
    );
    expect(execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })).toBe('');
  });
});

/** Nodes shaped like a large RKE2 cluster: Kubernetes conditions, requests from the pod annotations. */
function syntheticNodes(count: number): NodeHealth[] {
  return Array.from({ length: count }, (_, i) => {
    const v3: V3Node = {
      id: `c-big:machine-${i}`,
      clusterId: 'c-big',
      nodeName: `worker-${String(i).padStart(4, '0')}`,
      state: i % 97 === 0 ? 'unavailable' : 'active',
      worker: true,
      unschedulable: i % 50 === 0,
      conditions: ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'].map(
        (type) => ({
          type,
          status: type === 'Ready' ? (i % 97 === 0 ? 'Unknown' : 'True') : 'False',
        }),
      ),
      requested: { cpu: `${(i % 32) * 250}m`, memory: `${(i % 64) * 512}Mi`, pods: `${i % 110}` },
      allocatable: { cpu: '32', memory: '131072000Ki', pods: '110' },
    };
    return toNodeHealth(v3, [], { source: 'kube-big' });
  });
}

import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { AccountingMetrics } from '../accounting/accounting.metrics.js';
import type { AccountingStore } from '../accounting/accounting.store.js';
import type { BrokerProbe } from '../health/broker-probe.js';
import { HealthProbeJob } from '../health/health-probe.job.js';
import { HttpMetricsInterceptor } from '../observability/http-metrics.interceptor.js';
import type { MetricsService } from '../observability/metrics.service.js';
import { registerProcessMetrics } from '../observability/process-metrics.js';
import { OutboxMetrics } from '../publishing/outbox.metrics.js';
import type { JobRegistry } from '../scheduler/job-registry.service.js';
import type { SmimeSigner } from '../publishing/signing/smime.signer.js';
import { registerCertificateExpiry } from '../publishing/signing/signing.metrics.js';
import { JobMetrics } from '../scheduler/job.metrics.js';
import { requestDurationHistogram } from '../sources/openstack/http/request-metrics.js';
import { ClusterMetrics } from './cluster.metrics.js';
import { grafanaVariableExpressions, promqlMetricNames } from './dashboard.promql.js';

const dashboardsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../charts/fedwatch/dashboards',
);

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: unknown;
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: { expr: string; refId: string }[];
  panels?: Panel[];
}

interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; datasource?: unknown; query: string | { query: string } }[] };
}

/**
 * Every metric the process registers, built by running the code that registers them (the same
 * calls the modules make) on a fresh registry, with inert stand-ins for what they only use later.
 */
async function exportedNames(): Promise<Set<string>> {
  const registry = new Registry();
  const metrics = { registry } as MetricsService;
  registerProcessMetrics(registry);
  new ClusterMetrics(registry, { clusters: () => [], nodes: () => [], lastSuccess: () => new Map() });
  new JobMetrics(registry);
  new OutboxMetrics(registry, { pendingByKind: async () => [] });
  new AccountingMetrics(metrics, { watermarks: async () => [] } as unknown as AccountingStore);
  new HttpMetricsInterceptor(metrics);
  new HealthProbeJob({} as JobRegistry, {} as DataSource, metrics, {} as BrokerProbe);
  requestDurationHistogram(registry);
  registerCertificateExpiry(registry, { subjectDn: '/CN=host', notAfter: new Date(0) } as SmimeSigner);
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    const type = String(metric.type);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(metric.name + s);
    if (type === 'summary') for (const s of ['_sum', '_count']) names.add(metric.name + s);
  }
  return names;
}

const files = readdirSync(dashboardsDir).filter((f) => f.endsWith('.json'));
const load = (file: string) => JSON.parse(readFileSync(path.join(dashboardsDir, file), 'utf8')) as Dashboard;
const allPanels = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
const expressions = (d: Dashboard): string[] => [
  ...allPanels(d.panels).flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
  ...d.templating.list.flatMap((v) =>
    grafanaVariableExpressions(typeof v.query === 'string' ? v.query : v.query.query),
  ),
];

describe('Grafana dashboards in charts/fedwatch/dashboards', () => {
  it('contains the clusters dashboard', () => {
    expect(files).toContain('clusters.json');
  });

  it.each(files)('%s reads only metrics fedwatch exports', async (file) => {
    const exported = await exportedNames();
    const dashboard = load(file);
    const used = expressions(dashboard).flatMap(promqlMetricNames);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
  });

  it.each(files)('%s follows the rancher-monitoring conventions', (file) => {
    const d = load(file);
    expect(d.title).toMatch(/^fedwatch \/ /);
    expect(d.uid).toMatch(/^fedwatch-[a-z0-9-]+$/);
    expect(d.schemaVersion).toBeGreaterThanOrEqual(39);
    const panels = allPanels(d.panels);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    // The default Prometheus: no panel or variable names a datasource.
    for (const p of panels.filter((p) => p.type !== 'row')) expect(p.datasource).toBeNull();
    for (const v of d.templating.list) expect(v.datasource).toBeNull();
    // Rates over Grafana's rate interval, never a fixed window.
    for (const expr of expressions(d)) {
      for (const m of expr.matchAll(/\b(?:rate|irate|increase)\s*\([^[]*\[([^\]]*)\]/g))
        expect(m[1]).toBe('$__rate_interval');
    }
  });

  it('lays the clusters dashboard out on the 24-column grid and filters by $cluster', () => {
    const d = load('clusters.json');
    expect(d.uid).toBe('fedwatch-clusters');
    expect(d.title).toBe('fedwatch / Clusters');
    expect(d.templating.list.map((v) => v.name)).toContain('cluster');
    for (const p of allPanels(d.panels)) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    const clusterExprs = expressions(d).filter(
      (e) => /fedwatch_(cluster|node)_/.test(e) && !e.includes('source_last'),
    );
    for (const e of clusterExprs.filter((e) => !e.startsWith('fedwatch_cluster_info')))
      expect(e).toContain('cluster=~"$cluster"');
    const table = allPanels(d.panels).find((p) => p.title === 'Clusters (rancher cluster)');
    expect(table?.targets?.map((t) => promqlMetricNames(t.expr))).toEqual([
      ['fedwatch_cluster_info'],
      ['fedwatch_cluster_state'],
      ['fedwatch_cluster_nodes'],
      ['fedwatch_cluster_cpu_requested_cores', 'fedwatch_cluster_cpu_allocatable_cores'],
      ['fedwatch_cluster_memory_requested_bytes', 'fedwatch_cluster_memory_allocatable_bytes'],
      ['fedwatch_cluster_pods_requested', 'fedwatch_cluster_pods_allocatable'],
    ]);
  });
});

describe('promqlMetricNames', () => {
  it.each([
    ['up', ['up']],
    [
      'sum by (cluster, node) (fedwatch_node_condition{cluster=~"$cluster", condition="Ready"})',
      ['fedwatch_node_condition'],
    ],
    [
      'sum(rate(http_requests_total{job="a"}[$__rate_interval])) by (code) / on(job) group_left(team) job_info',
      ['http_requests_total', 'job_info'],
    ],
    [
      'time() - max without (instance) (a_seconds offset 5m) > bool 300 and b unless c or vector(0)',
      ['a_seconds', 'b', 'c'],
    ],
    ['histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m] @ end())))', ['x_bucket']],
    ['topk(3, m{label="sum(x)"}) * 1e3 + 0x1F - .5 + Inf', ['m']],
    ['count_values("v", ns:metric:rate5m) # comment with words', ['ns:metric:rate5m']],
    ['label_replace(m, "dst", "$1", "src", "(.*)")', ['m']],
    ['avg_over_time(m[1h30m:5m])', ['m']],
    ['SUM BY (x) (m) AND ON (x) n', ['m', 'n']],
  ])('%s → %j', (expr, names) => expect(promqlMetricNames(expr)).toEqual(names));

  it('reads the selector of a label_values variable query', () => {
    expect(grafanaVariableExpressions('label_values(fedwatch_cluster_info, cluster)')).toEqual([
      'fedwatch_cluster_info',
    ]);
    expect(grafanaVariableExpressions('label_values(m{a="b"}, cluster)').flatMap(promqlMetricNames)).toEqual([
      'm',
    ]);
    expect(grafanaVariableExpressions('query_result(sum(x))')).toEqual(['sum(x)']);
    expect(grafanaVariableExpressions('label_values(cluster)')).toEqual([]);
  });
});

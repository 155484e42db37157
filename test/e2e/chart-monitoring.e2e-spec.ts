/**
 * charts/fedwatch's monitoring: the ServiceMonitor, the PrometheusRule (checked with
 * `promtool check rules` and unit-tested with `promtool test rules` against
 * test/fixtures/chart/prometheus-rules.test.yaml), alerts that read only metrics the code
 * registers, and the Grafana dashboards as ConfigMaps for the sidecar, with every panel query
 * parsed by promtool. promtool comes from Debian's prometheus package (.ci/run installs it).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { promqlMetricNames } from '../../src/clusters/dashboard.promql.js';
import {
  defaultValuesFile,
  find,
  findAll,
  fullname,
  namespace,
  promtool,
  promtoolCheckRules,
  render,
  repoRoot,
  scratch,
  useHelm,
  type K8sObject,
  type Service,
} from '../support/helm.js';

useHelm();

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
type PrometheusRule = K8sObject & { spec: { groups: { name: string; rules: Rule[] }[] } };

const monitoring = [
  '--set',
  'metrics.serviceMonitor.enabled=true',
  '--set',
  'metrics.prometheusRule.enabled=true',
];
const rulesOf = (objects: K8sObject[]): Rule[] =>
  find<PrometheusRule>(objects, 'PrometheusRule').spec.groups[0].rules;

/**
 * Metric names the code registers (`name: 'fedwatch_…'`, or a constant `NAME = 'fedwatch_…'` passed
 * as the name), as the README tells maintainers to find them.
 */
function registeredMetricNames(): Set<string> {
  const pattern = "(name: |[A-Z_]+ = )'(fedwatch_[a-z0-9_]+)'";
  const out = execFileSync('grep', ['-rhoE', pattern, '--include=*.ts', '--exclude=*.spec.ts', 'src'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return new Set(out.split('\n').flatMap((l) => /'(fedwatch_[a-z0-9_]+)'/.exec(l)?.[1] ?? []));
}

describe('ServiceMonitor', () => {
  it('scrapes /metrics through the metrics Service of this release only', async () => {
    const { objects } = await render([
      '--values',
      defaultValuesFile,
      ...monitoring,
      '--set',
      'metrics.serviceMonitor.labels.release=kube-prometheus-stack',
    ]);
    const sm = find(objects, 'ServiceMonitor') as K8sObject & {
      spec: {
        namespaceSelector: { matchNames: string[] };
        selector: { matchLabels: Record<string, string> };
        endpoints: Record<string, unknown>[];
      };
    };
    expect(sm.metadata.labels?.release).toBe('kube-prometheus-stack');
    expect(sm.spec.namespaceSelector.matchNames).toEqual([namespace]);
    expect(sm.spec.endpoints).toEqual([
      { port: 'metrics', path: '/metrics', scheme: 'http', interval: '30s', scrapeTimeout: '10s' },
    ]);
    const selected = findAll<Service>(objects, 'Service').filter((s) =>
      Object.entries(sm.spec.selector.matchLabels).every(([k, v]) => s.metadata.labels?.[k] === v),
    );
    expect(selected.map((s) => s.metadata.name)).toEqual([`${fullname}-metrics`]);
  });
});

describe('PrometheusRule', () => {
  let objects: K8sObject[];
  beforeAll(async () => {
    ({ objects } = await render(['--values', defaultValuesFile, ...monitoring]));
  });

  it('has the six alerts, each with a severity, a duration and a summary', () => {
    const rules = rulesOf(objects);
    expect(rules.map((r) => r.alert)).toEqual([
      'FedwatchAccountingWatermarkStale',
      'FedwatchOutboxMessagesStuck',
      'FedwatchPublishFailing',
      'FedwatchClusterUnavailable',
      'FedwatchJobFailing',
      'FedwatchHostCertificateExpiring',
    ]);
    for (const r of rules) {
      expect(r.labels?.severity).toBe('warning');
      expect(r.for).toMatch(/^\d+[mh]$/);
      expect(r.annotations?.summary).toBeTruthy();
    }
  });

  it("reads only metrics fedwatch registers, this release's series only, jobs by job_id", () => {
    const registered = registeredMetricNames();
    expect(registered.has('fedwatch_job_failures_total')).toBe(true);
    expect(registered.has('fedwatch_signing_certificate_expiry_timestamp_seconds')).toBe(true);
    for (const r of rulesOf(objects)) {
      const names = promqlMetricNames(r.expr);
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((n) => !registered.has(n))).toEqual([]);
      for (const selector of r.expr.match(/fedwatch_\w+\{[^}]*\}/g) ?? [])
        expect(selector).toContain(`job="${fullname}-metrics",namespace="${namespace}"`);
    }
    const jobs = rulesOf(objects).find((r) => r.alert === 'FedwatchJobFailing');
    expect(jobs?.expr).toContain('by (namespace, job_id)');
  });

  it('passes promtool check rules and the promtool unit tests', async () => {
    const dir = await mkdtemp(path.join(scratch(), 'rules-'));
    await promtoolCheckRules(dir, find<PrometheusRule>(objects, 'PrometheusRule').spec.groups);
    const tests = path.join(dir, 'prometheus-rules.test.yaml');
    await copyFile(path.join(repoRoot, 'test/fixtures/chart/prometheus-rules.test.yaml'), tests);
    const run = promtool(['test', 'rules', tests]);
    expect(run.output).toContain('SUCCESS');
    expect(run.code).toBe(0);
  });

  it('takes thresholds, durations, severities, a selector, extra labels and extra rules from values', async () => {
    const values = path.join(scratch(), 'rules-values.yaml');
    const alerts = {
      accountingWatermarkStale: { thresholdSeconds: 7200, for: '1h', severity: 'critical' },
      outboxOldestPending: { enabled: false },
      clusterUnavailable: { states: ['unavailable'] },
      jobFailing: { window: '6h' },
      hostCertificateExpiring: { days: 30, for: '2h' },
    };
    const additionalRules = [
      { record: 'fedwatch:records:rate1h', expr: 'sum(rate(fedwatch_accounting_records_total[1h]))' },
    ];
    const prometheusRule = {
      namespace: 'monitoring',
      selector: 'job="fedwatch"',
      ruleLabels: { team: 'ops' },
      alerts,
      additionalRules,
    };
    await writeFile(values, stringify({ metrics: { prometheusRule } }));
    const custom = await render(['--values', defaultValuesFile, ...monitoring, '--values', values]);
    const rule = find<PrometheusRule>(custom.objects, 'PrometheusRule');
    expect(rule.metadata.namespace).toBe('monitoring');
    const byName = new Map(rule.spec.groups[0].rules.map((r) => [r.alert ?? r.record, r]));
    expect(byName.has('FedwatchOutboxMessagesStuck')).toBe(false);
    const stale = byName.get('FedwatchAccountingWatermarkStale');
    expect(stale?.expr).toBe(
      'max by (namespace, site, project) (fedwatch_accounting_watermark_age_seconds{job="fedwatch"}) > 7200',
    );
    expect(stale).toMatchObject({ for: '1h', labels: { severity: 'critical', team: 'ops' } });
    expect(byName.get('FedwatchClusterUnavailable')?.expr).toContain('{job="fedwatch",state=~"unavailable"}');
    expect(byName.get('FedwatchJobFailing')?.expr).toContain('[6h]');
    expect(byName.get('FedwatchHostCertificateExpiring')).toMatchObject({
      expr: 'min by (namespace, subject) (fedwatch_signing_certificate_expiry_timestamp_seconds{job="fedwatch"}) - time() < 30 * 86400',
      for: '2h',
    });
    expect(byName.get('fedwatch:records:rate1h')).toEqual(additionalRules[0]);
    await promtoolCheckRules(await mkdtemp(path.join(scratch(), 'rules-')), rule.spec.groups);
  });
});

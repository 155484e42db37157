/**
 * The Grafana dashboards of charts/fedwatch (dashboards/*.json) as ConfigMaps for the Grafana
 * sidecar (rancher-monitoring convention: namespace cattle-dashboards, label grafana_dashboard "1"),
 * the content "fedwatch / Accounting" must show, and every panel query parsed by promtool.
 * src/clusters/dashboard.spec.ts checks that the queries read only metrics fedwatch exports.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import {
  chartDir,
  defaultValuesFile,
  find,
  findAll,
  fullname,
  namespace,
  promtoolCheckRules,
  render,
  scratch,
  useHelm,
} from '../support/helm.js';

useHelm();

describe('Grafana dashboards', () => {
  const files = readdirSync(path.join(chartDir, 'dashboards'))
    .filter((f) => f.endsWith('.json'))
    .sort();
  const dashboard = (file: string) =>
    JSON.parse(readFileSync(path.join(chartDir, 'dashboards', file), 'utf8')) as {
      uid: string;
      title: string;
      panels: { title: string; targets?: { expr: string }[] }[];
      templating: { list: { name: string; query: { query: string } }[] };
    };

  it('ships every dashboard as its own ConfigMap in cattle-dashboards, labelled for the sidecar', async () => {
    expect(files).toEqual(['accounting.json', 'clusters.json']);
    const { objects: none } = await render(['--values', defaultValuesFile]);
    expect(none.filter((o) => o.metadata.name.includes('-dashboard-'))).toEqual([]);

    const { objects } = await render(['--values', defaultValuesFile, '--set', 'dashboards.enabled=true']);
    const maps = findAll(objects, 'ConfigMap').filter((o) => o.metadata.name.includes('-dashboard-'));
    expect(maps.map((m) => m.metadata.name).sort()).toEqual(
      files.map((f) => `${fullname}-dashboard-${f.replace('.json', '')}`),
    );
    for (const m of maps) {
      expect(m.metadata.namespace).toBe('cattle-dashboards');
      expect(m.metadata.labels).toMatchObject({
        grafana_dashboard: '1',
        'app.kubernetes.io/instance': 'site',
      });
      const [key, json] = Object.entries(m.data ?? {})[0];
      expect(Object.keys(m.data ?? {})).toEqual([key]);
      expect(JSON.parse(json)).toEqual(dashboard(key));
    }
  });

  it('puts them where and how another Grafana sidecar wants them', async () => {
    const { objects } = await render([
      '--values',
      defaultValuesFile,
      '--set',
      'dashboards.enabled=true',
      '--set',
      'dashboards.namespace=',
      '--set-string',
      'dashboards.labels.grafana_dashboard=yes',
      '--set',
      'dashboards.annotations.grafana_folder=fedwatch',
    ]);
    const m = find(objects, 'ConfigMap', `${fullname}-dashboard-accounting`);
    expect(m.metadata).toMatchObject({
      namespace,
      labels: { grafana_dashboard: 'yes' },
      annotations: { grafana_folder: 'fedwatch' },
    });
  });

  it('"fedwatch / Accounting" shows records per type, site and VO, the outbox, publish failures and job durations', () => {
    const d = dashboard('accounting.json');
    expect(d).toMatchObject({ uid: 'fedwatch-accounting', title: 'fedwatch / Accounting' });
    const exprs = d.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    for (const by of ['type', 'site', 'vo'])
      expect(exprs).toContainEqual(
        expect.stringMatching(new RegExp(`^sum by \\(${by}\\) \\(rate\\(fedwatch_accounting_records_total`)),
      );
    for (const metric of [
      'fedwatch_outbox_pending_messages',
      'fedwatch_outbox_oldest_pending_age_seconds',
      'fedwatch_outbox_publish_failures_total',
      'fedwatch_job_duration_seconds_bucket',
      'fedwatch_accounting_watermark_age_seconds',
    ])
      expect(exprs.some((e) => e.includes(metric))).toBe(true);
    expect(d.templating.list.map((v) => v.name)).toEqual(['site', 'vo', 'type', 'kind', 'job_id']);
  });

  it('has only queries that promtool parses', async () => {
    // Grafana's variables replaced by what they stand for; each query checked as a recording rule.
    const grafana = (expr: string) =>
      expr
        .replaceAll('$__rate_interval', '5m')
        .replace(/"\$\w+"/g, '".*"')
        .replace(/\$\w+/g, '.*');
    const rules = files.flatMap((f) =>
      dashboard(f).panels.flatMap((p, i) =>
        (p.targets ?? []).map((t, j) => ({
          record: `dashboard:${f.replace('.json', '')}:${i}_${j}`,
          expr: grafana(t.expr),
        })),
      ),
    );
    expect(rules.length).toBeGreaterThan(30);
    await promtoolCheckRules(await mkdtemp(path.join(scratch(), 'dash-')), [{ name: 'dashboards', rules }]);
  });
});

/**
 * charts/fedwatch as Rancher's Apps & Marketplace installs it: questions.yaml asks only for values
 * the chart has, with their defaults and types Rancher's form knows, and the answers it can give
 * render; Chart.yaml carries the catalog annotations. And `npm run chart:package`: the archive and
 * index.yaml for a chart repository, which install the same objects as the chart directory.
 */
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import {
  chartDir,
  chartVersion,
  defaultValuesFile,
  haValuesFile,
  helm,
  render,
  repoRoot,
  scratch,
  useHelm,
} from '../support/helm.js';

useHelm();

interface Question {
  variable: string;
  label: string;
  description?: string;
  type: string;
  default?: unknown;
  required?: boolean;
  group?: string;
  options?: string[];
  show_if?: string;
  show_subquestion_if?: unknown;
  subquestions?: Question[];
}

/** The question types Rancher's form renders (rancher/dashboard shell/components/Questions). */
const RANCHER_TYPES = new Set([
  'string',
  'hostname',
  'multiline',
  'password',
  'text',
  'boolean',
  'enum',
  'int',
]);
const RANCHER_REFERENCES = new Set(['secret', 'configmap', 'storageclass', 'pvc']);

const questions = (
  parse(readFileSync(path.join(chartDir, 'questions.yaml'), 'utf8')) as { questions: Question[] }
).questions;
const all = questions.flatMap((q) => [q, ...(q.subquestions ?? [])]);
const values = parse(readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
const schema = JSON.parse(readFileSync(path.join(chartDir, 'values.schema.json'), 'utf8')) as SchemaNode;

interface SchemaNode {
  type?: string | string[];
  enum?: string[];
  properties?: Record<string, SchemaNode>;
}

const at = <T>(
  root: unknown,
  variable: string,
  step: (node: T, key: string) => T | undefined,
): T | undefined =>
  variable
    .split('.')
    .reduce<T | undefined>((node, key) => (node === undefined ? undefined : step(node, key)), root as T);
const valueAt = (variable: string) =>
  at<unknown>(values, variable, (n, k) =>
    n !== null && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined,
  );
const schemaAt = (variable: string) => at<SchemaNode>(schema, variable, (n, k) => n.properties?.[k]);

/** Answers as Rancher sends them: a nested values object, keyed by the dotted variables. */
function answers(pairs: Record<string, unknown>): string[] {
  return Object.entries(pairs).flatMap(([k, v]) => [
    typeof v === 'string' ? '--set-string' : '--set',
    `${k}=${String(v)}`,
  ]);
}

describe('questions.yaml', () => {
  it('asks only for values the chart has, with the default values.yaml gives them', () => {
    expect(all.length).toBeGreaterThan(15);
    for (const q of all) {
      // config is free-form in the schema (fedwatch checks it): the key must be in values.yaml.
      if (q.variable.startsWith('config.'))
        expect([q.variable, valueAt(q.variable)]).not.toEqual([q.variable, undefined]);
      else expect([q.variable, schemaAt(q.variable)]).toEqual([q.variable, expect.any(Object)]);
      expect([q.variable, q.default]).toEqual([q.variable, valueAt(q.variable)]);
      expect(q.label).toBeTruthy();
    }
    expect(new Set(all.map((q) => q.variable)).size).toBe(all.length);
  });

  it('uses question types Rancher renders, matching the schema', () => {
    for (const q of all) {
      if (q.variable.startsWith('config.')) continue;
      const node = schemaAt(q.variable) ?? {};
      expect([q.variable, RANCHER_TYPES.has(q.type) || RANCHER_REFERENCES.has(q.type)]).toEqual([
        q.variable,
        true,
      ]);
      const jsonType = { boolean: 'boolean', int: 'integer', enum: 'string' }[q.type] ?? 'string';
      expect([q.variable, [node.type].flat()]).toEqual([q.variable, expect.arrayContaining([jsonType])]);
      if (q.type === 'enum')
        expect(node.enum).toEqual(expect.arrayContaining(q.options ?? ['missing options']));
      // A Secret's name is picked from the namespace: credentials are never typed into the form.
      if (q.variable.endsWith('existingSecret')) expect([q.variable, q.type]).toEqual([q.variable, 'secret']);
      expect(q.type).not.toBe('password');
    }
    for (const q of questions) expect(q.group).toBeTruthy();
  });

  it('shows questions only on answers to other questions', () => {
    const variables = new Set(all.map((q) => q.variable));
    for (const q of all.filter((x) => x.show_if)) {
      const [, variable] = /^([\w.]+)!?=/.exec(q.show_if ?? '') ?? [];
      expect([q.show_if, variables.has(variable)]).toEqual([q.show_if, true]);
    }
  });

  it('gives answers that render: its defaults with a token Secret, and everything switched on', async () => {
    const defaults = Object.fromEntries(all.map((q) => [q.variable, q.default]));
    await render(answers({ ...defaults, 'api.tokens.existingSecret': 'fedwatch-api-tokens' }));
    const everything = Object.fromEntries(
      all.filter((q) => q.type === 'boolean').map((q) => [q.variable, true]),
    );
    const { objects } = await render(
      answers({
        ...defaults,
        ...everything,
        'persistence.enabled': false, // shown only without a database Secret
        replicaCount: 3,
        'api.tokens.existingSecret': 'fedwatch-api-tokens',
        'database.existingSecret': 'fedwatch-db',
        'signing.existingSecret': 'fedwatch-hostcert',
        'config.site.name': 'EXAMPLE-CLOUD',
      }),
    );
    expect(objects.map((o) => o.kind)).toEqual(
      expect.arrayContaining([
        'ServiceMonitor',
        'PrometheusRule',
        'NetworkPolicy',
        'Job',
        'PodDisruptionBudget',
      ]),
    );
    const auth = await render(answers({ ...defaults, 'api.auth': 'none' }));
    expect(auth.objects.some((o) => o.kind === 'Secret')).toBe(false);
  });
});

describe('Rancher catalog metadata', () => {
  it('has the catalog annotations and an app-readme.md', () => {
    const chart = parse(readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8')) as {
      kubeVersion: string;
      annotations: Record<string, string>;
    };
    expect(chart.annotations).toMatchObject({
      'catalog.cattle.io/display-name': 'fedwatch',
      'catalog.cattle.io/release-name': 'fedwatch',
      'catalog.cattle.io/kube-version': chart.kubeVersion,
      'catalog.cattle.io/os': 'linux',
    });
    expect(readFileSync(path.join(chartDir, 'app-readme.md'), 'utf8')).toMatch(/^# fedwatch\n/);
  });

  it('accepts the global.cattle.* values Rancher passes to every chart, and ignores them', async () => {
    const plain = await render(['--values', defaultValuesFile]);
    const cattle = [
      '--set',
      'global.cattle.clusterId=c-m-abc',
      '--set',
      'global.cattle.systemDefaultRegistry=',
    ];
    expect((await render(['--values', defaultValuesFile, ...cattle])).objects).toEqual(plain.objects);
  });
});

describe('npm run chart:package', () => {
  it('writes the archive and index.yaml of a chart repository, which render as the chart does', async () => {
    const out = await mkdtemp(path.join(scratch(), 'repo-'));
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'chart:package', '--', out], {
      cwd: repoRoot,
      env: { ...process.env, FEDWATCH_CHART_REPO_URL: 'https://charts.example.org/fedwatch' },
    });
    const archive = path.join(out, `fedwatch-${chartVersion}.tgz`);
    expect(stdout.trim()).toBe(archive);

    const files = (await promisify(execFile)('tar', ['tzf', archive])).stdout.split('\n').filter(Boolean);
    for (const f of [
      'values.schema.json',
      'questions.yaml',
      'app-readme.md',
      'README.md',
      'templates/NOTES.txt',
    ])
      expect(files).toContain(`fedwatch/${f}`);
    expect(files).toEqual(
      expect.arrayContaining(['fedwatch/dashboards/accounting.json', 'fedwatch/dashboards/clusters.json']),
    );
    expect(files.filter((f) => f.startsWith('fedwatch/ci/'))).toEqual([]);

    const index = parse(readFileSync(path.join(out, 'index.yaml'), 'utf8')) as {
      entries: { fedwatch: { version: string; urls: string[]; digest: string }[] };
    };
    expect(index.entries.fedwatch).toEqual([
      expect.objectContaining({
        version: chartVersion,
        urls: [`https://charts.example.org/fedwatch/fedwatch-${chartVersion}.tgz`],
      }),
    ]);

    const fromArchive = await render(['--values', haValuesFile], archive);
    const fromDir = await render(['--values', haValuesFile]);
    expect(fromArchive.objects).toEqual(fromDir.objects);
    expect((await helm(['show', 'chart', archive])).stdout).toContain(`version: ${chartVersion}`);
  });
});

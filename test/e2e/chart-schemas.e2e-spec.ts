/**
 * Every object charts/fedwatch renders, of every kind and for value sets that together render every
 * template, checked offline against the Kubernetes schemas (kubernetes-models: Kubernetes 1.27) and,
 * for the prometheus-operator kinds, against their CRD schemas (@kubernetes-models/prometheus-operator),
 * plus the names and labels the API server would refuse. And values.schema.json: it covers every
 * value of values.yaml (and the README documents each), accepts the defaults and refuses typos.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import {
  chartDir,
  defaultValuesFile,
  haValuesFile,
  render,
  renderFails,
  tokenArgs,
  useHelm,
  type K8sObject,
} from '../support/helm.js';

useHelm();

interface Model {
  validate(): void;
}

/** The model class of `apiVersion`/`kind`; a kind without a known schema fails the test. */
async function modelOf(apiVersion: string, kind: string): Promise<new (data: unknown) => Model> {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const specifier =
    group === 'monitoring.coreos.com'
      ? `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`
      : `kubernetes-models/${group ? `${group}/` : ''}${version}/${kind}`;
  const module = (await import(specifier).catch(() => {
    throw new Error(`no schema for ${apiVersion} ${kind} (${specifier})`);
  })) as Record<string, new (data: unknown) => Model>;
  return module[kind];
}

const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** What the API server would refuse: the schema, names, label values. Returns the problems. */
async function problems(o: K8sObject): Promise<string[]> {
  const out: string[] = [];
  const where = `${o.kind} ${o.metadata?.name}`;
  try {
    new (await modelOf(o.apiVersion, o.kind))(o).validate();
  } catch (err) {
    out.push(`${where}: ${(err as Error).message}`);
  }
  const nameRule = o.kind === 'Service' ? DNS_LABEL : DNS_SUBDOMAIN;
  if (!nameRule.test(o.metadata.name)) out.push(`${where}: invalid name`);
  for (const [k, v] of Object.entries(o.metadata.labels ?? {}))
    if (!LABEL_VALUE.test(v)) out.push(`${where}: label ${k} value ${v} is invalid`);
  return out;
}

const valueSets: [string, string[]][] = [
  ['ci/default-values.yaml', ['--values', defaultValuesFile]],
  ['ci/ha-values.yaml', ['--values', haValuesFile]],
  [
    'inline tokens, persistence, LoadBalancer',
    [...tokenArgs, '--set', 'persistence.enabled=true', '--set', 'service.type=LoadBalancer'],
  ],
  [
    'api.auth=none, metricsPort, NetworkPolicy without egress, a PVC of a StorageClass',
    [
      '--set',
      'api.auth=none',
      '--set',
      'config.metricsPort=9464',
      '--set',
      'networkPolicy.enabled=true',
      '--set',
      'persistence.enabled=true',
      '--set',
      'persistence.storageClass=-',
    ],
  ],
  [
    'a 53-character release name (names truncated to 63)',
    [
      '--values',
      haValuesFile,
      '--set',
      'fullnameOverride=a-site-with-a-rather-long-release-name-for-fedwatch-x',
    ],
  ],
];

describe('every rendered object against the Kubernetes schemas', () => {
  const kinds = new Set<string>();

  it.each(valueSets)('%s', async (_name, args) => {
    const { objects } = await render(args);
    expect(objects.length).toBeGreaterThan(4);
    const found: string[] = [];
    for (const o of objects) {
      kinds.add(`${o.apiVersion} ${o.kind}`);
      found.push(...(await problems(o)));
    }
    expect(found).toEqual([]);
  });

  it('covered every kind the chart can render', () => {
    expect([...kinds].sort()).toEqual(
      [
        'apps/v1 Deployment',
        'batch/v1 Job',
        'monitoring.coreos.com/v1 PrometheusRule',
        'monitoring.coreos.com/v1 ServiceMonitor',
        'networking.k8s.io/v1 NetworkPolicy',
        'policy/v1 PodDisruptionBudget',
        'v1 ConfigMap',
        'v1 PersistentVolumeClaim',
        'v1 Secret',
        'v1 Service',
        'v1 ServiceAccount',
      ].sort(),
    );
  });

  it('finds the mistakes a template could make', async () => {
    const { objects } = await render(['--values', haValuesFile]);
    const deployment = JSON.parse(
      JSON.stringify(objects.find((o) => o.kind === 'Deployment')),
    ) as K8sObject & {
      spec: { replicas: unknown; template: { spec: { containers: { env: { value?: unknown }[] }[] } } };
    };
    deployment.spec.replicas = '3';
    deployment.spec.template.spec.containers[0].env[0].value = 8080;
    expect((await problems(deployment)).join('\n')).toMatch(
      /replicas must be integer[^]*value must be string/,
    );
    const original = objects.find((o) => o.kind === 'PrometheusRule') as K8sObject;
    expect(await problems({ ...original, metadata: { name: 'Fedwatch_Rules' } })).toEqual([
      'PrometheusRule Fedwatch_Rules: invalid name',
    ]);
    const rule = structuredClone(original) as K8sObject & {
      spec: { groups: { rules: { for?: string }[] }[] };
    };
    rule.spec.groups[0].rules[0].for = 'half an hour';
    expect((await problems(rule)).join('\n')).toContain('must match pattern');
    expect(await problems({ ...rule, kind: 'PrometheusRules' })).toEqual([
      expect.stringContaining('no schema for monitoring.coreos.com/v1 PrometheusRules'),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

interface SchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
}

const schema = JSON.parse(readFileSync(path.join(chartDir, 'values.schema.json'), 'utf8')) as SchemaNode;
const values = parse(readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
const readme = readFileSync(path.join(chartDir, 'README.md'), 'utf8');

/** Paths of the schema's leaves (nodes without properties): the values one documents. */
function leaves(node: SchemaNode, at: string[] = []): string[] {
  if (!node.properties) return [at.join('.')];
  return Object.entries(node.properties).flatMap(([k, child]) => leaves(child, [...at, k]));
}

/** Paths of values.yaml down to where the schema stops describing the structure. */
function valuePaths(value: unknown, node: SchemaNode | undefined, at: string[] = []): string[] {
  if (!node?.properties || typeof value !== 'object' || value === null || Array.isArray(value))
    return [at.join('.')];
  return Object.entries(value).flatMap(([k, v]) => {
    const child = node.properties?.[k];
    return child ? valuePaths(v, child, [...at, k]) : [[...at, k].join('.') + ' (not in the schema)'];
  });
}

describe('values.schema.json', () => {
  it('describes every value of values.yaml, and nothing values.yaml lacks', () => {
    const inValues = valuePaths(values, schema);
    const inSchema = leaves(schema).filter((p) => p !== 'global');
    expect(inValues.sort()).toEqual(inSchema.sort());
    for (const p of leaves(schema)) {
      const node = p.split('.').reduce<SchemaNode | undefined>((n, k) => n?.properties?.[k], schema);
      expect([p, node?.description]).toEqual([p, expect.any(String)]);
    }
  });

  it('is closed: every object it describes refuses unknown keys', () => {
    const open = (n: SchemaNode, at: string): string[] => [
      ...(n.properties && n.additionalProperties !== false ? [at] : []),
      ...Object.entries(n.properties ?? {}).flatMap(([k, c]) => open(c, `${at}.${k}`)),
    ];
    expect(open(schema, '')).toEqual([]);
  });

  it('accepts values.yaml and both CI values files (JSON Schema draft-07, as Helm reads it)', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    for (const file of [defaultValuesFile, haValuesFile]) {
      const merged = { ...values, ...(parse(readFileSync(file, 'utf8')) as object) };
      expect([file, validate(merged), validate.errors]).toEqual([file, true, null]);
    }
    expect([validate(values), validate.errors]).toEqual([true, null]);
  });

  // Helm 3 and Helm 4 use different JSON Schema libraries and word their errors differently.
  it.each([
    [['--set', 'replicaCont=2'], /replicaCont/],
    [['--set', 'metrics.serviceMonitor.intervall=1m'], /serviceMonitor.*intervall/],
    [['--set', 'service.type=Internal'], /service[./]type/],
    [['--set', 'replicaCount=-1'], /replicaCount/],
    [['--set', 'metrics.prometheusRule.alerts.jobFailing.window=2 hours'], /jobFailing[./]window/],
    [['--set', 'database.existingSecret=Not_A_Name'], /database[./]existingSecret/],
  ])('makes Helm refuse %j', async (args, where) => {
    const stderr = await renderFails(['--values', defaultValuesFile, ...args]);
    expect(stderr).toContain("values don't meet the specifications of the schema");
    expect(stderr).toMatch(where);
  });
});

describe('README.md', () => {
  it('documents every value', () => {
    expect(leaves(schema).filter((p) => !readme.includes(`| \`${p}\``))).toEqual([]);
  });

  it('shows each alert with its default expression, duration and severity', async () => {
    const { objects } = await render([
      '--values',
      defaultValuesFile,
      '--set',
      'metrics.prometheusRule.enabled=true',
    ]);
    const rule = objects.find((o) => o.kind === 'PrometheusRule') as K8sObject & {
      spec: {
        groups: { rules: { alert: string; expr: string; for: string; labels: { severity: string } }[] }[];
      };
    };
    for (const r of rule.spec.groups[0].rules) {
      const expr = r.expr
        .replace(/\s*\n\s*/g, ' ')
        .replace(/job="[^"]+",namespace="[^"]+"/g, 'SEL')
        .replaceAll('|', '\\|');
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${r.alert}\``)) ?? '';
      const cells = row
        .replace(/^\||\|$/g, '')
        .split(/\s+\|\s+/)
        .map((c) => c.trim());
      expect(cells.slice(1, 4)).toEqual([`\`${expr}\``, `\`${r.for}\``, `\`${r.labels.severity}\``]);
    }
  });
});

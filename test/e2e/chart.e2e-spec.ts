/**
 * The Helm chart charts/fedwatch with a real Helm and no cluster (helpers: test/support/helm.ts):
 *  - `helm lint --strict` passes with inline tokens and the chart's CI values files (ci/), and the
 *    bare defaults fail with the message that asks for API tokens;
 *  - `helm template` with the defaults and inline tokens: the Deployment, both Services, the
 *    ConfigMap and the token Secret.
 * The other chart*.e2e-spec.ts files: config (the service accepts what the chart gives it),
 * values (other values, NOTES.txt, refusals), ha, schemas (Kubernetes schemas of every kind,
 * values.schema.json, README), monitoring (ServiceMonitor, PrometheusRule with promtool),
 * dashboards, rancher (questions.yaml, packaging).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  ADMIN_TOKEN,
  READ_TOKEN,
  appVersion,
  chartDir,
  chartVersion,
  container,
  defaultValuesFile,
  envOf,
  find,
  fullname,
  haValuesFile,
  helm,
  helmPath,
  namespace,
  release,
  render,
  secretData,
  tokenArgs,
  useHelm,
  type Container,
  type Deployment,
  type K8sObject,
  type Service,
} from '../support/helm.js';

useHelm();

const defaultValues = parse(readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as {
  config: Record<string, unknown>;
};

describe('scripts/ensure-helm.sh', () => {
  it('prints only the absolute path of a working Helm 3 or 4', async () => {
    expect(path.isAbsolute(helmPath())).toBe(true);
    expect(helmPath().split('\n')).toHaveLength(1);
    const version = await helm(['version', '--short']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^v[34]\.\d+\.\d+/);
  });
});

describe('helm lint', () => {
  it.each([
    ['inline API tokens', tokenArgs],
    ['ci/default-values.yaml (the defaults and a token Secret)', ['--values', defaultValuesFile]],
    ['ci/ha-values.yaml (three replicas, everything enabled)', ['--values', haValuesFile]],
  ])('passes --strict with %s', async (_name, args) => {
    const run = await helm(['lint', '--strict', chartDir, ...args]);
    expect(`${run.stdout}${run.stderr}`).toContain('0 chart(s) failed');
    expect(run.code).toBe(0);
  });

  it('fails with the bare defaults, asking for API tokens (Helm 3; Helm 4 lint does not run `fail`)', async () => {
    const version = (await helm(['version', '--short'])).stdout;
    const run = await helm(['lint', '--strict', chartDir]);
    if (version.startsWith('v3.')) {
      expect(run.code).not.toBe(0);
      expect(`${run.stdout}${run.stderr}`).toContain('api.auth is "tokens" but no API tokens are configured');
    }
    // helm template (and install) refuses them with every Helm: chart-values.e2e-spec.ts.
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
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      [
        `ConfigMap/${fullname}`,
        `Deployment/${fullname}`,
        `Secret/${fullname}-api-tokens`,
        `Service/${fullname}`,
        `Service/${fullname}-metrics`,
        `ServiceAccount/${fullname}`,
      ].sort(),
    );
    for (const o of objects) {
      expect(o.metadata.namespace).toBe(namespace);
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'fedwatch',
        'app.kubernetes.io/instance': release,
        'app.kubernetes.io/version': appVersion,
        'app.kubernetes.io/managed-by': 'Helm',
        'helm.sh/chart': `fedwatch-${chartVersion}`,
      });
    }
  });

  it('runs the image of the appVersion, one replica, Recreate for the embedded database', () => {
    expect(c.image).toBe(`registry.example.org/fedwatch/fedwatch:${appVersion}`);
    expect(c.args).toEqual(['serve']);
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
    // Nothing else is mounted without credentials.existingSecret or signing.existingSecret.
    expect([...volumes.keys()].sort()).toEqual(['config', 'data', 'tmp']);
  });

  it('probes /healthz (liveness, startup) and /readyz (readiness) on the http port, 2 min to start', () => {
    expect(c.ports.find((p) => p.name === 'http')?.containerPort).toBe(8080);
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
    for (const name of ['DATABASE_URL', 'AMQP_URL', 'FEDWATCH_FEDERATION__SIGNING__CERTIFICATE'])
      expect(env.has(name)).toBe(false);
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

  it('exposes http 8080 and grpc 9090 on the Service, and /metrics on a ClusterIP metrics Service', () => {
    const service = find<Service>(objects, 'Service', fullname);
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([
      expect.objectContaining({ name: 'http', port: 8080, targetPort: 'http' }),
      expect.objectContaining({ name: 'grpc', port: 9090, targetPort: 'grpc' }),
    ]);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);

    // Without config.metricsPort, /metrics is served on the http port.
    const metrics = find<Service>(objects, 'Service', `${fullname}-metrics`);
    expect(metrics.spec.type).toBe('ClusterIP');
    expect(metrics.spec.ports).toEqual([expect.objectContaining({ name: 'metrics', targetPort: 'http' })]);
    expect(metrics.metadata.labels?.['app.kubernetes.io/component']).toBe('metrics');
    expect(deployment.spec.template.metadata.labels).toMatchObject(metrics.spec.selector);
  });

  it('puts values.yaml config verbatim into the ConfigMap as fedwatch.yaml', () => {
    const configMap = find(objects, 'ConfigMap');
    expect(Object.keys(configMap.data ?? {})).toEqual(['fedwatch.yaml']);
    expect(parse(configMap.data?.['fedwatch.yaml'] ?? '')).toEqual(defaultValues.config);
  });

  it('keeps the tokens in the Secret only, passed as FEDWATCH_API__TOKENS', () => {
    const secret = find(objects, 'Secret');
    expect(JSON.parse(secretData(secret).tokens)).toEqual([
      { name: 'operator', role: 'admin', token: ADMIN_TOKEN },
      { name: 'monitoring', role: 'read', token: READ_TOKEN },
    ]);
    expect(envOf(c).get('FEDWATCH_API__TOKENS')?.valueFrom?.secretKeyRef).toEqual({
      name: secret.metadata.name,
      key: 'tokens',
    });
    // In clear nowhere in the output, and the encoded form only in the Secret.
    for (const token of [ADMIN_TOKEN, READ_TOKEN]) expect(text).not.toContain(token);
    for (const o of objects.filter((x) => x.kind !== 'Secret')) {
      const json = JSON.stringify(o);
      expect(json).not.toContain(secret.data?.tokens);
      for (const token of [ADMIN_TOKEN, READ_TOKEN]) expect(json).not.toContain(token);
    }
  });
});

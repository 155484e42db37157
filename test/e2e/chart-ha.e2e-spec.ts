/**
 * charts/fedwatch as a highly available site (ci/ha-values.yaml): three replicas on an external
 * PostgreSQL, a PodDisruptionBudget, spread over nodes, a NetworkPolicy, the metrics on their own
 * port, and the pre-upgrade migration Job, whose command and environment are run as the container
 * would run them against a fresh database on the real PostgreSQL.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { createTestDatabase } from '../support/postgres.js';
import {
  container,
  envOf,
  fedwatchCli,
  find,
  findAll,
  fullname,
  haValuesFile,
  render,
  resolveEnv,
  scratch,
  tokenArgs,
  useHelm,
  type Container,
  type Deployment,
  type K8sObject,
  type PodSpec,
  type Service,
} from '../support/helm.js';

useHelm();

interface Job extends K8sObject {
  spec: { backoffLimit: number; activeDeadlineSeconds: number; template: { spec: PodSpec } };
}

interface NetworkPolicy extends K8sObject {
  spec: {
    podSelector: { matchLabels: Record<string, string> };
    policyTypes: string[];
    ingress: { ports: { port: string | number; protocol: string }[]; from?: unknown[] }[];
    egress?: { ports?: { port: number; protocol: string }[]; to?: unknown[] }[];
  };
}

/** The ENV of the image's runtime stage (Dockerfile), under the container's own env. */
const IMAGE_ENV = {
  NODE_ENV: 'production',
  FEDWATCH_HTTP_HOST: '0.0.0.0',
  FEDWATCH_HTTP_PORT: '8080',
  FEDWATCH_GRPC_PORT: '9090',
  FEDWATCH_DATA_DIR: '/var/lib/fedwatch',
};

let objects: K8sObject[];
let deployment: Deployment;
let c: Container;

beforeAll(async () => {
  ({ objects } = await render(['--values', haValuesFile]));
  deployment = find<Deployment>(objects, 'Deployment');
  c = container(deployment);
});

describe('three replicas on an external database', () => {
  it('rolls updates, takes the database URL from its Secret and keeps the data directory ephemeral', () => {
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy.type).toBe('RollingUpdate');
    expect(envOf(c).get('DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
      name: 'fedwatch-db',
      key: 'url',
    });
    expect(envOf(c).get('AMQP_URL')?.valueFrom?.secretKeyRef).toEqual({ name: 'fedwatch-amqp', key: 'url' });
    expect(findAll(objects, 'PersistentVolumeClaim')).toHaveLength(0);
    expect(deployment.spec.template.spec.topologySpreadConstraints).toEqual([
      expect.objectContaining({ topologyKey: 'kubernetes.io/hostname', maxSkew: 1 }),
    ]);
  });

  it('lets at most one pod be evicted at a time (PodDisruptionBudget on the same pods)', () => {
    const pdb = find(objects, 'PodDisruptionBudget') as K8sObject & {
      spec: {
        maxUnavailable?: number;
        minAvailable?: number;
        selector: { matchLabels: Record<string, string> };
      };
    };
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.minAvailable).toBeUndefined();
    expect(deployment.spec.template.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
  });

  it('renders no PodDisruptionBudget for one replica, and minAvailable when asked', async () => {
    const single = await render([...tokenArgs, '--set', 'podDisruptionBudget.enabled=true']);
    expect(findAll(single.objects, 'PodDisruptionBudget')).toHaveLength(0);
    const min = await render([
      '--values',
      haValuesFile,
      '--set',
      'podDisruptionBudget.maxUnavailable=null',
      '--set',
      'podDisruptionBudget.minAvailable=2',
    ]);
    expect(find(min.objects, 'PodDisruptionBudget').spec).toMatchObject({ minAvailable: 2 });
  });

  it('serves /metrics on config.metricsPort, which the metrics Service targets', () => {
    expect(c.ports.find((p) => p.name === 'metrics')?.containerPort).toBe(9464);
    const metrics = find<Service>(objects, 'Service', `${fullname}-metrics`);
    expect(metrics.spec.ports).toEqual([
      expect.objectContaining({ name: 'metrics', port: 9464, targetPort: 'metrics' }),
    ]);
  });
});

describe('NetworkPolicy', () => {
  it('admits the API from the listed peers, the metrics from the monitoring namespace, egress to DNS and the listed rules', () => {
    const np = find<NetworkPolicy>(objects, 'NetworkPolicy');
    expect(np.spec.podSelector.matchLabels).toEqual(
      find<Deployment>(objects, 'Deployment').spec.selector.matchLabels,
    );
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const [api, metrics] = np.spec.ingress;
    expect(api.ports.map((p) => p.port)).toEqual(['http', 'grpc']);
    expect(api.from).toHaveLength(2);
    expect(metrics.ports).toEqual([{ port: 'metrics', protocol: 'TCP' }]);
    expect(metrics.from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cattle-monitoring-system' } } },
    ]);
    expect(np.spec.ingress).toHaveLength(2);
    const [dns, ...rules] = np.spec.egress ?? [];
    expect(dns.ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
    expect(rules).toHaveLength(2);
  });

  it('with metrics on the http port and no API peers, opens only the API ports and leaves egress alone', async () => {
    const { objects: open } = await render([...tokenArgs, '--set', 'networkPolicy.enabled=true']);
    const np = find<NetworkPolicy>(open, 'NetworkPolicy');
    expect(np.spec.policyTypes).toEqual(['Ingress']);
    expect(np.spec.ingress).toEqual([
      {
        ports: [
          { port: 'http', protocol: 'TCP' },
          { port: 'grpc', protocol: 'TCP' },
        ],
      },
    ]);
    expect(np.spec.egress).toBeUndefined();
  });
});

describe('the pre-upgrade migration Job', () => {
  let job: Job;
  let jc: Container;

  beforeAll(() => {
    job = find<Job>(objects, 'Job');
    jc = job.spec.template.spec.containers[0];
  });

  it('is a pre-upgrade hook, removed when it succeeds, with the pod hardened like the Deployment', () => {
    expect(job.metadata.name).toBe(`${fullname}-migrate`);
    expect(job.metadata.annotations).toMatchObject({
      'helm.sh/hook': 'pre-upgrade',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    });
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.securityContext).toEqual(deployment.spec.template.spec.securityContext);
    expect(pod.serviceAccountName).toBe(deployment.spec.template.spec.serviceAccountName);
    expect(jc.image).toBe(c.image);
    expect(jc.args).toEqual(['db', 'migrate']);
    expect(jc.securityContext).toEqual(c.securityContext);
    expect(jc.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(job.spec.backoffLimit).toBe(1);
    expect(job.spec.activeDeadlineSeconds).toBe(600);
  });

  it('migrates a fresh PostgreSQL database with exactly its command and environment, twice', async () => {
    const db = await createTestDatabase('chart_migrate');
    try {
      const dir = await mkdtemp(path.join(scratch(), 'job-'));
      const env: Record<string, string> = {
        ...IMAGE_ENV,
        ...resolveEnv(jc, { 'fedwatch-db': { url: db.url } }),
      };
      env.FEDWATCH_DATA_DIR = path.join(dir, 'data'); // /tmp/fedwatch in the pod
      expect(env.FEDWATCH_HTTP_HOST).toBe('127.0.0.1');
      expect(env.FEDWATCH_DATABASE__CONNECT_TIMEOUT_SECONDS).toBe('15');

      const first = await fedwatchCli(jc.args ?? [], env, dir);
      expect(first.stderr).not.toMatch(/invalid configuration|fedwatch: /);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^applied \S+/m);
      const again = await fedwatchCli(jc.args ?? [], env, dir);
      expect(again.stdout.trim()).toBe('schema is up to date');
      expect(again.code).toBe(0);

      // The image's FEDWATCH_HTTP_HOST=0.0.0.0 without API tokens is refused: why the Job sets loopback.
      const refused = await fedwatchCli(jc.args ?? [], { ...env, FEDWATCH_HTTP_HOST: '0.0.0.0' }, dir);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('without API tokens');
    } finally {
      await db.drop();
    }
  });

  it('takes a password-less config.database.url when no Secret is given', async () => {
    const url = 'postgres://fedwatch@db.example.org:5432/fedwatch';
    const { objects: rendered } = await render([
      ...tokenArgs,
      '--set',
      `config.database.url=${url}`,
      '--set',
      'migrations.job.enabled=true',
    ]);
    const env = envOf(find<Job>(rendered, 'Job').spec.template.spec.containers[0]);
    expect(env.get('DATABASE_URL')?.value).toBe(url);
  });
});

/**
 * charts/fedwatch with values other than the defaults: existing token Secrets, `api.auth: none`,
 * persistence, NOTES.txt, and the values rendering refuses with a clear message.
 */
import { describe, expect, it } from '@jest/globals';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  chartDir,
  container,
  envOf,
  find,
  fullname,
  haValuesFile,
  render,
  renderFails,
  scratch,
  tokenArgs,
  useHelm,
  type Deployment,
  type K8sObject,
} from '../support/helm.js';

useHelm();

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

  it('keeps the data directory in a PVC with persistence.enabled', async () => {
    const { objects } = await render([...tokenArgs, '--set', 'persistence.enabled=true']);
    const pvc = find(objects, 'PersistentVolumeClaim') as K8sObject & {
      spec: { accessModes: string[]; resources: { requests: { storage: string } } };
    };
    expect(pvc.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(pvc.spec.resources.requests.storage).toBe('2Gi');
    const deployment = find<Deployment>(objects, 'Deployment');
    const data = container(deployment).volumeMounts.find((m) => m.mountPath === '/var/lib/fedwatch');
    const volume = deployment.spec.template.spec.volumes.find((v) => v.name === data?.name);
    expect(volume?.persistentVolumeClaim?.claimName).toBe(pvc.metadata.name);
    expect(deployment.spec.strategy.type).toBe('Recreate');
  });
});

describe('NOTES.txt', () => {
  /** NOTES.txt rendered through a copy of the chart where it is also a named template. */
  async function notes(extra: string[]): Promise<string> {
    const copy = await mkdtemp(path.join(scratch(), 'notes-'));
    await cp(chartDir, copy, { recursive: true });
    const text = await readFile(path.join(copy, 'templates/NOTES.txt'), 'utf8');
    await writeFile(path.join(copy, 'templates/_notes.tpl'), `{{- define "t.notes" }}${text}{{- end }}`);
    const cm =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: notes}\ndata: {notes: {{ include "t.notes" . | quote }}}\n';
    await writeFile(path.join(copy, 'templates/notes.yaml'), cm);
    const { objects } = await render([...extra, '--show-only', 'templates/notes.yaml'], copy);
    return objects[0].data?.notes ?? '';
  }

  it('says where the data is, how tokens, signing and metrics are set up, and how to reach the service', async () => {
    const trial = await notes(tokenArgs);
    expect(trial).toContain('(1 replica)');
    expect(trial).toContain('records and outbox are LOST when the pod is deleted');
    expect(trial).toContain(`bearer tokens from Secret ${fullname}-api-tokens`);
    expect(trial).toContain('none: AMQP messages are not signed');
    expect(trial).toContain(
      `kubectl --namespace fedwatch-e2e port-forward service/${fullname} 8080:8080 9090:9090`,
    );

    const ha = await notes(['--values', haValuesFile]);
    expect(ha).toContain('(3 replicas)');
    expect(ha).toContain('external PostgreSQL (DATABASE_URL from Secret fedwatch-db)');
    expect(ha).toContain(`the Job ${fullname}-migrate runs \`fedwatch db migrate\` before each upgrade`);
    expect(ha).toContain('restart the pods after renewing it');
    expect(ha).toContain(`scraped through ServiceMonitor ${fullname}`);
    expect(ha).toContain('"fedwatch / Accounting" in ConfigMaps in namespace cattle-dashboards');
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

  it.each([
    [['--set', 'config.api.tokens[0].name=x'], 'config.api.tokens is not allowed'],
    [
      ['--set', 'config.database.url=postgres://fw:Pw9@db.example.org/fedwatch'],
      'config.database.url contains a password',
    ],
    [['--set', 'config.rancher.servers[0].token=token-x:y'], 'config holds a secret in clear'],
    [['--set', 'config.openstack.sites[0].credential.password=pw'], 'credentials.existingSecret'],
    [['--set', 'terminationGracePeriodSeconds=30'], 'must be larger than config.shutdownGraceSeconds'],
    [
      ['--set', 'signing.existingSecret=hc', '--set', 'config.federation.signing.certificate=/c.pem'],
      'set only one of signing.existingSecret and config.federation.signing',
    ],
    [['--set', 'migrations.job.enabled=true'], 'migrations.job.enabled needs an external database'],
    [
      ['--set', 'metrics.serviceMonitor.enabled=true', '--set', 'metrics.service.enabled=false'],
      'metrics.serviceMonitor.enabled needs metrics.service.enabled',
    ],
    [['--set', 'podDisruptionBudget.minAvailable=1'], 'set only one of podDisruptionBudget.minAvailable'],
  ])('fails for %j', async (args, message) => {
    expect(await renderFails([...tokenArgs, ...args])).toContain(message);
  });

  it('fails for an invalid inline token (values.schema.json) and accepts an explicit null secret key', async () => {
    const stderr = await renderFails([
      '--set',
      'api.tokens.items[0].name=x',
      '--set',
      'api.tokens.items[0].role=root',
    ]);
    // Helm 3 and 4 word schema errors differently.
    expect(stderr).toMatch(/api[./]tokens[./]items[./]0[./]role.* must be one of .*read.*admin/);
    expect(stderr).toMatch(/token is required|missing property 'token'/);
    const values = path.join(scratch(), 'null-password.yaml');
    await writeFile(
      values,
      stringify({ config: { openstack: { sites: [{ credential: { password: null } }] } } }),
    );
    await render([...tokenArgs, '--values', values]);
  });
});

/**
 * The service accepts what charts/fedwatch gives it: the rendered fedwatch.yaml and the container's
 * environment (Secrets resolved, the pod's paths replaced by temp ones) pass `fedwatch config check`
 * for the defaults, a site configuration with credential files, and the HA values with the
 * credentials and a real host certificate mounted from existing Secrets.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { SmimeSigner } from '../../src/publishing/signing/index.js';
import { createTestPki } from '../support/pki.js';
import {
  ADMIN_TOKEN,
  configCheck,
  container,
  envOf,
  find,
  fullname,
  haValuesFile,
  render,
  repoRoot,
  resolveEnv,
  scratch,
  secretData,
  tokenArgs,
  useHelm,
  type Deployment,
} from '../support/helm.js';

useHelm();

describe('the defaults with inline tokens', () => {
  it('gives the service a configuration it accepts (fedwatch config check)', async () => {
    const { objects } = await render(tokenArgs);
    const c = container(find<Deployment>(objects, 'Deployment'));
    if (!existsSync(path.join(repoRoot, 'dist/src/cli/main.js'))) {
      throw new Error('dist/src/cli/main.js is missing: build first (npm run build)');
    }
    const dir = await mkdtemp(path.join(scratch(), 'etc-'));
    const file = path.join(dir, 'fedwatch.yaml');
    await writeFile(file, find(objects, 'ConfigMap').data?.['fedwatch.yaml'] ?? '');
    // The container's environment, with the pod's paths replaced by temp ones.
    const secret = find(objects, 'Secret');
    const env = resolveEnv(c, { [secret.metadata.name]: secretData(secret) });
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
    const valuesFile = path.join(scratch(), 'site-values.yaml');
    await writeFile(valuesFile, stringify({ config }));
    const { objects } = await render([...tokenArgs, '--values', valuesFile]);
    const rendered = find(objects, 'ConfigMap').data?.['fedwatch.yaml'] ?? '';
    expect(parse(rendered)).toEqual(config);

    // The relative passwordFile resolves next to fedwatch.yaml, i.e. /etc/fedwatch/secrets/ in the
    // pod, where credentials.existingSecret is mounted.
    const dir = await mkdtemp(path.join(scratch(), 'site-'));
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

describe('credentials and the host certificate from existing Secrets', () => {
  it('mounts them read-only for the service group, and the service accepts the paths it is given', async () => {
    const { objects } = await render(['--values', haValuesFile]);
    const deployment = find<Deployment>(objects, 'Deployment');
    const c = container(deployment);
    const volumes = new Map(deployment.spec.template.spec.volumes.map((v) => [v.name, v]));
    const mounts = new Map(c.volumeMounts.map((m) => [m.mountPath, m]));
    const credentials = volumes.get(mounts.get('/etc/fedwatch/secrets')?.name ?? '');
    expect(credentials?.secret).toEqual({ secretName: 'fedwatch-credentials', defaultMode: 0o440 });
    const signing = volumes.get(mounts.get('/etc/fedwatch/signing')?.name ?? '');
    expect(signing?.secret).toEqual({
      secretName: 'fedwatch-hostcert',
      defaultMode: 0o440,
      items: [
        { key: 'tls.crt', path: 'hostcert.pem' },
        { key: 'tls.key', path: 'hostkey.pem' },
      ],
    });
    for (const m of ['/etc/fedwatch/secrets', '/etc/fedwatch/signing'])
      expect(mounts.get(m)?.readOnly).toBe(true);
    const env = envOf(c);
    expect(env.get('FEDWATCH_FEDERATION__SIGNING__CERTIFICATE')?.value).toBe(
      '/etc/fedwatch/signing/hostcert.pem',
    );
    expect(env.get('FEDWATCH_FEDERATION__SIGNING__KEY')?.value).toBe('/etc/fedwatch/signing/hostkey.pem');

    // The pod's files, laid out in a temp dir: the credentials Secret next to fedwatch.yaml, the
    // TLS Secret of a real host certificate where the environment points.
    const pki = createTestPki();
    const dir = await mkdtemp(path.join(scratch(), 'ha-'));
    const file = path.join(dir, 'fedwatch.yaml');
    await writeFile(file, find(objects, 'ConfigMap', fullname).data?.['fedwatch.yaml'] ?? '');
    await mkdir(path.join(dir, 'secrets'));
    await writeFile(path.join(dir, 'secrets/keystone-password'), 'Kp7-e2e');
    await writeFile(path.join(dir, 'secrets/rancher-token'), 'token-e2e:secret');
    await mkdir(path.join(dir, 'signing'));
    await cp(pki.hostCert, path.join(dir, 'signing/hostcert.pem'));
    await cp(pki.hostKey, path.join(dir, 'signing/hostkey.pem'));
    const resolved = resolveEnv(c, {
      'fedwatch-api-tokens': { tokens: JSON.stringify([{ name: 'ops', role: 'admin', token: ADMIN_TOKEN }]) },
      'fedwatch-db': { url: 'postgres://fedwatch:Db-e2e@db.example.org:5432/fedwatch' },
      'fedwatch-amqp': { url: 'amqps://fedwatch:Mq-e2e@broker.example.org:5671/fedwatch' },
    });
    const podPaths = (value: string) => value.replace('/etc/fedwatch', dir);
    const envHere = Object.fromEntries(Object.entries(resolved).map(([k, v]) => [k, podPaths(v)]));
    envHere.FEDWATCH_DATA_DIR = path.join(dir, 'data');
    const check = await configCheck(file, envHere);
    expect(check.stderr).not.toMatch(/invalid configuration/);
    expect(check.code).toBe(0);

    // config check does not read the signing files (the service does, at start): load them the way
    // the service does, from where the environment points.
    const load = () =>
      SmimeSigner.fromFiles(
        envHere.FEDWATCH_FEDERATION__SIGNING__CERTIFICATE,
        envHere.FEDWATCH_FEDERATION__SIGNING__KEY,
        { now: new Date() },
      );
    expect(load().subjectDn).toContain('CN=fedwatch.example.org');
    await cp(pki.expiredCert, path.join(dir, 'signing/hostcert.pem'));
    expect(load).toThrow(/hostcert\.pem expired/);
  });
});

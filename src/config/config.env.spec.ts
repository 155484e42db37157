import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { envVarToPath, pathToEnvVar } from './config.env.js';
import { ConfigInvalidError } from './config.errors.js';
import { loadConfig } from './config.loader.js';
import { tempDir } from '../../test/support/temp-dir.js';

const emptyDir = () => tempDir('fedwatch-env-');
const load = (env: Record<string, string>, cwd = emptyDir()) => loadConfig({ env, cwd }).config;

function problemsOf(env: Record<string, string>, cwd = emptyDir()) {
  try {
    loadConfig({ env, cwd });
  } catch (err) {
    if (err instanceof ConfigInvalidError) return err;
    throw err;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('environment variable names', () => {
  it.each([
    ['FEDWATCH_HTTP_PORT', ['httpPort']],
    ['FEDWATCH_API__AUTH', ['api', 'auth']],
    ['FEDWATCH_SITE__GOCDB_ID', ['site', 'gocdbId']],
    ['FEDWATCH_FEDERATION__AMQP__EXCHANGE', ['federation', 'amqp', 'exchange']],
    ['FEDWATCH_SCHEDULES__CLUSTER_HEALTH', ['schedules', 'clusterHealth']],
  ])('%s → %j and back', (name, path) => {
    expect(envVarToPath(name)).toEqual(path);
    expect(pathToEnvVar(path)).toBe(name);
  });

  it('rejects malformed names', () => {
    expect(envVarToPath('FEDWATCH_API___AUTH')).toBeNull();
    expect(envVarToPath('FEDWATCH_http_port')).toBeNull();
    expect(envVarToPath('OTHER_HTTP_PORT')).toBeNull();
  });
});

describe('environment overrides', () => {
  it('maps nested keys and coerces numbers and booleans', () => {
    const config = load({
      FEDWATCH_HTTP_PORT: '0',
      FEDWATCH_DATABASE__POOL_SIZE: '3',
      FEDWATCH_FEDERATION__AMQP__EXCHANGE: 'x.fed',
      FEDWATCH_LOGGING__FORMAT: 'json',
      FEDWATCH_SCHEDULES__ACCOUNTING__EVERY: '1h',
      FEDWATCH_SCHEDULES__ACCOUNTING__ENABLED: 'false',
      FEDWATCH_SCHEDULES__CLUSTER_HEALTH: '30s',
      FEDWATCH_METRICS_PORT: '',
    });
    expect(config.httpPort).toBe(0);
    expect(config.database.poolSize).toBe(3);
    expect(config.federation.amqp.exchange).toBe('x.fed');
    expect(config.logging.format).toBe('json');
    expect(config.metricsPort).toBeNull();
    expect(config.schedules).toEqual({
      accounting: { intervalMs: 3_600_000, cron: null, timeoutMs: null, enabled: false },
      clusterHealth: { intervalMs: 30_000, cron: null, timeoutMs: null, enabled: true },
    });
  });

  it('accepts DATABASE_URL and AMQP_URL, with the FEDWATCH_ name winning', () => {
    const config = load({ DATABASE_URL: 'postgres://alias@db/a', AMQP_URL: 'amqps://mq.example.org/vh' });
    expect(config.database.url).toBe('postgres://alias@db/a');
    expect(config.federation.amqp.url).toBe('amqps://mq.example.org/vh');
    const both = load({
      DATABASE_URL: 'postgres://alias@db/a',
      FEDWATCH_DATABASE__URL: 'postgresql://main@db/b',
    });
    expect(both.database.url).toBe('postgresql://main@db/b');
  });

  it('reads *_FILE variables, JSON included, and lists their secrets', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'db-url'), 'postgres://fw:DbPassw0rd@db/fw\n');
    writeFileSync(
      join(dir, 'tokens.json'),
      JSON.stringify([{ name: 'ci', role: 'admin', token: 'ci-token-1234' }]),
    );
    const loaded = loadConfig({
      env: { DATABASE_URL_FILE: 'db-url', FEDWATCH_API__TOKENS_FILE: join(dir, 'tokens.json') },
      cwd: dir,
    });
    expect(loaded.config.database.url).toBe('postgres://fw:DbPassw0rd@db/fw');
    expect(loaded.config.api.tokens).toEqual([{ name: 'ci', role: 'admin', token: 'ci-token-1234' }]);
    expect(loaded.secrets).toEqual(expect.arrayContaining(['DbPassw0rd', 'ci-token-1234']));
  });

  it('takes lists as JSON', () => {
    const config = load({
      FEDWATCH_HTTP_HOST: '[::]',
      FEDWATCH_API__TOKENS: '[{"name":"ro","role":"read","token":"read-token-1"}]',
      FEDWATCH_KUBERNETES__CLUSTERS: '[{"name":"here","inCluster":"true"}]',
    });
    expect(config.httpHost).toBe('[::]');
    expect(config.api.tokens).toEqual([{ name: 'ro', role: 'read', token: 'read-token-1' }]);
    expect(config.kubernetes.clusters).toEqual([
      { name: 'here', kubeconfig: null, context: null, inCluster: true },
    ]);
  });

  it('merges a JSON section with a nested variable and overrides the file', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'fedwatch.yaml'), 'logging:\n  level: debug\n  format: pretty\n');
    const config = load({ FEDWATCH_LOGGING: '{"level":"warn"}', FEDWATCH_LOGGING__FORMAT: 'json' }, dir);
    expect(config.logging).toEqual({ level: 'warn', format: 'json' });
  });

  it('ignores reserved names and reports unknown FEDWATCH_ variables', () => {
    const reserved = {
      FEDWATCH_CONFIG: '',
      FEDWATCH_URL: 'http://x',
      FEDWATCH_TOKEN: 't',
      FEDWATCH_CLI_DIR: '/tmp',
    };
    expect(load({ ...reserved, FEDWATCH_TOKEN_FILE: '/nonexistent' }).httpPort).toBe(8080);
    const err = problemsOf({ FEDWATCH_HTTP_PROT: '1', FEDWATCH_API__SECRET_THING: 'leaky-value-123' });
    expect(err.problems).toEqual([
      { path: 'api.secretThing', message: 'unknown key', source: 'env FEDWATCH_API__SECRET_THING' },
      { path: 'httpProt', message: 'unknown key', source: 'env FEDWATCH_HTTP_PROT' },
    ]);
    expect(err.format()).not.toContain('leaky-value-123');
  });

  it('reports bad values, broken JSON and unreadable files with the variable as source', () => {
    const err = problemsOf({
      FEDWATCH_GRPC_PORT: '70000',
      FEDWATCH_API__TOKENS: '[{"name":"x","token":"json-secret-99"',
      DATABASE_URL_FILE: 'does-not-exist',
      FEDWATCH_HTTP_PORT__X: '1',
      FEDWATCH_OPENSTACK__SITES__0__NAME: 'x',
      FEDWATCH_SCHEDULES__DISCOVERY__ENABLED: 'perhaps',
    });
    expect(err.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'grpcPort', value: '"70000"', source: 'env FEDWATCH_GRPC_PORT' }),
        {
          path: 'api.tokens',
          message: expect.stringContaining('not valid JSON'),
          source: 'env FEDWATCH_API__TOKENS',
        },
        expect.objectContaining({ path: 'database.url', source: 'env DATABASE_URL_FILE' }),
        expect.objectContaining({ path: 'httpPort.x', message: 'unknown key: httpPort has no keys' }),
        expect.objectContaining({
          path: 'openstack.sites[0].name',
          message: expect.stringContaining('set the whole list as JSON'),
        }),
        expect.objectContaining({
          path: 'schedules.discovery.enabled',
          message: 'expected true or false',
          source: 'env FEDWATCH_SCHEDULES__DISCOVERY__ENABLED',
        }),
      ]),
    );
    expect(err.problems).toHaveLength(6);
    expect(err.format()).not.toContain('json-secret-99');

    const bare = problemsOf({ FEDWATCH_API__TOKENS: '["bare-secret-77"]' });
    expect(bare.problems).toEqual([
      {
        path: 'api.tokens[0]',
        message: 'expected a mapping, got a string',
        source: 'env FEDWATCH_API__TOKENS',
      },
    ]);
  });
});

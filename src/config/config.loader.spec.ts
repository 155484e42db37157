import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from './index.js';
import { tempDir } from '../../test/support/temp-dir.js';

function workspace(files: Record<string, string> = {}): string {
  const dir = tempDir('fedwatch-config-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe('loadConfig', () => {
  it('uses the defaults when there is no file', () => {
    const loaded = loadConfig({ env: {}, cwd: workspace() });
    expect(loaded.file).toBeNull();
    expect(loaded.config).toEqual({
      site: { name: '', gocdbId: null },
      dataDir: './data',
      httpHost: '127.0.0.1',
      httpPort: 8080,
      grpcPort: 9090,
      metricsPort: null,
      logging: { level: 'info', format: 'auto' },
      database: { url: null, poolSize: 10, connectTimeoutSeconds: 10 },
      api: { auth: 'tokens', tokens: [] },
      openstack: { sites: [] },
      rancher: { servers: [] },
      kubernetes: { clusters: [] },
      federation: {
        amqp: {
          url: null,
          exchange: 'fedwatch.federation',
          routingKeys: {},
          kinds: [
            'accounting.cloud',
            'accounting.storage',
            'accounting.ip',
            'accounting.accelerator',
            'discovery.glue21',
          ],
          declareQueues: true,
          bindings: [],
          heartbeatSeconds: 30,
        },
        directoryQueue: { path: null, kinds: ['accounting.cloud', 'accounting.storage'], layout: 'dirq' },
        signing: { certificate: null, key: null },
        outbox: { retentionDays: 30, batchSize: 200, leaseSeconds: 60, maxBackoffSeconds: 900 },
      },
      accounting: {
        recordTypes: { cloud: true, storage: true, ip: false, accelerator: false },
        maxWindowSeconds: 86_400,
        initialLookbackSeconds: 86_400,
        transliterate: false,
        recordsPerMessage: 100,
        cloudComputeService: null,
      },
      discovery: {
        gocdbUrl: null,
        gocdbCacheSeconds: 86_400,
        validitySeconds: 43_200,
        flavorSelection: 'public',
        outputDir: 'discovery/glue21',
      },
      schedules: {},
      shutdownGraceSeconds: 30,
    });
    expect(loaded.secrets).toEqual([]);
    expect(loaded.warnings).toEqual([expect.stringContaining('no sources configured')]);
  });

  it('reads ./fedwatch.yaml from cwd, and the environment wins over it', () => {
    const cwd = workspace({ 'fedwatch.yaml': 'httpPort: 1000\ngrpcPort: 1001\nsite:\n  name: FILE-SITE\n' });
    const loaded = loadConfig({ env: { FEDWATCH_HTTP_PORT: '2000', FEDWATCH_SITE__GOCDB_ID: '12G0' }, cwd });
    expect(loaded.file).toBe(join(cwd, 'fedwatch.yaml'));
    expect(loaded.config.httpPort).toBe(2000);
    expect(loaded.config.grpcPort).toBe(1001);
    expect(loaded.config.site).toEqual({ name: 'FILE-SITE', gocdbId: '12G0' });
  });

  it('prefers opts.file over FEDWATCH_CONFIG over ./fedwatch.yaml', () => {
    const cwd = workspace({
      'fedwatch.yaml': 'httpPort: 1\n',
      'a.yaml': 'httpPort: 2\n',
      'b.yaml': 'httpPort: 3\n',
    });
    expect(loadConfig({ env: { FEDWATCH_CONFIG: 'b.yaml' }, file: 'a.yaml', cwd }).config.httpPort).toBe(2);
    expect(loadConfig({ env: { FEDWATCH_CONFIG: 'b.yaml' }, file: null, cwd }).config.httpPort).toBe(3);
  });

  it('resolves *File secrets against the config file directory and lists them as secrets', () => {
    const cwd = workspace({
      'etc/fedwatch.yaml': [
        'api:',
        '  tokens:',
        '    - { name: ops, role: admin, tokenFile: secrets/ops }',
        'rancher:',
        '  servers:',
        '    - { name: r1, url: "https://rancher.example.org", tokenFile: secrets/rancher }',
      ].join('\n'),
      'etc/secrets/ops': 'ops-token-value\n',
      'etc/secrets/rancher': 'token-abc12:rancherSecretPart\n',
    });
    const loaded = loadConfig({ env: {}, file: 'etc/fedwatch.yaml', cwd });
    expect(loaded.config.api.tokens).toEqual([{ name: 'ops', role: 'admin', token: 'ops-token-value' }]);
    expect(loaded.config.rancher.servers[0]?.token).toBe('token-abc12:rancherSecretPart');
    expect(loaded.secrets).toEqual(
      expect.arrayContaining(['ops-token-value', 'token-abc12:rancherSecretPart', 'rancherSecretPart']),
    );
  });

  it('returns a deep-frozen configuration', () => {
    const cwd = workspace({
      'fedwatch.yaml': 'api:\n  tokens:\n    - { name: a, role: read, token: abcdefgh }\n',
    });
    const { config, secrets } = loadConfig({ env: {}, cwd });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.api.tokens[0])).toBe(true);
    expect(Object.isFrozen(config.federation.directoryQueue.kinds)).toBe(true);
    expect(Object.isFrozen(secrets)).toBe(true);
    expect(() => {
      (config as { httpPort: number }).httpPort = 1;
    }).toThrow(TypeError);
  });
});

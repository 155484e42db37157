import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigInvalidError } from './config.errors.js';
import { loadConfig } from './config.loader.js';
import { isLoopback } from './config.rules.js';
import { cronProblem, parseDuration } from './config.schema.js';
import type { ConfigProblem, LoadedConfig } from './config.types.js';
import { tempDir } from '../../test/support/temp-dir.js';

function load(yaml: string): LoadedConfig {
  const cwd = tempDir('fedwatch-schema-');
  writeFileSync(join(cwd, 'fedwatch.yaml'), yaml);
  return loadConfig({ env: {}, cwd });
}

function problems(yaml: string): Omit<ConfigProblem, 'source'>[] {
  try {
    load(yaml);
  } catch (err) {
    if (err instanceof ConfigInvalidError) return err.problems.map(({ source: _source, ...rest }) => rest);
    throw err;
  }
  throw new Error('expected the configuration to be rejected');
}

const site = (extra: string) =>
  `openstack:\n  sites:\n    - name: s\n      authUrl: https://keystone.example.org/v3\n${extra}`;

describe('durations and cron expressions', () => {
  it('parses durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('5')).toBeNull();
    expect(parseDuration('m5')).toBeNull();
  });

  it('accepts 5 and 6 fields only', () => {
    expect(cronProblem('0 3 * * *')).toBeNull();
    expect(cronProblem('*/10 * * * * *')).toBeNull();
    expect(cronProblem('0 3 * *')).toMatch(/5 fields/);
    expect(cronProblem('0 0 3 * * * 2030')).toMatch(/5 fields/);
    expect(cronProblem('0 25 * * *')).toMatch(/hour/);
  });

  it('normalises shorthand and long schedules', () => {
    const { schedules } = load(
      'schedules:\n  a: 5m\n  b: "*/5 * * * *"\n  c: { cron: "0 3 * * *", timeout: 1h, enabled: "no" }\n  d: { every: 10s }\n',
    ).config;
    expect(schedules).toEqual({
      a: { intervalMs: 300_000, cron: null, timeoutMs: null, enabled: true },
      b: { intervalMs: null, cron: '*/5 * * * *', timeoutMs: null, enabled: true },
      c: { intervalMs: null, cron: '0 3 * * *', timeoutMs: 3_600_000, enabled: false },
      d: { intervalMs: 10_000, cron: null, timeoutMs: null, enabled: true },
    });
  });

  it('keeps the job\u2019s own trigger when an entry sets only enabled or timeout', () => {
    expect(load('schedules:\n  a: { enabled: false }\n  b: { timeout: 20m }\n').config.schedules).toEqual({
      a: { intervalMs: null, cron: null, timeoutMs: null, enabled: false },
      b: { intervalMs: null, cron: null, timeoutMs: 1_200_000, enabled: true },
    });
  });

  it('explains bad schedules at the right key', () => {
    expect(
      problems(
        'schedules:\n  a: soon\n  b: { every: 0s }\n  c: { every: 1m, cron: "* * * * *" }\n  d: 5\n  e: { evry: 1m }\n',
      ),
    ).toEqual([
      { path: 'schedules.a', value: '"soon"', message: expect.stringContaining('expected a duration') },
      { path: 'schedules.b.every', value: '"0s"', message: 'duration must be longer than 0' },
      { path: 'schedules.c.cron', value: '"* * * * *"', message: 'set either every or cron, not both' },
      { path: 'schedules.d', value: '5', message: expect.stringContaining('expected a duration, a cron') },
      { path: 'schedules.e.evry', message: 'unknown key' },
    ]);
  });
});

describe('sources', () => {
  it('fills OpenStack defaults and project-scoped password credentials', () => {
    const yaml = site(
      '      credential:\n        type: password\n        username: u\n        password: pw-1234\n        scope: { project: p1 }\n',
    );
    expect(load(`site: { name: SITE }\n${yaml}`).config.openstack.sites[0]).toEqual({
      name: 's',
      siteName: 'SITE',
      authUrl: 'https://keystone.example.org/v3',
      region: null,
      interface: 'public',
      caBundle: null,
      credential: {
        type: 'password',
        username: 'u',
        password: 'pw-1234',
        userDomain: 'Default',
        scope: { project: 'p1', projectDomain: 'Default' },
      },
      vos: [],
      projects: { select: 'all', ids: [], tag: 'caso' },
      voProperty: 'VO',
      voMap: {},
      timeoutSeconds: 30,
      maxConcurrency: 8,
    });
  });

  it('checks credentials, names and selections', () => {
    const yaml = site(
      [
        '      projects: { select: ids }',
        '      vos:',
        '        - { name: vo, project: p, credential: { type: token } }',
        '        - { name: vo, project: q, credential: { type: applicationCredential, id: i, secret: a, secretFile: b } }',
        '    - name: s',
        '      authUrl: https://keystone.example.org/v3',
        '      vos: [{ name: vo2, project: p, credential: { type: applicationCredential, id: i } }]',
        '',
      ].join('\n'),
    );
    expect(problems(yaml)).toEqual([
      {
        path: 'openstack.sites[0].vos[0].credential.type',
        value: '"token"',
        message: expect.stringContaining('password'),
      },
      {
        path: 'openstack.sites[0].vos[1].credential.secret',
        value: '***',
        message: 'set either secret or secretFile, not both',
      },
      { path: 'openstack.sites[0].vos[1].name', value: '"vo"', message: 'duplicate name (also used by [0])' },
      { path: 'openstack.sites[0].projects.ids', message: 'required with select: ids' },
      { path: 'openstack.sites[1].vos[0].credential.secret', message: 'required: set secret or secretFile' },
      { path: 'openstack.sites[1].name', value: '"s"', message: 'duplicate name (also used by [0])' },
    ]);
  });

  it('requires exactly one of kubeconfig and inCluster', () => {
    const yaml =
      'kubernetes:\n  clusters:\n    - { name: a }\n    - { name: b, kubeconfig: k, inCluster: true }\n    - { name: c, inCluster: true, context: x }\n';
    expect(problems(yaml).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'kubernetes.clusters[0].kubeconfig: required: set kubeconfig or inCluster: true',
      'kubernetes.clusters[1].kubeconfig: set either kubeconfig or inCluster: true, not both',
      'kubernetes.clusters[2].context: context selects a kubeconfig context; set kubeconfig',
    ]);
  });

  it('validates URLs, ports and cross-section rules', () => {
    const yaml = [
      'httpPort: 9000',
      'metricsPort: 9000',
      'database: { url: "mysql://u:dbSecret99@db/x" }',
      'federation: { amqp: { url: "amqp://mq" }, signing: { certificate: /c.pem } }',
      'rancher: { servers: [{ name: r, url: "rancher.example.org", token: "ext/kc:abc" }] }',
      '',
    ].join('\n');
    expect(problems(yaml)).toEqual([
      {
        path: 'database.url',
        value: '"mysql://u:***@db/x"',
        message: 'expected a PostgreSQL URL (postgres:// or postgresql://…)',
      },
      {
        path: 'rancher.servers[0].url',
        value: '"rancher.example.org"',
        message: 'expected an HTTP URL (http:// or https://…)',
      },
      { path: 'metricsPort', value: '9000', message: 'same port as httpPort' },
      { path: 'federation.signing.key', message: 'signing needs both certificate and key' },
    ]);
  });
});

describe('discovery', () => {
  it('reads the GOCDB URL from the environment too, and keeps outputDir inside dataDir', () => {
    const cwd = tempDir('fedwatch-schema-');
    const env = { FEDWATCH_DISCOVERY__GOCDB_URL: 'https://goc.example.org/gocdbpi/public/' };
    expect(loadConfig({ env, cwd }).config.discovery.gocdbUrl).toBe(
      'https://goc.example.org/gocdbpi/public/',
    );
    const yaml =
      'discovery: { gocdbUrl: "goc.egi.eu", validitySeconds: 10, flavorSelection: some, outputDir: "../out" }\n';
    expect(problems(yaml).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'discovery.gocdbUrl: expected an HTTP URL (http:// or https://…)',
      expect.stringMatching(/^discovery\.validitySeconds: /),
      expect.stringMatching(/^discovery\.flavorSelection: .*public/),
      'discovery.outputDir: must be a path inside dataDir (relative, without ..)',
    ]);
  });
});

describe('isLoopback', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    'localhost',
    'LOCALHOST',
  ])('%s is loopback', (host) => expect(isLoopback(host)).toBe(true));
  it.each(['0.0.0.0', '::', '10.0.0.1', 'fedwatch.example.org', '128.0.0.1'])('%s is not', (host) =>
    expect(isLoopback(host)).toBe(false),
  );
});

import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigInvalidError } from './config.errors.js';
import { loadConfig } from './config.loader.js';
import type { ConfigProblem } from './config.types.js';
import { tempDir } from '../../test/support/temp-dir.js';

function workspace(files: Record<string, string> = {}): string {
  const dir = tempDir('fedwatch-config-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

function loadError(opts: Parameters<typeof loadConfig>[0]): ConfigInvalidError {
  try {
    loadConfig(opts);
  } catch (err) {
    if (err instanceof ConfigInvalidError) return err;
    throw err;
  }
  throw new Error('expected the configuration to be rejected');
}

const at = (problems: ConfigProblem[], path: string) => problems.find((p) => p.path === path);

describe('loadConfig problems', () => {
  it('reports every problem at once with path, line, masked value and no secret', () => {
    const secret = 'Sup3r-Secret-Pa55word';
    const yaml = [
      'httpPort: "eighty"', // 1: wrong type
      'colour: blue', // 2: unknown key
      'database:',
      `  url: postgres://fedwatch:${secret}@db:5432/fedwatch`, // 4: fine, but holds a password
      'openstack:',
      '  sites:',
      '    - name: one', // 7: neither credential nor vos
      '      authUrl: ftp://keystone.example.org', // 8: bad scheme
      '    - name: two',
      '      authUrl: https://keystone.example.org/v3',
      '      credential:',
      '        type: password',
      '        username: admin',
      `        password: ${secret}`,
      '        scope: { system: everything }', // 15: bad scope
      'schedules:',
      '  accounting: 61 * * * *', // 17: bad cron
    ].join('\n');
    const cwd = workspace({ 'fedwatch.yaml': yaml });
    const err = loadError({
      env: { FEDWATCH_LOGGING__LEVEL: 'loud', AMQP_URL: `http://u:${secret}@mq` },
      cwd,
    });
    const p = err.problems;
    expect(at(p, 'httpPort')).toEqual({
      path: 'httpPort',
      message: 'expected a port number',
      value: '"eighty"',
      source: 'fedwatch.yaml:1',
    });
    expect(at(p, 'colour')).toEqual({ path: 'colour', message: 'unknown key', source: 'fedwatch.yaml:2' });
    expect(at(p, 'openstack.sites[0].credential')).toMatchObject({
      message: expect.stringContaining('required'),
      source: 'fedwatch.yaml:7',
    });
    expect(at(p, 'openstack.sites[0].authUrl')).toMatchObject({
      value: '"ftp://keystone.example.org"',
      source: 'fedwatch.yaml:8',
    });
    expect(at(p, 'openstack.sites[1].credential.scope')).toMatchObject({ source: 'fedwatch.yaml:15' });
    expect(at(p, 'schedules.accounting')).toMatchObject({
      message: expect.stringContaining('minute'),
      source: 'fedwatch.yaml:17',
    });
    expect(at(p, 'logging.level')).toMatchObject({ value: '"loud"', source: 'env FEDWATCH_LOGGING__LEVEL' });
    expect(at(p, 'federation.amqp.url')).toMatchObject({
      value: '"http://u:***@mq"',
      source: 'env AMQP_URL',
    });
    expect(p).toHaveLength(8);

    const report = err.format();
    expect(report).toContain('  httpPort: expected a port number (value: "eighty", from fedwatch.yaml:1)');
    expect(report).not.toContain(secret);
    expect(err.message).not.toContain(secret);
    expect(JSON.stringify(err.toJSON())).not.toContain(secret);
    expect(err.code).toBe('CONFIG_INVALID');
  });

  it('masks values of secret keys even when they are what is wrong', () => {
    const cwd = workspace({
      'fedwatch.yaml':
        'rancher:\n  servers:\n    - name: r\n      url: https://r.example.org\n      token: hunter2-not-a-token\n',
    });
    const err = loadError({ env: {}, cwd });
    expect(err.problems).toEqual([
      {
        path: 'rancher.servers[0].token',
        message: expect.stringContaining('Rancher API token'),
        value: '***',
        source: 'fedwatch.yaml:5',
      },
    ]);
    expect(err.format()).not.toContain('hunter2');
  });

  it('reports an unreadable *File at its key', () => {
    const cwd = workspace({
      'fedwatch.yaml': 'api:\n  tokens:\n    - name: a\n      role: read\n      tokenFile: missing\n',
    });
    expect(loadError({ env: {}, cwd }).problems).toEqual([
      expect.objectContaining({
        path: 'api.tokens[0].tokenFile',
        message: expect.stringContaining('no such file'),
        source: 'fedwatch.yaml:5',
      }),
    ]);
  });

  it('reports malformed YAML with its line and column, and a missing named file', () => {
    const cwd = workspace({ 'fedwatch.yaml': 'site:\n  name: x\n  gocdbId: [1, 2\nhttpPort: 1\n' });
    const [problem] = loadError({ env: {}, cwd }).problems;
    expect(problem?.message).toMatch(/^malformed YAML at line \d+, column \d+/);
    expect(problem?.source).toMatch(/^fedwatch\.yaml:\d+$/);

    const missing = loadError({ env: { FEDWATCH_CONFIG: 'nope.yaml' }, cwd });
    expect(missing.problems).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('no such file'),
        source: 'env FEDWATCH_CONFIG',
      }),
    ]);
  });

  it('refuses a non-loopback httpHost without API tokens', () => {
    const cwd = workspace();
    const err = loadError({ env: { FEDWATCH_HTTP_HOST: '0.0.0.0' }, cwd });
    expect(err.problems).toEqual([
      {
        path: 'httpHost',
        message: expect.stringContaining('refusing to listen on a non-loopback address without API tokens'),
        value: '"0.0.0.0"',
        source: 'env FEDWATCH_HTTP_HOST',
      },
    ]);
    for (const host of ['127.0.0.2', '::1', '[::1]', 'localhost']) {
      expect(loadConfig({ env: { FEDWATCH_HTTP_HOST: host }, cwd }).config.httpHost).toBe(host);
    }
    const open = loadConfig({ env: { FEDWATCH_HTTP_HOST: '0.0.0.0', FEDWATCH_API__AUTH: 'none' }, cwd });
    expect(open.warnings).toEqual(expect.arrayContaining([expect.stringContaining('api.auth is none')]));
  });
});

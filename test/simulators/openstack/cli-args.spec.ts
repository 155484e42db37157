import { describe, expect, it } from '@jest/globals';
import { parseCli, parseFail } from './cli-args.js';

describe('simulator command line', () => {
  it('parses options into simulator options', () => {
    const cli = parseCli([
      '--port',
      '5000',
      '--seed',
      'demo',
      '--servers',
      '10',
      '--tls',
      '--now',
      '2026-11-26T12:00:00Z',
    ]);
    expect(cli.start).toMatchObject({ port: 5000, seed: 'demo', servers: 10, tls: true });
    expect(cli.start.now?.toISOString()).toBe('2026-11-26T12:00:00.000Z');
    expect(parseCli(['--seed', '42']).start.seed).toBe(42);
    expect(() => parseCli(['--servers', 'many'])).toThrow('--servers');
    expect(() => parseCli(['--now', 'soon'])).toThrow('--now');
  });

  it('passes --gocdb, --malformed-flavor and --site-name to the simulator', () => {
    const cli = parseCli([
      '--gocdb',
      '--malformed-flavor',
      '--site-name',
      'SIM-X',
      '--write-config',
      'f.yaml',
    ]);
    expect(cli.start).toMatchObject({ gocdb: true, malformedFlavor: true, siteName: 'SIM-X' });
    expect(cli).toMatchObject({ siteName: 'SIM-X', writeConfig: 'f.yaml' });
    expect(parseCli([]).start.gocdb).toBeUndefined();
  });

  it('parses --fail as a count or a percentage', () => {
    expect(parseFail('/servers/detail:503:3')).toEqual({ pattern: '/servers/detail', status: 503, times: 3 });
    expect(parseFail('os-simple-tenant-usage:500:10%')).toEqual({
      pattern: 'os-simple-tenant-usage',
      status: 500,
      rate: 0.1,
    });
    expect(() => parseFail('servers:ok:3')).toThrow('--fail');
  });
});

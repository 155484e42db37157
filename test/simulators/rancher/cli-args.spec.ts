import { describe, expect, it } from '@jest/globals';
import { parseCli, parseFail } from './cli-args.js';

describe('rancher simulator command line', () => {
  it('parses options into simulator options', () => {
    const cli = parseCli(['--port', '5000', '--seed', 'demo', '--clusters', '12', '--nodes', '4', '--tls']);
    expect(cli.start).toMatchObject({ port: 5000, seed: 'demo', clusters: 12, nodes: 4, tls: true });
    expect(cli.start.nodePools).toBeUndefined();
    expect(parseCli(['--seed', '42', '--no-node-pools']).start).toMatchObject({ seed: 42, nodePools: false });
    expect(parseCli(['--write-config', 'f.yaml', '--name', 'r1'])).toMatchObject({
      writeConfig: 'f.yaml',
      name: 'r1',
    });
    expect(() => parseCli(['--clusters', 'many'])).toThrow('--clusters');
    expect(() => parseCli(['--bogus'])).toThrow();
  });

  it('parses --fail as a count or a percentage', () => {
    expect(parseFail('/v3/clusters:503:3')).toEqual({ pattern: '/v3/clusters', status: 503, times: 3 });
    expect(parseFail('/v3/nodes:500:10%')).toEqual({ pattern: '/v3/nodes', status: 500, rate: 0.1 });
    expect(() => parseFail('nodes:ok:3')).toThrow('--fail');
  });
});

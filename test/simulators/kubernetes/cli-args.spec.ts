import { describe, expect, it } from '@jest/globals';
import { parseCli, parseFail } from './cli-args.js';

describe('kubernetes simulator command line', () => {
  it('parses options into simulator options', () => {
    const cli = parseCli([
      '--port',
      '6443',
      '--seed',
      'demo',
      '--nodes',
      '5000',
      '--pods',
      '150000',
      '--churn',
      '100',
      '--tls',
      '--no-metrics',
    ]);
    expect(cli.start).toMatchObject({
      port: 6443,
      seed: 'demo',
      nodes: 5000,
      pods: 150000,
      churn: 100,
      tls: true,
      metrics: false,
    });
    expect(parseCli(['--seed', '42']).start.seed).toBe(42);
    expect(parseCli([]).start.metrics).toBeUndefined();
    expect(() => parseCli(['--pods', 'many'])).toThrow('--pods');
    expect(() => parseCli(['--watch-gone', 'maybe'])).toThrow('--watch-gone');
    expect(() => parseCli(['--now', 'soon'])).toThrow('--now');
  });

  it('parses --fail as a count or a percentage', () => {
    expect(parseFail('/api/v1/pods:503:3')).toEqual({ pattern: '/api/v1/pods', status: 503, times: 3 });
    expect(parseFail('watch=1:500:10%')).toEqual({ pattern: 'watch=1', status: 500, rate: 0.1 });
    expect(() => parseFail('pods:ok:3')).toThrow('--fail');
  });
});

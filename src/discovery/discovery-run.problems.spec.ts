import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { discoveryBed, metricValue, minutes, site, T0 } from '../../test/support/discovery-unit-bed.js';
import { glueInput } from './glue/__golden__/glue-input.fixture.js';

type Spy = { mock: { calls: unknown[][] } };
let warn: Spy;
let log: Spy;
beforeEach(() => {
  warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
});

const msgOf = (call: unknown[]) => (call[0] as { msg?: string }).msg ?? '';
const problemLogs = () => warn.mock.calls.filter((call) => /discovery problem/.test(msgOf(call)));

describe('DiscoveryRunService: problems', () => {
  it('keeps collector warnings and builder problems with the document and logs them once per change', async () => {
    const gocdb = {
      site: 'example',
      subject: 'gocdb',
      message: 'GOCDB at goc.example.org answered HTTP 503',
    };
    const bed = discoveryBed({ warnings: [gocdb] });
    await bed.service.run(T0);
    await bed.service.run(minutes(30));
    expect(problemLogs()).toHaveLength(1);
    const [fields] = problemLogs()[0] as [{ endpoint: string; problems: unknown[] }];
    expect(fields.endpoint).toBe('example');
    const problems = (await bed.store.states())[0].problems;
    expect(problems).toEqual([
      { source: 'collector', subject: 'gocdb', message: gocdb.message },
      {
        source: 'builder',
        subject: 'share vo.broken.example.org: project',
        message: expect.stringContaining('not read'),
      },
    ]);
    expect(fields.problems).toEqual(problems);

    bed.collector.warnings = [];
    await bed.service.run(minutes(60));
    await bed.service.run(minutes(90));
    expect(problemLogs()).toHaveLength(2);
    expect((await bed.store.states())[0].problems).toHaveLength(1);

    bed.collector.inputs[0].shares = bed.collector.inputs[0].shares.filter((s) => !s.error);
    await bed.service.run(minutes(120));
    expect(problemLogs()).toHaveLength(2);
    expect(log.mock.calls.filter((call) => msgOf(call) === 'discovery problems resolved')).toHaveLength(1);
    expect((await bed.store.states())[0].problems).toEqual([]);
  });

  it('builds each endpoint on its own, with its own warnings, named as configured', async () => {
    const other = {
      ...glueInput(),
      endpoint: { ...glueInput().endpoint, url: 'https://keystone.b.example.org/v3' },
    };
    const bed = discoveryBed({
      inputs: [glueInput(), other],
      sites: [site('cloud-a'), site('cloud-b', 'https://keystone.b.example.org/v3', 'SITE-B')],
      warnings: [{ site: 'cloud-b', subject: 'issuerCa', message: 'handshake failed' }],
    });
    other.endpoint.novaVersion = { version: 3 } as never;
    const result = await bed.service.run(T0);
    expect(result.endpoints.map((e) => [e.endpoint, e.status])).toEqual([
      ['cloud-a', 'published'],
      ['cloud-b', 'failed'],
    ]);
    const states = await bed.store.states();
    expect(
      states.map((s) => [s.endpoint, s.problems.filter((p) => p.source === 'collector').length]),
    ).toEqual([
      ['cloud-a', 0],
      ['cloud-b', 1],
    ]);
    expect(await metricValue(bed.registry, 'fedwatch_discovery_shares', { endpoint: 'cloud-a' })).toBe(2);
    expect(await metricValue(bed.registry, 'fedwatch_discovery_images', { endpoint: 'cloud-a' })).toBe(5);
    expect(
      await metricValue(bed.registry, 'fedwatch_discovery_instance_types', { endpoint: 'cloud-a' }),
    ).toBe(5);
    expect(
      await metricValue(bed.registry, 'fedwatch_discovery_last_published_timestamp_seconds', {
        endpoint: 'cloud-a',
      }),
    ).toBe(T0.getTime() / 1000);
    // Not built: no series rather than a misleading 0.
    expect(
      await metricValue(bed.registry, 'fedwatch_discovery_shares', { endpoint: 'cloud-b' }),
    ).toBeUndefined();
  });

  it('stops between endpoints when the job is aborted', async () => {
    const bed = discoveryBed({
      inputs: [glueInput(), glueInput()],
      sites: [site('cloud-a'), site('cloud-b')],
    });
    const abort = new AbortController();
    abort.abort();
    expect(await bed.service.run(T0, abort.signal)).toEqual({ endpoints: [] });
  });
});

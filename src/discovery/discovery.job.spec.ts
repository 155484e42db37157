import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { JobRegistry } from '../scheduler/job-registry.service.js';
import type { JobResult } from '../scheduler/job.types.js';
import { discoveryBed, site } from '../../test/support/discovery-unit-bed.js';
import { DiscoveryJob } from './discovery.job.js';
import { glueInput } from './glue/__golden__/glue-input.fixture.js';

beforeEach(() => {
  for (const level of ['log', 'warn', 'error'] as const)
    jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
});

function registered(bed: ReturnType<typeof discoveryBed>): {
  registry: JobRegistry;
  run: () => Promise<JobResult>;
} {
  const registry = new JobRegistry({ schedules: {} });
  new DiscoveryJob(registry, bed.service, bed.config).onModuleInit();
  const run = () =>
    registry.get('discovery').handler({ signal: new AbortController().signal, jobId: 'discovery' });
  return { registry, run };
}

describe('DiscoveryJob', () => {
  it('registers `discovery`, every 30 minutes by default', () => {
    const { registry } = registered(discoveryBed());
    expect(registry.schedule('discovery')).toMatchObject({
      trigger: { kind: 'interval', intervalMs: 1_800_000 },
      source: 'default',
    });
  });

  it('succeeds with what it published, then with what stayed unchanged', async () => {
    const { run } = registered(discoveryBed());
    expect(await run()).toEqual({
      status: 'succeeded',
      details: { endpoints: 1, published: 1, unchanged: 0, failed: 0 },
    });
    expect((await run()).details).toEqual({ endpoints: 1, published: 0, unchanged: 1, failed: 0 });
  });

  it('fails naming each failed endpoint and why, after building the others', async () => {
    const broken = glueInput();
    broken.endpoint.trustedCa = [1 as never];
    const bed = discoveryBed({ inputs: [glueInput(), broken], sites: [site('a'), site('b')] });
    const result = await registered(bed).run();
    expect(result).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /^b: the document does not validate .*\$\.CloudComputingEndpoint\[0\]\.TrustedCA\[0\]/,
      ),
      details: { endpoints: 2, published: 1, failed: 1 },
    });
  });

  it('is skipped without OpenStack endpoints, and fails when the inputs cannot be collected', async () => {
    expect(await registered(discoveryBed({ inputs: [], sites: [] })).run()).toMatchObject({
      status: 'skipped',
    });
    const bed = discoveryBed();
    bed.collector.failure = new Error('boom');
    expect(await registered(bed).run()).toMatchObject({ status: 'failed', reason: 'boom' });
  });
});

import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { messageIdOf } from '../publishing/message-id.js';
import {
  discoveryBed,
  metricValue,
  minutes,
  T0,
  type DiscoveryUnitBed,
} from '../../test/support/discovery-unit-bed.js';
import { etagOf } from './etag.js';
import type { GlueShareRead } from './glue/index.js';
import { validateGlueDocument } from './glue/index.js';

let bed: DiscoveryUnitBed;
beforeEach(() => {
  jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  bed = discoveryBed();
});

const firstShare = () => bed.collector.inputs[0].shares[0] as GlueShareRead;

describe('DiscoveryRunService: what is published', () => {
  it('publishes the first valid document as discovery.glue21 and stores it as the latest and the published one', async () => {
    const result = await bed.service.run(T0);
    expect(result).toEqual({ endpoints: [{ endpoint: 'example', status: 'published', why: 'first' }] });
    expect(bed.store.outbox).toHaveLength(1);
    const [message] = bed.store.outbox;
    expect(message).toMatchObject({
      kind: 'discovery.glue21',
      contentType: 'application/json',
      recordCount: 1,
      site: 'EXAMPLE-SITE',
    });
    expect(validateGlueDocument(JSON.parse(message.body))).toEqual({ valid: true });
    expect(JSON.parse(message.body).CloudComputingService[0].CreationTime).toBe(
      '2026-11-26T13:48:06.090000+00:00',
    );
    const document = await bed.store.document('example');
    expect(document).toEqual({
      endpoint: 'example',
      siteName: 'EXAMPLE-SITE',
      body: message.body,
      etag: etagOf(message.body),
      builtAt: T0,
    });
    const [state] = await bed.store.states();
    expect(state).toMatchObject({
      publishedBuiltAt: T0,
      publishedAt: T0,
      publishedMessageId: messageIdOf(message.body),
      counts: { shares: 2, instanceTypes: 5, images: 5, accelerators: 1 },
      failure: null,
    });
    expect(bed.output.files.get('example')).toBe(message.body);
  });

  it('does not republish a document that differs only in its timestamps, but keeps it as the latest', async () => {
    await bed.service.run(T0);
    const result = await bed.service.run(minutes(30));
    expect(result.endpoints).toEqual([{ endpoint: 'example', status: 'unchanged' }]);
    expect(bed.store.outbox).toHaveLength(1);
    const latest = (await bed.store.document('example'))!;
    expect(latest.builtAt).toEqual(minutes(30));
    expect(latest.body).not.toBe(bed.store.outbox[0].body);
    expect(bed.output.files.get('example')).toBe(latest.body);
    expect((await bed.store.states())[0].publishedBuiltAt).toEqual(T0);
    expect(await metricValue(bed.registry, 'fedwatch_discovery_documents_built_total')).toBe(2);
    expect(await metricValue(bed.registry, 'fedwatch_discovery_documents_published_total')).toBe(1);
  });

  it('republishes a changed document at once', async () => {
    await bed.service.run(T0);
    firstShare().servers = firstShare().servers.slice(1);
    const result = await bed.service.run(minutes(30));
    expect(result.endpoints).toEqual([{ endpoint: 'example', status: 'published', why: 'changed' }]);
    expect(bed.store.outbox).toHaveLength(2);
    expect(JSON.parse(bed.store.outbox[1].body).Share[0].TotalVM).toBe(
      JSON.parse(bed.store.outbox[0].body).Share[0].TotalVM - 1,
    );
    // Unchanged from there on: compared with the last published one, not the first.
    await bed.service.run(minutes(60));
    expect(bed.store.outbox).toHaveLength(2);
  });

  it('republishes an unchanged document once half its validity (6 h of 12 h) has passed since the published one', async () => {
    await bed.service.run(T0);
    for (let m = 30; m < 360; m += 30) await bed.service.run(minutes(m));
    expect(bed.store.outbox).toHaveLength(1);
    const result = await bed.service.run(minutes(360));
    expect(result.endpoints).toEqual([{ endpoint: 'example', status: 'published', why: 'half-validity' }]);
    expect(bed.store.outbox).toHaveLength(2);
    // The clock starts again at the republished one.
    await bed.service.run(minutes(390));
    await bed.service.run(minutes(719));
    expect(bed.store.outbox).toHaveLength(2);
    await bed.service.run(minutes(720));
    expect(bed.store.outbox).toHaveLength(3);
  });

  it('takes half of the published document’s own Validity', async () => {
    bed.collector.inputs[0].validitySeconds = 3600;
    await bed.service.run(T0);
    await bed.service.run(minutes(29));
    expect(bed.store.outbox).toHaveLength(1);
    await bed.service.run(minutes(30));
    expect(bed.store.outbox).toHaveLength(2);
  });
});

describe('DiscoveryRunService: what is not published', () => {
  it('reports an invalid document with the JSON path, and neither stores, writes nor publishes it', async () => {
    await bed.service.run(T0);
    const published = await bed.store.document('example');
    bed.collector.inputs[0].endpoint.novaVersion = { id: 'v2.1', status: 'CURRENT', version: 2.93 } as never;
    const result = await bed.service.run(minutes(30));
    expect(result.endpoints).toEqual([
      {
        endpoint: 'example',
        status: 'failed',
        failure: 'invalid',
        error: expect.stringContaining('$.CloudComputingEndpoint[0].ImplementationVersion must be string'),
      },
    ]);
    expect(bed.store.outbox).toHaveLength(1);
    expect(await bed.store.document('example')).toEqual(published);
    expect(bed.output.files.get('example')).toBe(published!.body);
    const [state] = await bed.store.states();
    expect(state.failure).toEqual({
      at: minutes(30),
      reason: 'invalid',
      message: expect.stringContaining('not published'),
      errors: [{ path: '$.CloudComputingEndpoint[0].ImplementationVersion', message: 'must be string' }],
    });
    expect(
      await metricValue(bed.registry, 'fedwatch_discovery_build_failures_total', { reason: 'invalid' }),
    ).toBe(1);
    // Valid again: stored, published (it changed), and the failure cleared.
    bed.collector.inputs[0].endpoint.novaVersion = {
      id: 'v2.1',
      status: 'CURRENT',
      version: '2.94',
      min_version: '2.1',
    };
    expect((await bed.service.run(minutes(60))).endpoints[0]).toMatchObject({
      status: 'published',
      why: 'changed',
    });
    expect((await bed.store.states())[0].failure).toBeNull();
  });

  it('an invalid first document leaves no document to serve, only the failure', async () => {
    bed.collector.inputs[0].endpoint.trustedCa = [5 as never];
    await bed.service.run(T0);
    expect(await bed.store.document('example')).toBeNull();
    expect(bed.store.outbox).toEqual([]);
    await expect(bed.reader.document()).rejects.toThrow(
      /no GLUE document has been built for endpoint example yet.*TrustedCA\[0\]/,
    );
  });

  it('a failed transaction stores and queues nothing and writes no file', async () => {
    bed.store.failNext = new Error('connection terminated');
    const result = await bed.service.run(T0);
    expect(result.endpoints[0]).toMatchObject({ status: 'failed', failure: 'store' });
    expect(result.endpoints[0].error).toContain('connection terminated');
    expect(bed.store.outbox).toEqual([]);
    expect(await bed.store.document('example')).toBeNull();
    expect(bed.output.files.size).toBe(0);
    expect((await bed.store.states())[0].failure?.reason).toBe('store');
  });

  it('a file that cannot be written fails the endpoint, though the document is stored and queued', async () => {
    bed.output.failure = new Error('EROFS: read-only file system');
    const result = await bed.service.run(T0);
    expect(result.endpoints[0]).toMatchObject({ status: 'failed', failure: 'output' });
    expect(bed.store.outbox).toHaveLength(1);
    expect(await bed.store.document('example')).not.toBeNull();
    expect(
      await metricValue(bed.registry, 'fedwatch_discovery_build_failures_total', { reason: 'output' }),
    ).toBe(1);
  });

  it('a collector that throws builds nothing', async () => {
    bed.collector.failure = new Error('unexpected');
    expect(await bed.service.run(T0)).toEqual({ endpoints: [], error: 'unexpected' });
    expect(
      await metricValue(bed.registry, 'fedwatch_discovery_build_failures_total', { reason: 'collect' }),
    ).toBe(1);
    expect(
      await metricValue(bed.registry, 'fedwatch_discovery_build_failures_total', { reason: 'store' }),
    ).toBe(0);
  });
});

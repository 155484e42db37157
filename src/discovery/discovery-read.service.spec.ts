import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ErrorCode } from '../common/errors/index.js';
import { discoveryBed, site, T0 } from '../../test/support/discovery-unit-bed.js';
import { glueInput } from './glue/__golden__/glue-input.fixture.js';

beforeEach(() => {
  for (const level of ['log', 'warn', 'error'] as const)
    jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
});

describe('DiscoveryReadService', () => {
  it('serves the only endpoint without a name, and says how to build one before the first build', async () => {
    const bed = discoveryBed();
    await expect(bed.reader.document()).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
      message: expect.stringMatching(
        /^no GLUE document has been built for endpoint example yet .*fedwatch jobs run discovery/,
      ),
    });
    await bed.service.run(T0);
    expect((await bed.reader.document()).body).toBe(bed.output.files.get('example'));
    expect((await bed.reader.document('example')).endpoint).toBe('example');
  });

  it('needs a name with several endpoints, and only serves configured ones', async () => {
    const bed = discoveryBed({ inputs: [glueInput(), glueInput()], sites: [site('a'), site('b')] });
    await bed.service.run(T0);
    await expect(bed.reader.document()).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
      message:
        '2 OpenStack endpoints are configured (a, b): choose one with endpoint=<name> (CLI: --endpoint <name>)',
    });
    expect((await bed.reader.document('b')).endpoint).toBe('b');
    await expect(bed.reader.document('c')).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
      message: 'no OpenStack endpoint named c is configured (configured: a, b)',
    });
  });

  it('lists every configured endpoint in order, built or not', async () => {
    const bed = discoveryBed({
      inputs: [glueInput()],
      sites: [site('a'), site('never', 'https://never.example.org/v3', 'OTHER')],
    });
    await bed.service.run(T0);
    const status = await bed.reader.status();
    expect(status.map((s) => [s.endpoint, s.siteName, s.builtAt])).toEqual([
      ['a', 'EXAMPLE-SITE', T0],
      ['never', 'OTHER', null],
    ]);
    expect(status[1]).toMatchObject({
      endpointUrl: 'https://never.example.org/v3',
      counts: null,
      problems: [],
    });
  });

  it('with no endpoint configured there is nothing to serve', async () => {
    const bed = discoveryBed({ inputs: [], sites: [] });
    expect(await bed.reader.status()).toEqual([]);
    await expect(bed.reader.document()).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
  });
});

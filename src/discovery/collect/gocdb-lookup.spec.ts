import { describe, expect, it } from '@jest/globals';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { GocdbLookup, NOT_REGISTERED } from './gocdb-lookup.js';
import { GocdbClient } from './gocdb.client.js';
import type { GocdbServiceEndpoint } from './gocdb-xml.js';

const E = 'https://keystone.example.org:5000/v3';
const T0 = new Date('2026-11-26T12:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** A GOCDB that answers what `registrations` holds, or fails while `down` is set. */
class FakeGocdbClient extends GocdbClient {
  calls: string[] = [];
  down: Error | null = null;
  constructor(public registrations: GocdbServiceEndpoint[]) {
    super();
  }
  async listServiceEndpoints(serviceType: string): Promise<GocdbServiceEndpoint[]> {
    this.calls.push(serviceType);
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (this.down) throw this.down;
    return structuredClone(this.registrations);
  }
}

const registered = (primaryKey: string): GocdbServiceEndpoint => ({
  primaryKey,
  siteName: 'EXAMPLE-SITE',
  url: `${E}/`,
  endpointUrls: [],
});

describe('GocdbLookup', () => {
  it('finds the id of a registered Keystone URL and asks GOCDB for org.openstack.nova', async () => {
    const client = new FakeGocdbClient([registered('1234G0')]);
    const lookup = new GocdbLookup(client, 3600);
    expect(await lookup.find(E, T0)).toEqual({ gocdbId: '1234G0', siteName: 'EXAMPLE-SITE', warnings: [] });
    expect(client.calls).toEqual(['org.openstack.nova']);
  });

  it('reuses one answer for cacheSeconds, for every site and for concurrent look-ups', async () => {
    const client = new FakeGocdbClient([registered('1234G0')]);
    const lookup = new GocdbLookup(client, 3600);
    await Promise.all([lookup.find(E, T0), lookup.find('https://other.example.org/v3', T0)]);
    await lookup.find(E, later(3599));
    expect(client.calls).toHaveLength(1);
    client.registrations = [registered('5678G0')];
    expect((await lookup.find(E, later(3600))).gocdbId).toBe('5678G0');
    expect(client.calls).toHaveLength(2);
  });

  it('keeps the last known id when GOCDB fails, and says so', async () => {
    const client = new FakeGocdbClient([registered('1234G0')]);
    const lookup = new GocdbLookup(client, 0);
    await lookup.find(E, T0);
    client.down = new FedwatchError(ErrorCode.SOURCE_UNREACHABLE, 'GOCDB at goc.egi.eu answered HTTP 503');
    const found = await lookup.find(E, later(60));
    expect(found).toMatchObject({ gocdbId: '1234G0', siteName: 'EXAMPLE-SITE' });
    expect(found.warnings).toEqual([
      'GOCDB look-up failed (GOCDB at goc.egi.eu answered HTTP 503): keeping the last known id 1234G0',
    ]);
    expect(client.calls).toHaveLength(2);
  });

  it('has no id when GOCDB fails before any success', async () => {
    const client = new FakeGocdbClient([]);
    client.down = new Error('connect ECONNREFUSED');
    const found = await new GocdbLookup(client, 3600).find(E, T0);
    expect(found.gocdbId).toBeNull();
    expect(found.warnings).toEqual([
      'GOCDB look-up failed (connect ECONNREFUSED) and no id is known yet: the federation will drop this document',
    ]);
  });

  it('has no id when GOCDB answers but the URL is not registered, and forgets the last one', async () => {
    const client = new FakeGocdbClient([registered('1234G0')]);
    const lookup = new GocdbLookup(client, 0);
    await lookup.find(E, T0);
    client.registrations = [{ ...registered('1234G0'), url: 'https://keystone.example.org:5000/v2.0' }];
    expect(await lookup.find(E, later(1))).toEqual({
      gocdbId: null,
      siteName: null,
      warnings: [NOT_REGISTERED],
    });
    client.down = new Error('down');
    expect((await lookup.find(E, later(2))).gocdbId).toBeNull();
    expect(NOT_REGISTERED).toBe(
      'the federation will drop this document: the Keystone URL is not registered in GOCDB as org.openstack.nova',
    );
  });
});

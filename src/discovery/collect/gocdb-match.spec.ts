import { describe, expect, it } from '@jest/globals';
import { findRegistration, sameEndpointUrl } from './gocdb-match.js';
import type { GocdbServiceEndpoint } from './gocdb-xml.js';

const E = 'https://keystone.example.org:5000/v3';

describe('sameEndpointUrl (glue-cloud-info.md §3)', () => {
  it.each([
    ['the same URL', E],
    ['a trailing slash', `${E}/`],
    ['several trailing slashes', `${E}//`],
    ['upper-case scheme and host', 'HTTPS://Keystone.Example.ORG:5000/v3'],
    ['a query', `${E}?foo=bar`],
  ])('matches %s', (_, other) => expect(sameEndpointUrl(other, E)).toBe(true));

  it.each([
    ['another scheme', 'http://keystone.example.org:5000/v3'],
    ['another port', 'https://keystone.example.org:5001/v3'],
    ['no port', 'https://keystone.example.org/v3'],
    ['another host', 'https://keystone2.example.org:5000/v3'],
    ['another path', 'https://keystone.example.org:5000/v2.0'],
    ['a longer path', 'https://keystone.example.org:5000/identity/v3'],
    ['no path', 'https://keystone.example.org:5000'],
    ['a bare host name', 'keystone.example.org'],
    ['an empty text', ''],
  ])('does not match %s', (_, other) => expect(sameEndpointUrl(other, E)).toBe(false));

  it('treats a default port as written or left out alike', () => {
    expect(sameEndpointUrl('https://k.example.org:443/v3', 'https://k.example.org/v3/')).toBe(true);
    expect(sameEndpointUrl('http://k.example.org:80/v3', 'http://k.example.org/v3')).toBe(true);
    expect(sameEndpointUrl('http://k.example.org:443/v3', 'http://k.example.org/v3')).toBe(false);
  });

  it('ignores leading and trailing slashes of the path only, not inner ones', () => {
    expect(sameEndpointUrl('https://k.example.org/identity/v3/', 'https://k.example.org/identity/v3')).toBe(
      true,
    );
    expect(sameEndpointUrl('https://k.example.org/identity//v3', 'https://k.example.org/identity/v3')).toBe(
      false,
    );
    expect(sameEndpointUrl('https://k.example.org/', 'https://k.example.org')).toBe(true);
  });
});

describe('findRegistration', () => {
  const reg = (
    primaryKey: string,
    url: string | null,
    endpointUrls: string[] = [],
  ): GocdbServiceEndpoint => ({
    primaryKey,
    siteName: `SITE-${primaryKey}`,
    url,
    endpointUrls,
  });

  it('takes the first registration whose URL or one of its endpoint URLs matches', () => {
    const registrations = [
      reg('1G0', 'http://keystone.example.org:5000/v3'),
      reg('2G0', 'https://keystone.example.org:5000/v2.0', ['https://nova.example.org:8774/v2.1']),
      reg('3G0', null, ['https://nova.example.org', `${E}/`]),
      reg('4G0', E),
    ];
    expect(findRegistration(registrations, E)?.primaryKey).toBe('3G0');
    expect(findRegistration(registrations.slice(3), `${E}/`)?.primaryKey).toBe('4G0');
  });

  it('finds nothing when no registration matches', () => {
    expect(findRegistration([reg('1G0', 'https://other.example.org:5000/v3')], E)).toBeNull();
    expect(findRegistration([], E)).toBeNull();
  });
});

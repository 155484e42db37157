import { describe, expect, it } from '@jest/globals';
import { nextFromLinks, resolveNext } from './pagination.js';

describe('resolveNext', () => {
  const nova = new URL('https://cloud.example:8774/v2.1');

  it('sends absolute links to the catalog endpoint host, keeping path and query', () => {
    expect(resolveNext('http://10.0.0.5:8774/v2.1/servers/detail?limit=2&marker=x', nova).href).toBe(
      'https://cloud.example:8774/v2.1/servers/detail?limit=2&marker=x',
    );
  });

  it('joins Glance paths onto the endpoint, keeping a path prefix once', () => {
    const glance = new URL('https://cloud.example/image');
    expect(resolveNext('/v2/images?marker=a', glance).href).toBe(
      'https://cloud.example/image/v2/images?marker=a',
    );
    expect(resolveNext('/image/v2/images?marker=a', glance).href).toBe(
      'https://cloud.example/image/v2/images?marker=a',
    );
    expect(resolveNext('/v2/images?marker=a', new URL('https://img.example:9292')).href).toBe(
      'https://img.example:9292/v2/images?marker=a',
    );
  });
});

describe('nextFromLinks', () => {
  it('finds rel=next among other links', () => {
    expect(
      nextFromLinks([
        { rel: 'previous', href: 'p' },
        { rel: 'next', href: 'n' },
      ]),
    ).toBe('n');
    expect(nextFromLinks([{ rel: 'previous', href: 'p' }])).toBeUndefined();
    expect(nextFromLinks(undefined)).toBeUndefined();
    expect(nextFromLinks([{ rel: 'next', href: 3 }])).toBeUndefined();
  });
});

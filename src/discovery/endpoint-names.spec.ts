import { describe, expect, it } from '@jest/globals';
import type { OpenStackSite } from '../config/config.types.js';
import { documentFileName, endpointNames } from './endpoint-names.js';
import type { GlueBuildInput } from './glue/index.js';

const input = (url: string) => ({ endpoint: { url } }) as GlueBuildInput;
const site = (name: string, authUrl: string) => ({ name, authUrl }) as OpenStackSite;

describe('endpointNames', () => {
  it('names inputs by configuration position, confirmed by the Keystone URL', () => {
    const sites = [site('a', 'https://a/v3'), site('b', 'https://b/v3'), site('c', 'https://a/v3')];
    expect(
      endpointNames([input('https://a/v3'), input('https://b/v3'), input('https://a/v3')], sites),
    ).toEqual(['a', 'b', 'c']);
  });

  it('falls back to the URL when the positions do not pair', () => {
    const sites = [site('a', 'https://a/v3'), site('b', 'https://b/v3')];
    expect(endpointNames([input('https://b/v3'), input('https://x/v3')], sites)).toEqual([
      'b',
      'https://x/v3',
    ]);
  });
});

describe('documentFileName', () => {
  it('keeps plain names and makes any other name a file inside the output directory', () => {
    expect(documentFileName('cloud-a.prod_1')).toBe('cloud-a.prod_1.json');
    expect(documentFileName('../../etc/passwd')).toBe('___.._etc_passwd.json');
    expect(documentFileName('.hidden')).toBe('_hidden.json');
    expect(documentFileName('Zürich site')).toBe('Z_rich_site.json');
    expect(documentFileName('')).toBe('_.json');
  });
});

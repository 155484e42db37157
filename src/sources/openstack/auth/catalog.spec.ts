import { describe, expect, it } from '@jest/globals';
import { selectEndpoint, type CatalogService } from './catalog.js';

const catalog: CatalogService[] = [
  {
    type: 'compute',
    endpoints: [
      { interface: 'public', region_id: 'RegionOne', url: 'https://one.example/v2.1' },
      { interface: 'public', region_id: 'RegionTwo', url: 'https://two.example/v2.1' },
      { interface: 'internal', region_id: 'RegionOne', url: 'http://nova.internal/v2.1' },
    ],
  },
  {
    type: 'block-storage',
    endpoints: [{ interface: 'public', region: 'RegionOne', url: 'https://bs.example/v3' }],
  },
  {
    type: 'volumev3',
    endpoints: [{ interface: 'public', region_id: 'RegionOne', url: 'https://v3.example/v3/p' }],
  },
];

describe('selectEndpoint', () => {
  it('picks by service type, interface and region', () => {
    expect(selectEndpoint(catalog, 'compute', { interface: 'public', region: 'RegionTwo' })).toBe(
      'https://two.example/v2.1',
    );
    expect(selectEndpoint(catalog, 'compute', { interface: 'internal', region: null })).toBe(
      'http://nova.internal/v2.1',
    );
    expect(selectEndpoint(catalog, 'compute', { interface: 'public', region: null })).toBe(
      'https://one.example/v2.1',
    );
  });

  it('prefers volumev3 over block-storage and matches the legacy region field', () => {
    expect(selectEndpoint(catalog, 'volume', { interface: 'public', region: 'RegionOne' })).toBe(
      'https://v3.example/v3/p',
    );
    expect(
      selectEndpoint(
        catalog.filter((s) => s.type !== 'volumev3'),
        'volume',
        { interface: 'public', region: 'RegionOne' },
      ),
    ).toBe('https://bs.example/v3');
  });

  it('returns undefined when nothing matches', () => {
    expect(selectEndpoint(catalog, 'image', { interface: 'public', region: null })).toBeUndefined();
    expect(selectEndpoint(catalog, 'compute', { interface: 'admin', region: null })).toBeUndefined();
  });
});

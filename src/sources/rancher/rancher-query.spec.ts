import { describe, expect, it } from '@jest/globals';
import { apiRoot, listUrl, nextPageUrl } from './rancher-query.js';

describe('Rancher URLs', () => {
  it('appends /v3 to the server URL unless it is there', () => {
    expect(apiRoot('https://rancher.example.org').href).toBe('https://rancher.example.org/v3');
    expect(apiRoot('https://rancher.example.org/').href).toBe('https://rancher.example.org/v3');
    expect(apiRoot('https://rancher.example.org/v3/').href).toBe('https://rancher.example.org/v3');
    expect(apiRoot('https://example.org/rancher?x=1').href).toBe('https://example.org/rancher/v3');
  });

  it("sends the CLI's filters, in its order, plus the cluster when given", () => {
    const root = apiRoot('https://rancher.example.org');
    expect(listUrl(root, 'clusters', { limit: -1 }).search).toBe(
      '?limit=-1&removed_null=1&state_ne=inactive&state_ne=stopped&state_ne=removing&system=false',
    );
    const nodes = listUrl(root, 'nodes', { limit: 50, clusterId: 'c-m-7xk2p9qd' });
    expect(nodes.pathname).toBe('/v3/nodes');
    expect(nodes.searchParams.get('limit')).toBe('50');
    expect(nodes.searchParams.get('clusterId')).toBe('c-m-7xk2p9qd');
    expect(nodes.searchParams.getAll('state_ne')).toEqual(['inactive', 'stopped', 'removing']);
  });

  it('sends next pages to the configured origin only', () => {
    const root = apiRoot('https://rancher.example.org:8443');
    const next = nextPageUrl('http://10.43.0.5/v3/nodes?limit=2&marker=c-1%3Am-1', root);
    expect(next.href).toBe('https://rancher.example.org:8443/v3/nodes?limit=2&marker=c-1%3Am-1');
    expect(nextPageUrl('/v3/nodes?marker=x', root).href).toBe(
      'https://rancher.example.org:8443/v3/nodes?marker=x',
    );
  });
});

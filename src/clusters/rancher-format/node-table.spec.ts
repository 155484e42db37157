import { describe, expect, it } from '@jest/globals';
import type { V3Node, V3NodePool } from '../cluster.model.js';
import {
  NODES,
  NODES_RESPONSE,
  NODE_POOLS,
  NODE_POOL_RESPONSE,
  NODE_TABLE_LEGACY,
  NODE_TABLE_V215,
} from './__golden__/worked-example.fixture.js';
import {
  nodeName,
  nodePoolName,
  renderNodeJson,
  renderNodeTable,
  renderNodeYaml,
  renderNodes,
} from './node-table.js';

describe('rancher nodes, worked example (rancher-kubernetes §4)', () => {
  it('prints the legacy POOL layout exactly, trailing spaces included, from the §4 response bodies', () => {
    const nodes = (JSON.parse(NODES_RESPONSE) as { data: V3Node[] }).data;
    const pools = [JSON.parse(NODE_POOL_RESPONSE) as V3NodePool];
    expect(renderNodeTable(nodes, pools)).toBe(NODE_TABLE_LEGACY);
    expect(renderNodeTable(NODES, NODE_POOLS, { legacy: true })).toBe(NODE_TABLE_LEGACY);
    const [, row1, row2] = NODE_TABLE_LEGACY.split('\n');
    expect(row1.endsWith('active' + ' '.repeat(23))).toBe(true);
    expect(row2.endsWith('prod-worker-   ')).toBe(true);
  });

  it('has the legacy widths ID 29, NAME 16, STATE 14, POOL 15', () => {
    const header = NODE_TABLE_LEGACY.split('\n')[0];
    const starts = ['ID', 'NAME', 'STATE', 'POOL', 'DESCRIPTION'].map((h) => header.indexOf(h));
    expect(starts.slice(1).map((s, i) => s - starts[i])).toEqual([29, 16, 14, 15]);
  });

  it('prints the v2.15 layout without POOL', () => {
    expect(renderNodeTable(NODES, NODE_POOLS, { legacy: false })).toBe(NODE_TABLE_V215);
    expect(NODE_TABLE_V215.split('\n')[1].endsWith('active' + ' '.repeat(8))).toBe(true);
  });

  it('takes NAME from name, nodeName, requestedHostname, then id, and POOL from the hostname prefix', () => {
    expect(NODES.map(nodeName)).toEqual(['prod-cp-1', 'prod-worker-1', 'prod-worker-2']);
    expect(nodeName({ id: 'c:m', name: 'display', nodeName: 'k8s' })).toBe('display');
    expect(nodeName({ id: 'c:m' })).toBe('c:m');
    expect(NODES.map((n) => nodePoolName(n, NODE_POOLS))).toEqual(['', 'prod-worker-', 'prod-worker-']);
    expect(nodePoolName({ id: 'x', nodePoolId: 'c:np-gone' }, NODE_POOLS)).toBe('');
  });

  it('prints ids for -q and JSON Lines with ID, Node, Name, Pool', () => {
    expect(renderNodes(NODES, NODE_POOLS, 'quiet')).toBe(NODES.map((n) => `${n.id}\n`).join(''));
    const [first] = renderNodeJson(NODES, NODE_POOLS).split('\n');
    expect(first).toBe(
      '{"ID":"c-m-7xk2p9qd:machine-5h2xq","Node":{"id":"c-m-7xk2p9qd:machine-5h2xq","links":null,"actions":null,' +
        '"nodeName":"prod-cp-1","state":"active"},"Name":"prod-cp-1","Pool":""}',
    );
    expect(renderNodes(NODES, NODE_POOLS, 'json', { legacy: false }).split('\n')[0]).toBe(
      first.replace(',"Pool":""', ''),
    );
  });

  it('prints YAML documents with sorted keys', () => {
    expect(renderNodeYaml(NODES.slice(2), NODE_POOLS)).toBe(
      [
        'ID: c-m-7xk2p9qd:machine-w3n8d',
        'Name: prod-worker-2',
        'Node:',
        '  actions: null',
        '  description: spare capacity',
        '  id: c-m-7xk2p9qd:machine-w3n8d',
        '  links: null',
        '  nodePoolId: c-m-7xk2p9qd:np-4fx9w',
        '  requestedHostname: prod-worker-2',
        '  state: unavailable',
        'Pool: prod-worker-',
        '',
        '',
      ].join('\n'),
    );
    expect(renderNodes(NODES, NODE_POOLS, 'yaml', { legacy: false })).not.toContain('Pool:');
  });

  it('prints the header alone when the cluster has no nodes', () => {
    expect(renderNodeTable([], [])).toBe('ID        NAME      STATE     POOL      DESCRIPTION\n');
  });
});

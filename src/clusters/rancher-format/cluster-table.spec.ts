import { describe, expect, it } from '@jest/globals';
import type { V3Cluster } from '../cluster.model.js';
import {
  CLUSTERS,
  CLUSTERS_RESPONSE,
  CLUSTER_TABLE,
  CURRENT_PROJECT,
} from './__golden__/worked-example.fixture.js';
import {
  clusterRow,
  renderClusterJson,
  renderClusterQuiet,
  renderClusterTable,
  renderClusterYaml,
  renderClusters,
} from './cluster-table.js';
import { focusedCluster } from './resource-format.js';

const current = focusedCluster(CURRENT_PROJECT);

describe('rancher cluster, worked example (rancher-kubernetes §4)', () => {
  it('prints the exact table for the clusters parsed from the §4 response body', () => {
    const body = JSON.parse(CLUSTERS_RESPONSE) as { data: V3Cluster[] };
    expect(current).toBe('c-m-7xk2p9qd');
    expect(renderClusterTable(body.data, current)).toBe(CLUSTER_TABLE);
    expect(renderClusters(CLUSTERS, current)).toBe(CLUSTER_TABLE);
  });

  it('has the column widths the reference states, and no trailing spaces', () => {
    const [header] = CLUSTER_TABLE.split('\n');
    const starts = ['CURRENT', 'ID', 'STATE', 'NAME', 'PROVIDER', 'NODES', 'CPU', 'RAM', 'PODS'].map((h) =>
      header.indexOf(h),
    );
    const widths = starts.slice(1).map((s, i) => s - starts[i]);
    expect(widths).toEqual([10, 15, 11, 12, 11, 10, 12, 16]);
    expect(CLUSTER_TABLE.split('\n').every((line) => !line.endsWith(' '))).toBe(true);
  });

  it('computes every cell of §4', () => {
    const rows = CLUSTERS.map((c) => clusterRow(c, current));
    expect(rows.map((r) => [r.Current, r.ID, r.Name, r.Provider, r.Nodes, r.CPU, r.RAM, r.Pods])).toEqual([
      ['*', 'c-m-7xk2p9qd', 'prod-rke2', 'RKE2', 5, '3.58/40', '1.71/77.83 GB', '27/330'],
      ['', 'local', 'local', 'Unknown', 1, '1.33/4', '0.62/15.51 GB', '12/110'],
      ['', 'c-4kq8z', 'c-4kq8z', 'Imported', 3, '0.12/7.91', '0.12/15Gi GB', '/58'],
    ]);
  });

  it('prints the ids for -q', () => {
    expect(renderClusterQuiet(CLUSTERS)).toBe('c-m-7xk2p9qd\nlocal\nc-4kq8z\n');
    expect(renderClusters(CLUSTERS, current, 'quiet')).toBe('c-m-7xk2p9qd\nlocal\nc-4kq8z\n');
  });

  it('prints JSON Lines of the row struct in Go field order', () => {
    const lines = renderClusterJson(CLUSTERS, current).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[1]).toBe(
      '{"ID":"local","Current":"","Cluster":{"id":"local","type":"cluster","links":null,"actions":null,' +
        '"allocatable":{"cpu":"4","memory":"16265236Ki","pods":"110"},"driver":"local","internal":true,' +
        '"name":"local","nodeCount":1,"provider":"k3s","requested":{"cpu":"1325m","memory":"640Mi","pods":"12"},' +
        '"state":"active"},"Name":"local","Provider":"Unknown","Nodes":1,"CPU":"1.33/4","RAM":"0.62/15.51 GB","Pods":"12/110"}',
    );
    // The empty name is omitted from the cluster object (omitempty) but the row's Name is the id.
    expect(lines[2]).toContain('"driver":"imported","nodeCount":3,');
    expect(JSON.parse(lines[2])).toMatchObject({
      ID: 'c-4kq8z',
      Current: '',
      Name: 'c-4kq8z',
      Nodes: 3,
      Pods: '/58',
    });
  });

  it('prints one YAML document per cluster with sorted keys, each followed by an empty line', () => {
    const yaml = renderClusterYaml(CLUSTERS.slice(0, 1), current);
    expect(yaml).toBe(
      [
        'CPU: 3.58/40',
        'Cluster:',
        '  actions: null',
        '  allocatable:',
        '    cpu: "40"',
        '    memory: 81609472Ki',
        '    pods: "330"',
        '  driver: rke2',
        '  id: c-m-7xk2p9qd',
        '  links: null',
        '  name: prod-rke2',
        '  nodeCount: 5',
        '  provider: rke2',
        '  requested:',
        '    cpu: 3580m',
        '    memory: 1750Mi',
        '    pods: "27"',
        '  state: active',
        '  type: cluster',
        "Current: '*'",
        'ID: c-m-7xk2p9qd',
        'Name: prod-rke2',
        'Nodes: 5',
        'Pods: 27/330',
        'Provider: RKE2',
        'RAM: 1.71/77.83 GB',
        '',
        '',
      ].join('\n'),
    );
    const all = renderClusters(CLUSTERS, current, 'yaml');
    expect(all).not.toContain('---');
    expect(all.split('\n\n')).toHaveLength(4);
  });
});

describe('rancher cluster, other cases', () => {
  it('prints the header alone for no clusters, and nothing for -q/json/yaml', () => {
    expect(renderClusterTable([], null)).toBe(
      'CURRENT   ID        STATE     NAME      PROVIDER   NODES     CPU       RAM       PODS\n',
    );
    expect(renderClusters([], null, 'quiet')).toBe('');
    expect(renderClusters([], null, 'json')).toBe('');
    expect(renderClusters([], null, 'yaml')).toBe('');
  });

  it('prints Go empty strings for missing maps and keys, and 0 nodes when nodeCount is absent', () => {
    const row = clusterRow({ id: 'c-x' }, null);
    expect([row.Current, row.Name, row.Nodes, row.CPU, row.RAM, row.Pods]).toEqual([
      '',
      'c-x',
      0,
      '/',
      '/ GB',
      '/',
    ]);
    const table = renderClusterTable([{ id: 'c-x' }], 'c-x').split('\n')[1];
    // Every column at the 10-character minimum; the empty STATE cell is padded too.
    expect(table).toBe(
      '*         c-x       ' + ' '.repeat(10) + 'c-x       Unknown    0         /         / GB      /',
    );
  });

  it('marks no cluster current when there is no current cluster', () => {
    expect(renderClusterTable(CLUSTERS, null)).not.toContain('*');
  });

  it('pads an empty last-but-one cell and leaves the last cell unpadded', () => {
    const out = renderClusterTable([{ id: 'a', state: '', requested: { pods: '' } }], null);
    const line = out.split('\n')[1];
    expect(line.endsWith('/')).toBe(true);
    expect(line.length).toBe(out.split('\n')[0].indexOf('PODS') + 1);
  });

  it('counts widths in code points', () => {
    const out = renderClusterTable([{ id: 'c-1', name: 'クラスタ名前-テスト-😀' }], null);
    const [header, row] = out.split('\n');
    // 12 code points + 3 = 15 columns for NAME (UTF-16 would say 13 + 3); the row cell is padded alike.
    expect(header.indexOf('PROVIDER') - header.indexOf('NAME')).toBe(15);
    expect([...row].indexOf('U') - [...row].indexOf('ク')).toBe(15);
  });
});

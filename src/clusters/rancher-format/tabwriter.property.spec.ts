import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { V3Cluster, V3Node } from '../cluster.model.js';
import { clusterRow, renderClusterTable } from './cluster-table.js';
import { renderNodeTable } from './node-table.js';

/**
 * The tabwriter rules of rancher-kubernetes §1.6, checked on random listings: every cell but the
 * last is padded to its column width max(10, longest cell + 3) — also when empty — measured in code
 * points over all rows; the last cell is written as is.
 */
const text = fc.string({
  unit: fc.constantFrom('a', 'Z', '9', '-', ':', ' ', '/', 'é', 'ク', '😀'),
  maxLength: 24,
});

function checkLayout(out: string, cells: string[][]): boolean {
  const lines = out.split('\n');
  expect(lines.pop()).toBe('');
  expect(lines).toHaveLength(cells.length);
  const columns = cells[0].length - 1;
  const widths = Array.from({ length: columns }, (_, j) =>
    Math.max(10, ...cells.map((row) => [...row[j]].length + 3)),
  );
  lines.forEach((line, i) => {
    const chars = [...line];
    let at = 0;
    for (let j = 0; j < columns; j++) {
      const cell = [...cells[i][j]];
      expect(chars.slice(at, at + cell.length).join('')).toBe(cells[i][j]);
      expect(chars.slice(at + cell.length, at + widths[j]).every((c) => c === ' ')).toBe(true);
      at += widths[j];
    }
    expect(chars.slice(at).join('')).toBe(cells[i][columns]);
  });
  return true;
}

describe('tabwriter layout of the rancher tables (property)', () => {
  const cluster = fc.record({
    id: text,
    name: fc.option(text, { nil: undefined }),
    state: fc.option(text, { nil: undefined }),
    driver: fc.constantFrom('rke2', 'imported', 'k3s', 'local', 'EKS', undefined),
    nodeCount: fc.option(fc.nat(5000), { nil: undefined }),
    requested: fc.record({ cpu: fc.constantFrom('3580m', '1', '125m'), pods: text }),
    allocatable: fc.record({ memory: fc.constantFrom('640Mi', '16265236Ki', '15Gi', '') }),
  });

  it('pads every column cell of rancher cluster to its width and leaves PODS unpadded', () => {
    fc.assert(
      fc.property(
        fc.array(cluster, { maxLength: 8 }),
        fc.option(text, { nil: null }),
        (clusters, current) => {
          const list = clusters as V3Cluster[];
          const rows = list.map((c) => clusterRow(c, current));
          const cells = [
            ['CURRENT', 'ID', 'STATE', 'NAME', 'PROVIDER', 'NODES', 'CPU', 'RAM', 'PODS'],
            ...rows.map((r) => [
              r.Current,
              r.ID,
              r.Cluster.state ?? '',
              r.Name,
              r.Provider,
              `${r.Nodes}`,
              r.CPU,
              r.RAM,
              r.Pods,
            ]),
          ];
          return checkLayout(renderClusterTable(list, current), cells);
        },
      ),
    );
  });

  it('pads every column cell of rancher nodes, legacy and v2.15 layouts', () => {
    const node = fc.record({ id: text, nodeName: text, state: text, description: text, nodePoolId: text });
    fc.assert(
      fc.property(fc.array(node, { maxLength: 8 }), fc.boolean(), (nodes, legacy) => {
        const list = nodes as V3Node[];
        const pools = list.map((n, i) => ({ id: n.nodePoolId ?? '', hostnamePrefix: `pool-${i}` }));
        const cells = [
          legacy ? ['ID', 'NAME', 'STATE', 'POOL', 'DESCRIPTION'] : ['ID', 'NAME', 'STATE', 'DESCRIPTION'],
          ...list.map((n) => {
            const pool = pools.find((p) => p.id === (n.nodePoolId ?? ''))?.hostnamePrefix ?? '';
            const name = n.nodeName || n.id;
            return legacy
              ? [n.id, name, n.state!, pool, n.description!]
              : [n.id, name, n.state!, n.description!];
          }),
        ];
        return checkLayout(renderNodeTable(list, pools, { legacy }), cells);
      }),
    );
  });

  it('never writes a line wider than the columns plus the last cell', () => {
    fc.assert(
      fc.property(fc.array(cluster, { minLength: 1, maxLength: 5 }), (clusters) => {
        const out = renderClusterTable(clusters as V3Cluster[], null);
        const [header, ...rows] = out.trimEnd().split('\n');
        const podsAt = header.indexOf('PODS');
        return rows.every(
          (row, i) =>
            [...row].length === podsAt + [...clusterRow(clusters[i] as V3Cluster, null).Pods].length,
        );
      }),
    );
  });
});

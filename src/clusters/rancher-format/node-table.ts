import { formatTable } from '../../cli/output/table-writer.js';
import type { V3Node, V3NodePool } from '../cluster.model.js';
import { renderIds, type RancherOutput } from './cluster-table.js';
import { goJson, GoObject } from './go-json.js';
import { goStruct } from './go-struct.js';
import { goYaml } from './go-yaml.js';

/**
 * `legacy` (the default) prints the POOL column of CLI ≤ v2.14 (`ID NAME STATE POOL DESCRIPTION`);
 * `false` prints the v2.15 layout without it (rancher-kubernetes §2).
 */
export interface NodeTableOptions {
  legacy?: boolean;
}

/** The CLI's `NodeData` row struct; `Pool` exists only in the legacy layout. */
export interface NodeRow {
  ID: string;
  Node: V3Node;
  Name: string;
  Pool?: string;
}

/** NAME: the first non-empty of display name, Kubernetes node name, requested hostname, else the id. */
export function nodeName(node: V3Node): string {
  return node.name || node.nodeName || node.requestedHostname || node.id;
}

/** POOL: the `hostnamePrefix` of the first pool whose id is the node's `nodePoolId`, else empty. */
export function nodePoolName(node: V3Node, pools: readonly V3NodePool[]): string {
  const poolId = node.nodePoolId ?? '';
  return pools.find((p) => p.id === poolId)?.hostnamePrefix ?? '';
}

export function nodeRow(node: V3Node, pools: readonly V3NodePool[], options: NodeTableOptions = {}): NodeRow {
  const row: NodeRow = { ID: node.id, Node: node, Name: nodeName(node) };
  if (options.legacy ?? true) row.Pool = nodePoolName(node, pools);
  return row;
}

/** `rancher nodes`: header and one line per node, in the order given. */
export function renderNodeTable(
  nodes: readonly V3Node[],
  pools: readonly V3NodePool[],
  options: NodeTableOptions = {},
): string {
  const legacy = options.legacy ?? true;
  const header = legacy
    ? ['ID', 'NAME', 'STATE', 'POOL', 'DESCRIPTION']
    : ['ID', 'NAME', 'STATE', 'DESCRIPTION'];
  const rows = nodes.map((n) => {
    const r = nodeRow(n, pools, options);
    const cells = [r.ID, r.Name, n.state ?? ''];
    if (legacy) cells.push(r.Pool ?? '');
    return [...cells, n.description ?? ''];
  });
  return formatTable([header, ...rows]);
}

/** `rancher nodes -q`: the node ids, one per line. */
export function renderNodeQuiet(nodes: readonly V3Node[]): string {
  return renderIds(nodes.map((n) => n.id));
}

/** `rancher nodes --format json`: JSON Lines of the row struct (`ID, Node, Name[, Pool]`). */
export function renderNodeJson(
  nodes: readonly V3Node[],
  pools: readonly V3NodePool[],
  options: NodeTableOptions = {},
) {
  return nodes.map((n) => `${goJson(nodeRowGo(nodeRow(n, pools, options)))}\n`).join('');
}

/** `rancher nodes --format yaml`: a document per node, each followed by an empty line. */
export function renderNodeYaml(
  nodes: readonly V3Node[],
  pools: readonly V3NodePool[],
  options: NodeTableOptions = {},
) {
  return nodes.map((n) => `${goYaml(nodeRowGo(nodeRow(n, pools, options)))}\n`).join('');
}

export function renderNodes(
  nodes: readonly V3Node[],
  pools: readonly V3NodePool[],
  output: RancherOutput = 'table',
  options: NodeTableOptions = {},
): string {
  switch (output) {
    case 'quiet':
      return renderNodeQuiet(nodes);
    case 'json':
      return renderNodeJson(nodes, pools, options);
    case 'yaml':
      return renderNodeYaml(nodes, pools, options);
    default:
      return renderNodeTable(nodes, pools, options);
  }
}

function nodeRowGo(row: NodeRow): GoObject {
  const entries: [string, string | GoObject][] = [
    ['ID', row.ID],
    ['Node', goStruct(row.Node)],
    ['Name', row.Name],
  ];
  if (row.Pool !== undefined) entries.push(['Pool', row.Pool]);
  return new GoObject(entries);
}

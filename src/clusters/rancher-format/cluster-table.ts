import { formatTable } from '../../cli/output/table-writer.js';
import type { V3Cluster } from '../cluster.model.js';
import { goJson, GoObject } from './go-json.js';
import { goStruct } from './go-struct.js';
import { goYaml } from './go-yaml.js';
import { formatResource, providerName } from './resource-format.js';

/** What `rancher cluster` prints: the table, `-q`, `--format json` or `--format yaml` (§1.5). */
export type RancherOutput = 'table' | 'quiet' | 'json' | 'yaml';

/** The CLI's `ClusterData` row struct (rancher/cli `cmd/cluster.go`), field order as in Go. */
export interface ClusterRow {
  ID: string;
  Current: string;
  Cluster: V3Cluster;
  Name: string;
  Provider: string;
  Nodes: number;
  CPU: string;
  RAM: string;
  Pods: string;
}

const HEADER = ['CURRENT', 'ID', 'STATE', 'NAME', 'PROVIDER', 'NODES', 'CPU', 'RAM', 'PODS'];

/**
 * The current cluster: its id as the rancher CLI compares it, or the very object when several
 * sources list clusters with one id (every Rancher server has a `local`); null when none is current.
 */
export type CurrentCluster = string | V3Cluster | null;

function isCurrent(cluster: V3Cluster, current: CurrentCluster): boolean {
  if (current === null) return false;
  return typeof current === 'string' ? cluster.id === current : cluster === current;
}

/** One row of `rancher cluster` (§1.2); `currentClusterId` null when no cluster is current. */
export function clusterRow(cluster: V3Cluster, currentClusterId: CurrentCluster): ClusterRow {
  // A missing map key is Go's empty string: "/110", "/ GB".
  const requested = cluster.requested ?? {};
  const allocatable = cluster.allocatable ?? {};
  return {
    ID: cluster.id,
    Current: isCurrent(cluster, currentClusterId) ? '*' : '',
    Cluster: cluster,
    Name: cluster.name ? cluster.name : cluster.id,
    Provider: providerName(cluster.driver, cluster.provider),
    Nodes: cluster.nodeCount ?? 0,
    CPU: `${formatResource(requested.cpu ?? '')}/${formatResource(allocatable.cpu ?? '')}`,
    RAM: `${formatResource(requested.memory ?? '')}/${formatResource(allocatable.memory ?? '')} GB`,
    Pods: `${requested.pods ?? ''}/${allocatable.pods ?? ''}`,
  };
}

/** `rancher cluster`: header and one line per cluster, in the order given (the API's order). */
export function renderClusterTable(clusters: readonly V3Cluster[], currentClusterId: CurrentCluster): string {
  const rows = clusters.map((c) => clusterRow(c, currentClusterId));
  return formatTable([
    HEADER,
    ...rows.map((r) => [
      r.Current,
      r.ID,
      r.Cluster.state ?? '',
      r.Name,
      r.Provider,
      String(r.Nodes),
      r.CPU,
      r.RAM,
      r.Pods,
    ]),
  ]);
}

/** `rancher cluster -q`: the ids, one per line. */
export function renderClusterQuiet(clusters: readonly V3Cluster[]): string {
  return renderIds(clusters.map((c) => c.id));
}

/** `rancher cluster --format json`: one JSON object per line (JSON Lines), as Go marshals the row. */
export function renderClusterJson(clusters: readonly V3Cluster[], currentClusterId: CurrentCluster): string {
  return clusters.map((c) => `${goJson(clusterRowGo(clusterRow(c, currentClusterId)))}\n`).join('');
}

/** `rancher cluster --format yaml`: one document per cluster, each followed by an empty line, no `---`. */
export function renderClusterYaml(clusters: readonly V3Cluster[], currentClusterId: CurrentCluster): string {
  return clusters.map((c) => `${goYaml(clusterRowGo(clusterRow(c, currentClusterId)))}\n`).join('');
}

/** All four outputs behind one switch, for the CLI and REST (`text/plain`) callers. */
export function renderClusters(
  clusters: readonly V3Cluster[],
  currentClusterId: CurrentCluster,
  output: RancherOutput = 'table',
): string {
  switch (output) {
    case 'quiet':
      return renderClusterQuiet(clusters);
    case 'json':
      return renderClusterJson(clusters, currentClusterId);
    case 'yaml':
      return renderClusterYaml(clusters, currentClusterId);
    default:
      return renderClusterTable(clusters, currentClusterId);
  }
}

/** The row struct has no json tags: every field is written, under its Go name, in declaration order. */
function clusterRowGo(row: ClusterRow): GoObject {
  return new GoObject([
    ['ID', row.ID],
    ['Current', row.Current],
    ['Cluster', goStruct(row.Cluster)],
    ['Name', row.Name],
    ['Provider', row.Provider],
    ['Nodes', row.Nodes],
    ['CPU', row.CPU],
    ['RAM', row.RAM],
    ['Pods', row.Pods],
  ]);
}

/**
 * Quiet lines go through the same tabwriter in Go, where a line without a tab is printed as is.
 * A tab or line break inside an id would start a cell or a line; like the table, fedwatch writes
 * a space instead so that one id stays one line.
 */
export function renderIds(ids: readonly string[]): string {
  return ids.map((id) => `${id.replace(/[\t\n\v\f\r]/g, ' ')}\n`).join('');
}

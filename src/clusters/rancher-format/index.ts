/**
 * Pure rendering of the `rancher` CLI's cluster and node listings (rancher-kubernetes §1, §2, §4):
 * the same bytes `rancher cluster` / `rancher nodes` print for the same v3 objects.
 */
export {
  clusterRow,
  renderClusterJson,
  renderClusterQuiet,
  renderClusterTable,
  renderClusterYaml,
  renderClusters,
  type ClusterRow,
  type CurrentCluster,
  type RancherOutput,
} from './cluster-table.js';
export {
  nodeName,
  nodePoolName,
  nodeRow,
  renderNodeJson,
  renderNodeQuiet,
  renderNodeTable,
  renderNodeYaml,
  renderNodes,
  type NodeRow,
  type NodeTableOptions,
} from './node-table.js';
export { focusedCluster, formatResource, providerName } from './resource-format.js';
export { goFormatFixed, goFormatShortest } from './go-format-float.js';
export { goParseFloat } from './go-parse-float.js';
export { goJson, GoObject, type GoValue } from './go-json.js';
export { goStruct } from './go-struct.js';
export { goYaml } from './go-yaml.js';

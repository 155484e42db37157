import type { V3Cluster, V3Node, V3NodePool } from '../../cluster.model.js';

/**
 * rancher-kubernetes §4 verbatim: the three clusters of `GET /v3/clusters`, the nodes and node pool
 * of the current cluster, and the exact CLI output for them (trailing spaces included).
 */
export const CURRENT_PROJECT = 'c-m-7xk2p9qd:p-x7b2k';

export const CLUSTERS: V3Cluster[] = [
  {
    id: 'c-m-7xk2p9qd',
    type: 'cluster',
    name: 'prod-rke2',
    state: 'active',
    driver: 'rke2',
    provider: 'rke2',
    nodeCount: 5,
    requested: { cpu: '3580m', memory: '1750Mi', pods: '27' },
    allocatable: { cpu: '40', memory: '81609472Ki', pods: '330' },
  },
  {
    id: 'local',
    type: 'cluster',
    name: 'local',
    state: 'active',
    driver: 'local',
    provider: 'k3s',
    nodeCount: 1,
    internal: true,
    requested: { cpu: '1325m', memory: '640Mi', pods: '12' },
    allocatable: { cpu: '4', memory: '16265236Ki', pods: '110' },
  },
  {
    id: 'c-4kq8z',
    type: 'cluster',
    name: '',
    state: 'updating',
    driver: 'imported',
    provider: 'eks',
    nodeCount: 3,
    requested: { cpu: '125m', memory: '128Mi' },
    allocatable: { cpu: '7910m', memory: '15Gi', pods: '58' },
  },
];

export const CLUSTER_TABLE =
  'CURRENT   ID             STATE      NAME        PROVIDER   NODES     CPU         RAM             PODS\n' +
  '*         c-m-7xk2p9qd   active     prod-rke2   RKE2       5         3.58/40     1.71/77.83 GB   27/330\n' +
  '          local          active     local       Unknown    1         1.33/4      0.62/15.51 GB   12/110\n' +
  '          c-4kq8z        updating   c-4kq8z     Imported   3         0.12/7.91   0.12/15Gi GB    /58\n';

export const NODES: V3Node[] = [
  {
    id: 'c-m-7xk2p9qd:machine-5h2xq',
    name: '',
    nodeName: 'prod-cp-1',
    state: 'active',
    description: '',
    nodePoolId: '',
  },
  {
    id: 'c-m-7xk2p9qd:machine-9kz7t',
    name: '',
    nodeName: 'prod-worker-1',
    state: 'active',
    description: '',
    nodePoolId: 'c-m-7xk2p9qd:np-4fx9w',
  },
  {
    id: 'c-m-7xk2p9qd:machine-w3n8d',
    name: '',
    nodeName: '',
    requestedHostname: 'prod-worker-2',
    state: 'unavailable',
    description: 'spare capacity',
    nodePoolId: 'c-m-7xk2p9qd:np-4fx9w',
  },
];

export const NODE_POOLS: V3NodePool[] = [{ id: 'c-m-7xk2p9qd:np-4fx9w', hostnamePrefix: 'prod-worker-' }];

/** Row 1 ends with `active` + 8 + 15 = 23 spaces, row 2 with `prod-worker-` + 3 spaces. */
export const NODE_TABLE_LEGACY =
  'ID                           NAME            STATE         POOL           DESCRIPTION\n' +
  'c-m-7xk2p9qd:machine-5h2xq   prod-cp-1       active                       \n' +
  'c-m-7xk2p9qd:machine-9kz7t   prod-worker-1   active        prod-worker-   \n' +
  'c-m-7xk2p9qd:machine-w3n8d   prod-worker-2   unavailable   prod-worker-   spare capacity\n';

/** Rows 1 and 2 end with the STATE cell padded to 14 (`active` + 8 spaces). */
export const NODE_TABLE_V215 =
  'ID                           NAME            STATE         DESCRIPTION\n' +
  'c-m-7xk2p9qd:machine-5h2xq   prod-cp-1       active        \n' +
  'c-m-7xk2p9qd:machine-9kz7t   prod-worker-1   active        \n' +
  'c-m-7xk2p9qd:machine-w3n8d   prod-worker-2   unavailable   spare capacity\n';

/** The §4 `GET /v3/clusters` response body as the reference prints it. */
export const CLUSTERS_RESPONSE = `{
  "type": "collection",
  "resourceType": "cluster",
  "data": [
    {"id": "c-m-7xk2p9qd", "type": "cluster", "name": "prod-rke2", "state": "active",
     "driver": "rke2", "provider": "rke2", "nodeCount": 5,
     "requested": {"cpu": "3580m", "memory": "1750Mi", "pods": "27"},
     "allocatable": {"cpu": "40", "memory": "81609472Ki", "pods": "330"}},
    {"id": "local", "type": "cluster", "name": "local", "state": "active",
     "driver": "local", "provider": "k3s", "nodeCount": 1, "internal": true,
     "requested": {"cpu": "1325m", "memory": "640Mi", "pods": "12"},
     "allocatable": {"cpu": "4", "memory": "16265236Ki", "pods": "110"}},
    {"id": "c-4kq8z", "type": "cluster", "name": "", "state": "updating",
     "driver": "imported", "provider": "eks", "nodeCount": 3,
     "requested": {"cpu": "125m", "memory": "128Mi"},
     "allocatable": {"cpu": "7910m", "memory": "15Gi", "pods": "58"}}
  ]
}`;

/** The §4 `GET /v3/nodes` response body and its node pool. */
export const NODES_RESPONSE = `{"type": "collection", "resourceType": "node", "data": [
  {"id": "c-m-7xk2p9qd:machine-5h2xq", "name": "", "nodeName": "prod-cp-1", "state": "active", "description": "", "nodePoolId": ""},
  {"id": "c-m-7xk2p9qd:machine-9kz7t", "name": "", "nodeName": "prod-worker-1", "state": "active", "description": "", "nodePoolId": "c-m-7xk2p9qd:np-4fx9w"},
  {"id": "c-m-7xk2p9qd:machine-w3n8d", "name": "", "nodeName": "", "requestedHostname": "prod-worker-2", "state": "unavailable", "description": "spare capacity", "nodePoolId": "c-m-7xk2p9qd:np-4fx9w"}
]}`;
export const NODE_POOL_RESPONSE = `{"id": "c-m-7xk2p9qd:np-4fx9w", "hostnamePrefix": "prod-worker-"}`;

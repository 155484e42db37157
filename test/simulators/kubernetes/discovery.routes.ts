/** Discovery and health: `/version`, `/api`, `/api/v1`, `/apis` (metrics.k8s.io when served), `/healthz`. */
import { json, text } from './http.js';
import type { Route, SimContext } from './sim.context.js';

const METRICS_GROUP = {
  name: 'metrics.k8s.io',
  versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }],
  preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' },
};

// Only get, list and watch are served, so that is what discovery claims.
const READ = ['get', 'list', 'watch'];
const CORE_RESOURCES = [
  {
    name: 'namespaces',
    singularName: 'namespace',
    namespaced: false,
    kind: 'Namespace',
    verbs: READ,
    shortNames: ['ns'],
    storageVersionHash: 'Q3oi5N2YM8M=',
  },
  {
    name: 'nodes',
    singularName: 'node',
    namespaced: false,
    kind: 'Node',
    verbs: READ,
    shortNames: ['no'],
    storageVersionHash: 'XwShjMxG9Fs=',
  },
  {
    name: 'pods',
    singularName: 'pod',
    namespaced: true,
    kind: 'Pod',
    verbs: READ,
    shortNames: ['po'],
    categories: ['all'],
    storageVersionHash: 'xPOwRZ+Yhw8=',
  },
];

function version(sim: SimContext) {
  const v = sim.options.kubernetesVersion;
  const [major = '1', minor = '0'] = v.replace(/^v/, '').split('.');
  return {
    major,
    minor,
    gitVersion: v,
    gitCommit: 'a78aa47129b8539636eb86a9d00e31b2720fe06b',
    gitTreeState: 'clean',
    buildDate: '2024-12-12T00:00:00Z',
    goVersion: 'go1.22.9 X:boringcrypto',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export const discoveryRoutes: Route[] = [
  { pattern: /^\/version\/?$/, public: true, handle: (sim) => json(200, version(sim)) },
  { pattern: /^\/(healthz|livez|readyz)$/, public: true, handle: () => text(200, 'ok') },
  {
    pattern: /^\/api\/?$/,
    handle: (sim) =>
      json(200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: sim.address }],
      }),
  },
  {
    pattern: /^\/api\/v1\/?$/,
    handle: () => json(200, { kind: 'APIResourceList', groupVersion: 'v1', resources: CORE_RESOURCES }),
  },
  {
    pattern: /^\/apis\/?$/,
    handle: (sim) =>
      json(200, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: sim.options.metrics ? [METRICS_GROUP] : [],
      }),
  },
];

/** Discovery of metrics.k8s.io, served only with `metrics: true`. */
export const metricsDiscoveryRoutes: Route[] = [
  {
    pattern: /^\/apis\/metrics\.k8s\.io\/?$/,
    handle: () => json(200, { kind: 'APIGroup', apiVersion: 'v1', ...METRICS_GROUP }),
  },
  {
    pattern: /^\/apis\/metrics\.k8s\.io\/v1beta1\/?$/,
    handle: () =>
      json(200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: 'metrics.k8s.io/v1beta1',
        resources: [
          { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
          { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
        ],
      }),
  },
];

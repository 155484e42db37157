/** Everything a route reads: options, the live state, rendering, snapshots, faults and watches. */
import type { ClusterState } from './cluster.state.js';
import type { KubernetesFaults } from './fault-injector.js';
import type { Reply } from './http.js';
import type { SnapshotCache } from './list.snapshots.js';
import type { KubernetesSimulatorOptions } from './model.js';
import type { RenderContext } from './render.context.js';
import type { WatchHub } from './watch.hub.js';

export interface SimContext {
  options: KubernetesSimulatorOptions;
  state: ClusterState;
  render: RenderContext;
  snapshots: SnapshotCache;
  faults: KubernetesFaults;
  hub: WatchHub;
  /** The bearer token clients must send. */
  token: string;
  /** `host:port` clients reach the simulator at (discovery's serverAddressByClientCIDRs). */
  address: string;
}

export interface Route {
  /** Matched against the path; capture groups are passed to `handle` (URI-decoded). */
  pattern: RegExp;
  /** Served without a token (kube-apiserver's `system:public-info-viewer` paths). */
  public?: boolean;
  handle(sim: SimContext, params: string[], query: URLSearchParams): Reply;
}

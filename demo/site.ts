/**
 * The simulated site the demo runs fedwatch against, in the demo's own process: an OpenStack cloud
 * (a dozen projects, one per VO, a few hundred VMs, with GOCDB for discovery), a Rancher server
 * with the three clusters of `shared/reference/rancher-kubernetes.md` §4 (`local`, an RKE2
 * `prod-rke2`, an imported EKS without a name) and one Kubernetes cluster read directly, whose pods
 * keep coming and going. Every simulator listens on a free port on 127.0.0.1.
 */
import { startKubernetesSimulator, type KubernetesSimulator } from '../test/simulators/kubernetes/index.js';
import { startOpenStackSimulator, type OpenStackSimulator } from '../test/simulators/openstack/index.js';
import { startRancherSimulator, type RancherSimulator } from '../test/simulators/rancher/index.js';

/** The GOCDB site the simulated Keystone is registered under, and the records' `Site`. */
export const SITE_NAME = 'FEDWATCH-DEMO';
/** Config entry names, which are also the `<source>` part of fedwatch's cluster ids. */
export const ENTRIES = { openstack: 'cloud', rancher: 'rancher', kubernetes: 'services' } as const;

export const SHAPE = {
  seed: 1,
  projects: 12,
  servers: 300,
  rancherClusters: 3,
  rancherNodesPerCluster: 5,
  kubernetesNodes: 20,
  kubernetesPods: 600,
  churnPerSecond: 3,
} as const;

export interface SimulatedSite {
  openstack: OpenStackSimulator;
  rancher: RancherSimulator;
  kubernetes: KubernetesSimulator;
  /** One line per simulator, for the start-up printout. */
  summary(): string[];
  close(): Promise<void>;
}

export async function startSite(): Promise<SimulatedSite> {
  const started: { close(): Promise<void> }[] = [];
  const closeAll = async () => {
    await Promise.allSettled(started.splice(0).map((s) => s.close()));
  };
  try {
    const openstack = await startOpenStackSimulator({
      seed: SHAPE.seed,
      projects: SHAPE.projects,
      servers: SHAPE.servers,
      gocdb: true,
      siteName: SITE_NAME,
    });
    started.push(openstack);
    const rancher = await startRancherSimulator({
      seed: SHAPE.seed,
      clusters: SHAPE.rancherClusters,
      nodes: SHAPE.rancherNodesPerCluster,
    });
    started.push(rancher);
    const kubernetes = await startKubernetesSimulator({
      seed: SHAPE.seed,
      nodes: SHAPE.kubernetesNodes,
      pods: SHAPE.kubernetesPods,
      churn: SHAPE.churnPerSecond,
    });
    started.push(kubernetes);
    return {
      openstack,
      rancher,
      kubernetes,
      summary: () => [
        `OpenStack  ${openstack.authUrl}  ${openstack.data.projects.length} projects, ` +
          `${openstack.data.servers.length} servers, GOCDB ${openstack.gocdbUrl}`,
        `Rancher    ${rancher.url}/v3  clusters ${rancher.data.clusters.map((c) => c.id).join(', ')}`,
        `Kubernetes ${kubernetes.url}  ${kubernetes.data.nodeCount} nodes, ` +
          `${kubernetes.data.podCount} pods, ${SHAPE.churnPerSecond} pod events/s`,
      ],
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

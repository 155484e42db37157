/**
 * Kubernetes API simulator for tests, benchmarks and the demo: core v1 nodes, pods and
 * namespaces (list with paging, watch, get) and metrics.k8s.io, over a cluster seeded
 * deterministically, with pod churn and fault injection. See README.md next to this file.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, seedNumber } from '../openstack/prng.js';
import { RequestLog } from '../openstack/request-log.js';
import { createTlsMaterial, type TlsMaterial } from '../openstack/tls.js';
import { ChurnEngine } from './churn.engine.js';
import { modifyNode, nodeChurn } from './churn.nodes.js';
import { clusterData } from './cluster.data.js';
import { ClusterState } from './cluster.state.js';
import { coreRoutes } from './core.routes.js';
import { discoveryRoutes, metricsDiscoveryRoutes } from './discovery.routes.js';
import { KubernetesFaults } from './fault-injector.js';
import { fedwatchConfig, writeConfig } from './fedwatch-config.js';
import { tooOld } from './http.js';
import { salted } from './ids.js';
import { kubeconfigObject, kubeconfigYaml } from './kubeconfig.js';
import { SnapshotCache } from './list.snapshots.js';
import { metricsRoutes } from './metrics.routes.js';
import { DEFAULT_OPTIONS, type KubernetesSimulatorOptions } from './model.js';
import { renderContext } from './render.context.js';
import { seedCluster } from './seed.js';
import { createHandler } from './server.js';
import type { SimContext } from './sim.context.js';
import type { KubernetesSimulator, StartOptions } from './simulator.types.js';
import { WatchHub } from './watch.hub.js';

export type { ChurnControls, KubernetesSimulator, StartOptions } from './simulator.types.js';
export type { ClusterData, NodeFacts, PodFilter } from './cluster.data.js';
export type { RancherCluster, RancherNode, Resources } from './rancher.expected.js';
export type { KubeconfigOptions } from './kubeconfig.js';
export type { FedwatchConfigOptions, WriteConfigOptions } from './fedwatch-config.js';
export type { BreakMode, FaultHandle, HoldHandle, PathPattern } from './fault-injector.js';
export type { RequestLogEntry } from '../openstack/request-log.js';
export { DEFAULT_OPTIONS, KubernetesFaults, RequestLog };
export type { Json, KubernetesSimulatorOptions, PodPhase } from './model.js';

export function resolveOptions(opts: StartOptions = {}): KubernetesSimulatorOptions {
  const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_OPTIONS, now: new Date(), ...defined } as KubernetesSimulatorOptions;
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export async function startKubernetesSimulator(opts: StartOptions = {}): Promise<KubernetesSimulator> {
  const options = resolveOptions(opts);
  const started = performance.now();
  const seeded = seedCluster(options);
  const seedMs = performance.now() - started;
  const seed = seedNumber(options.seed);
  const history = { windowMs: options.historySeconds * 1000, limit: options.historyLimit };
  const state = new ClusterState(seeded, seeded.nowMs, history);
  const render = renderContext(
    seed,
    seeded.nodes.map((n) => n.name),
    seeded.nowMs,
    options.canonicalQuantities,
    options.kubernetesVersion,
  );
  const nodes = nodeChurn(seeded.nodes);
  const snapshots = new SnapshotCache();
  const hub = new WatchHub(state, render);
  const faults = new KubernetesFaults(options.seed, options.watchGone, {
    breakWatches: (mode) => hub.breakAll(mode, tooOld(state.resourceVersion, state.resourceVersion)),
    compact: () => {
      state.history.compact(state.resourceVersion);
      snapshots.prune(state.history.compactedRv);
      return state.resourceVersion;
    },
    malform: (name, bad) => {
      const n = state.stores.nodes.get(name);
      if (!n) return false;
      modifyNode(nodes, state, seeded.placement, n.index, { malformed: bad });
      return true;
    },
  });
  const token = options.token ?? `sim-${createRng(`${options.seed}:token`).hex(40)}`;
  const tls: TlsMaterial | null = options.tls ? await createTlsMaterial() : null;
  const sim: SimContext = { options, state, render, snapshots, faults, hub, token, address: '' };
  const routes = [
    ...discoveryRoutes,
    ...coreRoutes,
    ...(options.metrics ? [...metricsDiscoveryRoutes, ...metricsRoutes] : []),
  ];
  const requests = new RequestLog();
  const handler = createHandler(sim, routes, requests);
  const server: Server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler)
    : createHttpServer(handler);
  const host = opts.host ?? '127.0.0.1';
  let port: number;
  try {
    port = await listen(server, opts.port ?? 0, host);
  } catch (err) {
    await tls?.remove();
    throw err;
  }
  sim.address = `${host}:${port}`;
  const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  const endpoint = { url, token, caPem: tls ? await readFile(tls.caFile, 'utf8') : null };
  const dir = await mkdtemp(join(tmpdir(), 'kubernetes-sim-'));
  const kubeconfigFile = join(dir, 'kubeconfig.yaml');
  await writeFile(kubeconfigFile, kubeconfigYaml(endpoint), { mode: 0o600 });
  const files = { ...endpoint, kubeconfigFile };
  let ownerSerial = seeded.nextOwnerSerial;
  const churn = new ChurnEngine(options.seed, {
    state,
    placement: seeded.placement,
    services: seeded.services,
    jobFamilies: seeded.jobFamilies,
    nextPodSerial: seeded.nextPodSerial,
    owners: { salt: salted(seed, 'owner'), next: () => ownerSerial++ },
    targetPods: options.pods,
    seedNowMs: seeded.nowMs,
    nodes,
  });
  if (options.churn > 0) churn.start(options.churn);
  // Compaction by age goes on while nothing changes, as etcd's does.
  const compactor = setInterval(() => {
    state.tick();
    snapshots.prune(state.history.compactedRv);
  }, 1000);
  compactor.unref();
  let closed: Promise<void> | null = null;
  return {
    url,
    token,
    caFile: tls?.caFile ?? null,
    kubeconfigFile,
    data: clusterData(state, render, nodes, options.now),
    faults,
    requests,
    seedMs,
    churn: {
      start: (rate) => churn.start(rate),
      stop: () => churn.stop(),
      setRate: (rate) => churn.setRate(rate),
      step: (n) => churn.step(n),
      get rate() {
        return churn.rate;
      },
      get running() {
        return churn.running;
      },
      get events() {
        return churn.events;
      },
    },
    watches: {
      get open() {
        return hub.count;
      },
      get total() {
        return hub.total;
      },
    },
    resourceVersion: () => String(state.resourceVersion),
    kubeconfig: (o) => kubeconfigYaml(endpoint, o),
    kubeconfigObject: (o) => kubeconfigObject(endpoint, o),
    fedwatchConfig: (o) => fedwatchConfig(files, o),
    writeConfig: (file, o) => writeConfig(files, file, o),
    close() {
      closed ??= (async () => {
        churn.stop();
        clearInterval(compactor);
        hub.breakAll('reset', '');
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        faults.requests.releaseAll();
        await done;
        await tls?.remove();
        await rm(dir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

/**
 * Rancher v3 API simulator for tests, benchmarks and the demo: clusters, nodes and node pools in
 * the shapes of `shared/reference/rancher-kubernetes.md` §3, seeded deterministically, with
 * norman collections, filters, pagination, API-key auth and fault injection. See README.md.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createTlsMaterial, type TlsMaterial } from '../openstack/tls.js';
import { FaultInjector } from './fault-injector.js';
import {
  fedwatchConfig,
  writeConfig,
  type FedwatchConfigOptions,
  type WriteConfigOptions,
} from './fedwatch-config.js';
import {
  DEFAULT_OPTIONS,
  type ClusterState,
  type Json,
  type RancherSimulatorOptions,
  type SeededRancher,
} from './model.js';
import { cordonNode, removeCluster, setClusterState } from './mutations.js';
import { RequestLog } from './request-log.js';
import type { SimState } from './routes.js';
import { seedRancher } from './seed.js';
import { createHandler } from './server.js';

export type * from './fault-injector.js';
export type { FedwatchConfigOptions, WriteConfigOptions } from './fedwatch-config.js';
export type { RequestLogEntry } from './request-log.js';
export * from './model.js';
export { FaultInjector, RequestLog };

export interface RancherSimulator {
  /** `http(s)://127.0.0.1:<port>` (the Rancher server URL; the API is under `/v3`). */
  url: string;
  /** The API key accepted right now, `token-xxxxx:secret`. */
  readonly token: string;
  /** CA certificate (PEM file) to trust with `tls: true`; null otherwise. */
  caFile: string | null;
  /** The served objects (without links); changes through the methods below show at once. */
  data: SeededRancher;
  faults: FaultInjector;
  requests: RequestLog;
  /** Another API key is accepted from now on; the previous one gets 401. */
  setToken(token: string): void;
  /** Sets state, transitioning, message and conditions together, as Rancher's summary would. */
  setClusterState(id: string, state: ClusterState): void;
  /** Cordons or uncordons a node; its cluster's totals are re-summed. */
  cordonNode(id: string, cordoned?: boolean): void;
  /** The cluster, its nodes and pools are gone. */
  removeCluster(id: string): void;
  /** `{rancher: {servers: [one entry]}}` pointing here, token inline. */
  fedwatchConfig(options?: FedwatchConfigOptions): Json;
  /** Writes or merges a YAML config file; the token goes to `secrets/` next to it. */
  writeConfig(file: string, options?: WriteConfigOptions): Promise<void>;
  close(): Promise<void>;
}

export type StartOptions = Partial<RancherSimulatorOptions> & { port?: number; host?: string };

export function resolveOptions(opts: StartOptions = {}): RancherSimulatorOptions {
  const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  const { port: _port, host: _host, ...rest } = defined as StartOptions;
  return { ...DEFAULT_OPTIONS, ...rest };
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export async function startRancherSimulator(opts: StartOptions = {}): Promise<RancherSimulator> {
  const options = resolveOptions(opts);
  const data = seedRancher(options);
  const tls: TlsMaterial | null = options.tls ? await createTlsMaterial() : null;
  const faults = new FaultInjector(options.seed);
  const requests = new RequestLog();
  const state: SimState = { baseUrl: '', data, faults, nodePools: options.nodePools };
  const token = () => data.token;
  const handler = createHandler({ state, log: requests, latencyMs: options.latencyMs, token });
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
  state.baseUrl = `${tls ? 'https' : 'http'}://${host}:${port}`;
  const endpoint = { url: state.baseUrl, caFile: tls?.caFile ?? null, token };
  let closed: Promise<void> | null = null;
  return {
    url: state.baseUrl,
    get token() {
      return data.token;
    },
    caFile: endpoint.caFile,
    data,
    faults,
    requests,
    setToken: (t) => void (data.token = t),
    setClusterState: (id, s) => setClusterState(data, id, s),
    cordonNode: (id, cordoned = true) => cordonNode(data, id, cordoned),
    removeCluster: (id) => removeCluster(data, id),
    fedwatchConfig: (o) => fedwatchConfig(endpoint, o),
    writeConfig: (file, o) => writeConfig(endpoint, file, o),
    close() {
      closed ??= (async () => {
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        faults.releaseAll();
        server.closeAllConnections();
        await done;
        await tls?.remove();
      })();
      return closed;
    },
  };
}

/**
 * OpenStack simulator for tests, benchmarks and the demo: Keystone, Nova, Glance, Neutron and
 * Cinder in the response shapes of `shared/reference/openstack.md`, seeded deterministically, with
 * fault injection. See README.md next to this file.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { cinderRoutes } from './cinder.routes.js';
import { FaultInjector } from './fault-injector.js';
import {
  DEFAULT_SITE_NAME,
  fedwatchConfig,
  writeConfig,
  type FedwatchConfigOptions,
  type WriteConfigOptions,
} from './fedwatch-config.js';
import { glanceRoutes } from './glance.routes.js';
import { GOCDB_PATH, gocdbRegistrations, gocdbRoutes, type SimGocdb } from './gocdb.routes.js';
import { keystoneRoutes } from './keystone.routes.js';
import {
  DEFAULT_OPTIONS,
  type Json,
  type OpenStackSimulatorOptions,
  type SeededCloud,
  type SimCredentials,
} from './model.js';
import { neutronRoutes } from './neutron.routes.js';
import { novaRoutes } from './nova.routes.js';
import { RequestLog } from './request-log.js';
import { seedCloud } from './seed.js';
import { createHandler } from './server.js';
import { indexCloud, type SimState } from './state.js';
import { createTlsMaterial, type TlsMaterial } from './tls.js';
import { TokenStore } from './tokens.js';

export type { FaultHandle, HoldHandle, Malformation, PathPattern } from './fault-injector.js';
export type { FedwatchConfigOptions, WriteConfigOptions } from './fedwatch-config.js';
export type { SimGocdb } from './gocdb.routes.js';
export { DEFAULT_SITE_NAME, UNLABELLED_VO } from './fedwatch-config.js';
export { CA_SUBJECT } from './tls.js';
export type { RequestLogEntry } from './request-log.js';
export * from './model.js';
export { FaultInjector, RequestLog };

export interface OpenStackSimulator {
  /** `http(s)://127.0.0.1:<port>` */
  url: string;
  /** `${url}/identity/v3` */
  authUrl: string;
  /** CA certificate (PEM file) to trust with `tls: true`; null otherwise. */
  caFile: string | null;
  /** With `gocdb: true`: `http://127.0.0.1:<other port>/gocdbpi/public/`; null otherwise. */
  gocdbUrl: string | null;
  /** With `gocdb: true`: the registration of `authUrl` (primary key, site name); null otherwise. */
  gocdb: SimGocdb | null;
  credentials: SimCredentials;
  data: SeededCloud;
  faults: FaultInjector;
  requests: RequestLog;
  /** Milliseconds seeding took. */
  seedMs: number;
  /** `{site, openstack: {sites: [one entry]}}` pointing here, secrets inline. */
  fedwatchConfig(options?: FedwatchConfigOptions): Json;
  /** Writes or merges a YAML config file; secrets go to `secrets/` next to it (see fedwatch-config.ts). */
  writeConfig(file: string, options?: WriteConfigOptions): Promise<void>;
  close(): Promise<void>;
}

export type StartOptions = Partial<OpenStackSimulatorOptions> & {
  port?: number;
  host?: string;
  /** GOCDB site name the Keystone URL is registered under (with `gocdb`); default SIM-OPENSTACK. */
  siteName?: string;
};

export function resolveOptions(opts: StartOptions = {}): OpenStackSimulatorOptions {
  const { port: _port, host: _host, siteName: _siteName, ...rest } = opts;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_OPTIONS, now: new Date(), ...defined } as OpenStackSimulatorOptions;
}

export async function startOpenStackSimulator(opts: StartOptions = {}): Promise<OpenStackSimulator> {
  const options = resolveOptions(opts);
  const started = performance.now();
  const seeded = seedCloud(options);
  const seedMs = performance.now() - started;
  const tls: TlsMaterial | null = options.tls ? await createTlsMaterial() : null;
  const faults = new FaultInjector(options.seed);
  const tokens = new TokenStore(options.tokenLifetimeSeconds);
  faults.onExpireTokens = () => tokens.expireAll();
  const requests = new RequestLog();
  const state: SimState = {
    baseUrl: '',
    authUrl: '',
    data: seeded.data,
    credentials: seeded.credentials,
    index: indexCloud(seeded.data, seeded.memberships),
    tokens,
    faults,
    renderCache: new Map(),
  };
  const routes = [...keystoneRoutes, ...novaRoutes, ...glanceRoutes, ...neutronRoutes, ...cinderRoutes];
  const handler = createHandler({ state, log: requests, latencyMs: options.latencyMs, routes });
  const server: Server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler)
    : createHttpServer(handler);
  const host = opts.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => resolve());
    });
  } catch (err) {
    await tls?.remove();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `${tls ? 'https' : 'http'}://${host}:${port}`;
  state.authUrl = `${state.baseUrl}/identity/v3`;
  let gocdb: { server: Server; url: string; own: SimGocdb } | null = null;
  if (options.gocdb) {
    const registrations = gocdbRegistrations(options.seed, state.authUrl, opts.siteName ?? DEFAULT_SITE_NAME);
    // Its own plain-HTTP listener: GOCDB is another system, and its URL then works without our CA.
    const routes = gocdbRoutes(registrations.all);
    const gocdbServer = createHttpServer(
      createHandler({ state, log: requests, latencyMs: options.latencyMs, routes }),
    );
    await new Promise<void>((resolve) => gocdbServer.listen(0, host, () => resolve()));
    const gocdbPort = (gocdbServer.address() as AddressInfo).port;
    gocdb = { server: gocdbServer, url: `http://${host}:${gocdbPort}${GOCDB_PATH}`, own: registrations.own };
  }
  const endpoint = {
    authUrl: state.authUrl,
    caFile: tls?.caFile ?? null,
    data: seeded.data,
    credentials: seeded.credentials,
    gocdbUrl: gocdb?.url ?? null,
    siteName: opts.siteName,
  };
  let closed: Promise<void> | null = null;
  return {
    url: state.baseUrl,
    authUrl: state.authUrl,
    caFile: endpoint.caFile,
    gocdbUrl: endpoint.gocdbUrl,
    gocdb: gocdb?.own ?? null,
    credentials: seeded.credentials,
    data: seeded.data,
    faults,
    requests,
    seedMs,
    fedwatchConfig: (o) => fedwatchConfig(endpoint, o),
    writeConfig: (file, o) => writeConfig(endpoint, file, o),
    close() {
      closed ??= (async () => {
        const servers = gocdb ? [server, gocdb.server] : [server];
        const done = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
        for (const s of servers) s.closeAllConnections();
        faults.releaseAll();
        await Promise.all(done);
        await tls?.remove();
      })();
      return closed;
    },
  };
}

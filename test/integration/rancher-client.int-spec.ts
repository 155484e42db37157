/**
 * The Rancher adapter against the Rancher simulator (real HTTP, norman collections, API-key auth),
 * with the server entry written as YAML with a token file and read through the real config loader.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { ErrorCode, FedwatchError } from '../../src/common/errors/index.js';
import { loadConfig } from '../../src/config/config.loader.js';
import type { RancherServer } from '../../src/config/config.types.js';
import { HttpRancherClient, type HttpRancherClientOptions } from '../../src/sources/rancher/index.js';
import {
  CLI_HIDDEN_STATES,
  clustersOfKind,
  startRancherSimulator,
  type RancherSimulator,
} from '../simulators/rancher/index.js';
import { freePort } from '../support/free-port.js';
import { tempDir } from '../support/temp-dir.js';

const CLI_QUERY = 'limit=-1&removed_null=1&state_ne=inactive&state_ne=stopped&state_ne=removing&system=false';
const OBSERVED = new Date('2026-11-26T12:00:05Z');

let sim: RancherSimulator;
const clients: HttpRancherClient[] = [];
const delays: number[] = [];

beforeAll(async () => {
  sim = await startRancherSimulator({ seed: 'rancher-client-int', clusters: 11, nodes: 4 });
});
afterAll(() => sim.close());
afterEach(async () => {
  sim.faults.clear();
  sim.requests.clear();
  delays.length = 0;
  for (const c of clients.splice(0)) await c.close();
});

async function serverOf(target: RancherSimulator, timeoutSeconds = 30): Promise<RancherServer> {
  const dir = tempDir('fedwatch-rancher-int-');
  const file = join(dir, 'fedwatch.yaml');
  await target.writeConfig(file, { name: 'rancher-sim', timeoutSeconds });
  return loadConfig({ env: {}, file, cwd: dir }).config.rancher.servers[0]!;
}

function client(server: RancherServer, options: HttpRancherClientOptions = {}): HttpRancherClient {
  const c = new HttpRancherClient(server, {
    now: () => OBSERVED,
    sleep: async (ms) => void delays.push(ms),
    ...options,
  });
  clients.push(c);
  return c;
}

const visible = (s: RancherSimulator) =>
  s.data.clusters.filter((c) => !CLI_HIDDEN_STATES.includes(c.state as string));
const ids = (items: { id: string }[]) => items.map((i) => i.id);

async function failure(promise: Promise<unknown>): Promise<FedwatchError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!FedwatchError.is(err)) throw new Error(`expected a FedwatchError, got ${String(err)}`);
  return err;
}

describe('Rancher client against the simulator', () => {
  it("reads a snapshot with the CLI's filters: hidden clusters and their nodes left out", async () => {
    const snap = await client(await serverOf(sim)).snapshot();
    const shown = visible(sim);
    expect(ids(snap.clusters)).toEqual(ids(shown as { id: string }[]));
    for (const kind of ['inactive', 'removing'] as const) {
      const hidden = clustersOfKind(sim.data, kind)[0]!.id as string;
      expect(ids(snap.clusters)).not.toContain(hidden);
      expect(snap.nodes.filter((n) => n.clusterId === hidden)).toEqual([]);
    }
    const expectedNodes = sim.data.nodes.filter(
      (n) => shown.some((c) => c.id === n.clusterId) && !CLI_HIDDEN_STATES.includes(n.state as string),
    );
    expect(ids(snap.nodes)).toEqual(ids(expectedNodes as { id: string }[]));
    expect(snap.nodePools.length).toBeGreaterThan(0);
    expect(snap).toMatchObject({
      source: 'rancher-sim',
      sourceKind: 'rancher',
      observedAt: OBSERVED,
      malformed: [],
    });
    expect(snap.nodePoolsServed).toBe(true);
    for (const path of ['/v3/clusters', '/v3/nodes', '/v3/nodepools'])
      expect(sim.requests.matching(path).map((e) => [e.query, e.auth])).toEqual([[CLI_QUERY, 'bearer']]);
  });

  it('lists the nodes and node pools of one cluster', async () => {
    const rke2 = clustersOfKind(sim.data, 'rke2')[0]!.id as string;
    const c = client(await serverOf(sim));
    const nodes = await c.listNodes(rke2);
    expect(nodes.items.length).toBeGreaterThan(0);
    expect(nodes.items.every((n) => n.clusterId === rke2)).toBe(true);
    const pools = await c.listNodePools(rke2);
    expect(pools.items.map((p) => p.hostnamePrefix)).toEqual(['prod-rke2-worker-']);
    expect(sim.requests.matching('/v3/nodes')[0]!.query).toBe(`${CLI_QUERY}&clusterId=${rke2}`);
  });

  it('follows pagination.next with a small page size', async () => {
    const c = client(await serverOf(sim), { pageSize: 2 });
    const clusters = await c.listClusters();
    expect(ids(clusters.items)).toEqual(ids(visible(sim) as { id: string }[]));
    expect(sim.requests.count('/v3/clusters')).toBe(Math.ceil(visible(sim).length / 2));
    const nodes = await c.listNodes();
    expect(new Set(ids(nodes.items)).size).toBe(nodes.items.length);
    expect(sim.requests.count('/v3/nodes?')).toBe(Math.ceil(nodes.items.length / 2));
  });

  it('turns a refused API key into SOURCE_REJECTED without the secret, and does not retry', async () => {
    const server = await serverOf(sim);
    const original = sim.token;
    sim.setToken('token-rotat:fresh-secret-nobody-has-yet-0123456789');
    try {
      const err = await failure(client(server).listClusters());
      expect(err.code).toBe(ErrorCode.SOURCE_REJECTED);
      expect(err.message).toContain('HTTP 401');
      expect(err.message).toContain('must authenticate');
      for (const secret of [original, original.split(':')[1]!])
        expect(JSON.stringify([err.message, err.details, String(err.cause)])).not.toContain(secret);
      expect(sim.requests.count('/v3/clusters')).toBe(1);
    } finally {
      sim.setToken(original);
    }
  });

  it('retries 503 and 429 with backoff, then gives up with SOURCE_UNREACHABLE', async () => {
    const c = client(await serverOf(sim));
    sim.faults.error('/v3/clusters', { status: 503, times: 2 });
    sim.faults.error('/v3/nodes', { status: 429, times: 1, retryAfterSeconds: 2 });
    await c.listClusters();
    await c.listNodes();
    expect(sim.requests.count('/v3/clusters')).toBe(3);
    expect(delays).toHaveLength(3);
    expect(delays[2]).toBe(2000); // Retry-After honoured
    sim.faults.error('/v3/clusters', { status: 502 });
    const err = await failure(c.listClusters());
    expect(err.code).toBe(ErrorCode.SOURCE_UNREACHABLE);
    expect(err.details).toMatchObject({ status: 502, attempts: 4 });
    expect(err.message).toContain('HTTP 502 (after 4 attempts)');
  });

  it('times out a request that is never answered and retries it', async () => {
    const c = client(await serverOf(sim, 1));
    sim.faults.timeout('/v3/clusters', { times: 1 });
    const started = performance.now();
    const clusters = await c.listClusters();
    expect(clusters.items.length).toBe(visible(sim).length);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(sim.requests.count('/v3/clusters')).toBe(2);
  });

  it('reports malformed items and refuses bodies that are not collections', async () => {
    const c = client(await serverOf(sim));
    const bad = clustersOfKind(sim.data, 'k3s')[0]!.id as string;
    const node = sim.data.nodes.find((n) => n.clusterId === bad)!.id as string;
    sim.faults.malformItem(bad, 'bad-quantity');
    sim.faults.malformItem(node, 'no-id');
    const snap = await c.snapshot();
    expect(snap.clusters.find((x) => x.id === bad)?.requested?.cpu).toBe('abc');
    expect(ids(snap.nodes)).not.toContain(node);
    expect(snap.malformed).toEqual([
      expect.objectContaining({ resource: 'cluster', id: bad, field: 'requested.cpu', kept: true }),
      expect.objectContaining({ resource: 'node', field: 'id', kept: false }),
    ]);
    for (const how of ['non-json', 'html', 'no-data'] as const) {
      sim.faults.malformBody('/v3/clusters', how, { times: 1 });
      expect((await failure(c.listClusters())).code).toBe(ErrorCode.SOURCE_MALFORMED);
    }
  });

  it('sees runtime changes on the next poll', async () => {
    const c = client(await serverOf(sim));
    const gke = clustersOfKind(sim.data, 'imported-gke')[0]!.id as string;
    sim.setClusterState(gke, 'inactive');
    try {
      const snap = await c.snapshot();
      expect(ids(snap.clusters)).not.toContain(gke);
      expect(snap.nodes.some((n) => n.clusterId === gke)).toBe(false);
    } finally {
      sim.setClusterState(gke, 'active');
    }
    expect(ids((await c.listClusters()).items)).toContain(gke);
  });
});

describe('Rancher client: TLS, node pools gone, unreachable servers', () => {
  it('trusts the configured CA and explains a TLS failure without one (no retries)', async () => {
    const tls = await startRancherSimulator({ seed: 3, clusters: 3, nodes: 1, tls: true });
    try {
      const server = await serverOf(tls);
      expect(server.caBundle).not.toBeNull();
      expect(ids((await client(server).listClusters()).items)).toEqual(ids(visible(tls) as { id: string }[]));
      const err = await failure(client({ ...server, caBundle: null }).listClusters());
      expect(err.code).toBe(ErrorCode.SOURCE_UNREACHABLE);
      expect(err.message).toContain('is the right CA in caBundle?');
      expect(delays).toEqual([]);
      const missing = () => client({ ...server, caBundle: join(tempDir('no-ca-'), 'ca.pem') });
      expect(missing).toThrow(expect.objectContaining({ code: ErrorCode.CONFIG_INVALID }));
    } finally {
      await tls.close();
    }
  });

  it('treats a 404 on /v3/nodepools (Rancher 2.15) as no node pools', async () => {
    const v215 = await startRancherSimulator({ seed: 4, clusters: 4, nodes: 3, nodePools: false });
    try {
      const c = client(await serverOf(v215));
      const snap = await c.snapshot();
      expect(snap).toMatchObject({ nodePools: [], nodePoolsServed: false });
      expect(snap.nodes.length).toBeGreaterThan(0);
      expect(await c.listNodePools()).toEqual({ items: [], malformed: [] });
    } finally {
      await v215.close();
    }
  });

  it('reports a server that refuses connections as SOURCE_UNREACHABLE after retries', async () => {
    const port = await freePort();
    const server = { ...(await serverOf(sim)), url: `http://127.0.0.1:${port}` };
    const err = await failure(client(server).snapshot());
    expect(err.code).toBe(ErrorCode.SOURCE_UNREACHABLE);
    expect(err.details).toMatchObject({ errno: 'ECONNREFUSED', attempts: 4 });
    expect(err.message).not.toContain(sim.token.split(':')[1]!);
  });
});

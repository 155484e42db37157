import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { ResourceList } from '../../src/clusters/cluster.model.js';
import { ErrorCode, FedwatchError } from '../../src/common/errors/index.js';
import type { KubernetesCluster } from '../../src/config/config.types.js';
import {
  createKubernetesClient,
  type KubernetesClient,
  type KubernetesClientOptions,
} from '../../src/sources/kubernetes/index.js';
import {
  startKubernetesSimulator,
  type Json,
  type KubernetesSimulator,
} from '../simulators/kubernetes/index.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * The Kubernetes adapter against the Kubernetes simulator (real HTTP, list paging, watches, churn,
 * compaction, faults). Expected numbers are computed here from the raw objects the simulator
 * serves, by a deliberately plain re-implementation of Rancher's rules with its own quantity
 * parser, and cross-checked with the simulator's own truth (the values it wrote).
 */

// ---- an independent computation -------------------------------------------------------------

const NANO = 1_000_000_000n;
const SUFFIX: Record<string, bigint> = {
  n: 1n,
  u: 1_000n,
  m: 1_000_000n,
  '': NANO,
  k: 10n ** 12n,
  M: 10n ** 15n,
  G: 10n ** 18n,
  T: 10n ** 21n,
  P: 10n ** 24n,
  E: 10n ** 27n,
  Ki: 1024n * NANO,
  Mi: 1024n ** 2n * NANO,
  Gi: 1024n ** 3n * NANO,
  Ti: 1024n ** 4n * NANO,
  Pi: 1024n ** 5n * NANO,
  Ei: 1024n ** 6n * NANO,
};

/** Nano-units of a quantity, or null when it is not one (the simulator's values are exact). */
function nano(text: unknown): bigint | null {
  const m = /^(?=\.?\d)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE]-?\d+)?$/.exec(String(text ?? ''));
  if (!m) return null;
  const [, whole, frac = '', suffix = ''] = m;
  const unit = /^[eE]/.test(suffix) ? 10n ** BigInt(Number(suffix.slice(1)) + 9) : SUFFIX[suffix];
  return (BigInt(`${whole}${frac}` || '0') * unit) / 10n ** BigInt(frac.length);
}

type Totals = Record<'cpu' | 'memory' | 'pods', bigint>;
const zero = (): Totals => ({ cpu: 0n, memory: 0n, pods: 0n });
const get = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o);

function podAmounts(pod: Json, kind: 'requests' | 'limits'): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const c of (get(pod, 'spec', 'containers') as Json[]) ?? []) {
    for (const [r, v] of Object.entries((get(c, 'resources', kind) as Json) ?? {}))
      out[r] = (out[r] ?? 0n) + (nano(v) ?? 0n);
  }
  for (const c of (get(pod, 'spec', 'initContainers') as Json[]) ?? []) {
    for (const [r, v] of Object.entries((get(c, 'resources', kind) as Json) ?? {})) {
      const n = nano(v) ?? 0n;
      if (out[r] === undefined || n > out[r]) out[r] = n;
    }
  }
  return out;
}

function expectedFrom(nodes: Json[], pods: Json[]) {
  const perNode = new Map<string, { requested: Totals; limits: Totals }>();
  for (const n of nodes)
    perNode.set(get(n, 'metadata', 'name') as string, { requested: zero(), limits: zero() });
  for (const p of pods) {
    const node = perNode.get(get(p, 'spec', 'nodeName') as string);
    const phase = get(p, 'status', 'phase');
    if (!node || phase === 'Succeeded' || phase === 'Failed') continue;
    const req = podAmounts(p, 'requests');
    const lim = podAmounts(p, 'limits');
    node.requested.cpu += req.cpu ?? 0n;
    node.requested.memory += req.memory ?? 0n;
    node.requested.pods += NANO;
    node.limits.cpu += lim.cpu ?? 0n;
    node.limits.memory += lim.memory ?? 0n;
  }
  const cluster = {
    nodeCount: nodes.length,
    capacity: zero(),
    allocatable: zero(),
    requested: zero(),
    limits: zero(),
  };
  const roleKeys = ['etcd', 'controlplane', 'control-plane', 'master', 'worker'];
  for (const n of nodes) {
    const labels = (get(n, 'metadata', 'labels') as Record<string, string>) ?? {};
    const roles = roleKeys.filter((r) => `node-role.kubernetes.io/${r}` in labels);
    const worker = roles.includes('worker') || roles.length === 0;
    const taints = (get(n, 'spec', 'taints') as { key: string; effect: string }[]) ?? [];
    const tainted = taints.some(
      (t) =>
        roleKeys.slice(0, 4).some((r) => t.key === `node-role.kubernetes.io/${r}`) &&
        t.effect !== 'PreferNoSchedule',
    );
    if (get(n, 'spec', 'unschedulable') === true || (!worker && tainted)) continue;
    for (const list of ['capacity', 'allocatable'] as const) {
      for (const r of ['cpu', 'memory', 'pods'] as const)
        cluster[list][r] += nano(get(n, 'status', list, r)) ?? 0n;
    }
    const sums = perNode.get(get(n, 'metadata', 'name') as string)!;
    for (const r of ['cpu', 'memory', 'pods'] as const) {
      cluster.requested[r] += sums.requested[r];
      cluster.limits[r] += sums.limits[r];
    }
  }
  return { cluster, perNode };
}

const valuesOf = (list: ResourceList | undefined): Totals => ({
  cpu: nano(list?.cpu ?? '0') as bigint,
  memory: nano(list?.memory ?? '0') as bigint,
  pods: nano(list?.pods ?? '0') as bigint,
});

/** The snapshot's cluster numbers, as values. */
function actualOf(client: KubernetesClient) {
  const snapshot = client.snapshot();
  const c = snapshot.clusters[0];
  return {
    cluster: {
      nodeCount: c.nodeCount,
      capacity: valuesOf(c.capacity),
      allocatable: valuesOf(c.allocatable),
      requested: valuesOf(c.requested),
      limits: valuesOf(c.limits),
    },
    perNode: new Map(
      snapshot.nodes.map((n) => [
        n.nodeName as string,
        { requested: valuesOf(n.requested), limits: valuesOf(n.limits as ResourceList) },
      ]),
    ),
  };
}

function expectConsistent(client: KubernetesClient, target: KubernetesSimulator): void {
  expect(actualOf(client)).toEqual(expectedFrom(target.data.nodes(), target.data.pods()));
}

async function eventually(check: () => void, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

// ---- the tests ------------------------------------------------------------------------------

let sim: KubernetesSimulator;
const clients: KubernetesClient[] = [];
/** Cluster-level faults (which `faults.clear()` keeps) to undo even when a test fails. */
const faultsToRemove: { remove(): void }[] = [];
const FAST: KubernetesClientOptions = {
  backoff: { baseDelayMs: 20, maxDelayMs: 200 },
  metricsIntervalMs: 300,
  watchTimeoutSeconds: 60,
  requestTimeoutMs: 5_000,
};

beforeAll(async () => {
  sim = await startKubernetesSimulator({
    seed: 'kubernetes-client-int',
    nodes: 30,
    pods: 900,
    bookmarkSeconds: 1,
  });
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  for (const fault of faultsToRemove.splice(0)) fault.remove();
  sim.faults.clear();
  sim.faults.watchGoneAs('event');
  sim.churn.stop();
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

function entryFor(target: KubernetesSimulator, kubeconfig = target.kubeconfigFile): KubernetesCluster {
  return { name: 'sim', kubeconfig, context: null, inCluster: false };
}

async function started(target = sim, entry = entryFor(target), options: KubernetesClientOptions = {}) {
  const client = await createKubernetesClient(entry, { ...FAST, ...options });
  clients.push(client);
  client.start();
  return client;
}

describe('Kubernetes client against the simulator', () => {
  it('syncs with paged lists and shows exactly the sums Rancher would compute', async () => {
    const client = await started();
    await client.synced;
    const status = client.status();
    expect(status.state).toBe('active');
    expect(status.resources.pods.count).toBe(sim.data.podCount);
    expect(status.resources.nodes.count).toBe(sim.data.nodeCount);
    expect(status.resources.namespaces.count).toBe(sim.data.namespaceNames().length);
    const pages = sim.requests.entries.filter((r) => r.path === '/api/v1/pods' && /limit=500/.test(r.query));
    expect(pages.length).toBe(Math.ceil(sim.data.podCount / 500));
    expectConsistent(client, sim);

    // And the simulator's own truth, from the values it wrote rather than what it served.
    const truth = sim.data.rancherCluster();
    const { cluster } = actualOf(client);
    expect(cluster.allocatable).toEqual({
      cpu: BigInt(truth.allocatable.cpu) * 1_000_000n,
      memory: BigInt(truth.allocatable.memory) * NANO,
      pods: BigInt(truth.allocatable.pods) * NANO,
    });
    expect(cluster.requested.cpu).toBe(BigInt(truth.requested.cpu) * 1_000_000n);
    expect(cluster.requested.memory).toBe(BigInt(truth.requested.memory) * NANO);
    expect(cluster.requested.pods).toBe(BigInt(truth.requested.pods) * NANO);

    const v3 = client.snapshot().clusters[0];
    expect(v3).toMatchObject({
      id: 'sim',
      state: 'active',
      driver: 'imported',
      provider: 'rke2',
      nodeCount: sim.data.nodeCount,
    });
    expect(v3.version?.gitVersion).toBe('v1.31.4+rke2r1');
    await eventually(() => expect(client.snapshot().usage?.sim?.cpuCores).toBeGreaterThan(0));
  });

  it('applies churn events as they stream in', async () => {
    const client = await started();
    await client.synced;
    const before = client.status().eventsProcessed;
    expect(sim.churn.step(300)).toBeGreaterThan(0);
    await eventually(() => expectConsistent(client, sim));
    expect(client.status().eventsProcessed).toBeGreaterThan(before);
    expect(client.status().resources.pods.relists).toBe(0);
  });

  it('resumes a broken watch from its resourceVersion without listing again', async () => {
    const client = await started();
    await client.synced;
    await eventually(() => expect(sim.watches.open).toBe(3));
    const lists = () => Object.values(client.status().resources).map((r) => r.lists);
    const listsBefore = lists();
    expect(sim.faults.breakWatches({ mode: 'reset' })).toBe(3);
    sim.churn.step(100);
    await eventually(() => expectConsistent(client, sim));
    expect(lists()).toEqual(listsBefore);
    const watchesFrom = sim.requests.entries.filter((r) => /watch=1/.test(r.query)).map((r) => r.query);
    expect(
      watchesFrom.every((q) => /resourceVersion=\d+/.test(q) && /allowWatchBookmarks=true/.test(q)),
    ).toBe(true);
    expect(client.status().state).toBe('active');
  });

  it.each(['event', 'status'] as const)(
    'relists after compaction (410 as %s) and stays consistent',
    async (mode) => {
      sim.faults.watchGoneAs(mode);
      const client = await started();
      await client.synced;
      await eventually(() => expect(sim.watches.open).toBe(3));
      const hold = sim.faults.hold('watch=1');
      sim.faults.breakWatches({ mode: 'reset' });
      sim.churn.step(200);
      sim.faults.compact();
      hold.release();
      hold.remove();
      await eventually(() => expect(client.status().resources.pods.relists).toBeGreaterThanOrEqual(1));
      await eventually(() => expectConsistent(client, sim));
      expect(client.status().state).toBe('active');
      sim.faults.watchGoneAs('event');
    },
  );

  it('reports a malformed quantity with the node and field, and leaves it out of the sums', async () => {
    const client = await started();
    await client.synced;
    const name = sim.data.nodeFacts().find((n) => n.roles.includes('worker') && !n.unschedulable)!.name;
    const fault = sim.faults.malformedQuantity(name);
    faultsToRemove.push(fault);
    await eventually(() => expect(client.status().state).toBe('error'));
    const status = client.status();
    expect(status.malformed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ object: `node/${name}`, field: 'status.allocatable.memory' }),
        expect.objectContaining({ object: `node/${name}`, field: 'status.capacity.memory' }),
      ]),
    );
    expect(status.reason).toContain(`node/${name}`);
    const v3 = client.snapshot().clusters[0];
    expect(v3.state).toBe('error');
    expect(v3.transitioningMessage).toContain(name);
    expectConsistent(client, sim); // the independent computation skips the unreadable value too
    fault.remove();
    await eventually(() => expect(client.status().state).toBe('active'));
    expect(client.status().malformed).toEqual([]);
    expectConsistent(client, sim);
  });

  it('turns a 401 into SOURCE_REJECTED without the token in any message', async () => {
    const secret = 'not-the-token-5f1c0de';
    const file = join(tempDir('fedwatch-k8s-int-'), 'kubeconfig.yaml');
    writeFileSync(file, sim.kubeconfig({ token: secret }));
    const client = await started(sim, entryFor(sim, file));
    const err = await client.synced.then(
      () => null,
      (e: unknown) => e,
    );
    expect(FedwatchError.is(err, ErrorCode.SOURCE_REJECTED)).toBe(true);
    const error = err as FedwatchError;
    expect(error.details.status).toBe(401);
    const status = client.status();
    expect(status).toMatchObject({ state: 'unavailable', errorCode: ErrorCode.SOURCE_REJECTED });
    const everything = JSON.stringify([error.message, error.details, status, client.snapshot()]);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(sim.token);
    expect(client.snapshot().clusters[0].state).toBe('unavailable');
  });

  it('goes unavailable when the token is revoked and recovers by itself', async () => {
    const client = await started();
    await client.synced;
    const fault = sim.faults.rejectToken('watch=1', { times: 1000 });
    sim.faults.breakWatches({ mode: 'reset' });
    await eventually(() => expect(client.status().state).toBe('unavailable'));
    expect(client.status().errorCode).toBe(ErrorCode.SOURCE_REJECTED);
    fault.remove();
    await eventually(() => expect(client.status().state).toBe('active'));
    sim.churn.step(20);
    await eventually(() => expectConsistent(client, sim));
  });
});

describe('Kubernetes client configuration', () => {
  it('refuses an unknown context, a missing file and plain http without skip-verify as CONFIG_INVALID', async () => {
    const dir = tempDir('fedwatch-k8s-int-');
    const insecure = join(dir, 'insecure.yaml');
    writeFileSync(insecure, sim.kubeconfig().replace(/^\s*insecure-skip-tls-verify: true\n/m, ''));
    const attempts = [
      { ...entryFor(sim), context: 'nope' },
      { ...entryFor(sim), kubeconfig: join(dir, 'missing.yaml') },
      entryFor(sim, insecure),
    ];
    for (const entry of attempts) {
      const err = await createKubernetesClient(entry).catch((e: unknown) => e);
      expect(FedwatchError.is(err, ErrorCode.CONFIG_INVALID)).toBe(true);
    }
    const [context, missing, http] = await Promise.all(
      attempts.map((e) => createKubernetesClient(e).catch((x: Error) => x.message)),
    );
    expect(context).toContain('context "nope" is not in the kubeconfig (it has: simulated)');
    expect(missing).toContain('missing.yaml');
    expect(http).toContain('insecure-skip-tls-verify');
  });
});

describe('Kubernetes client over TLS, without metrics-server', () => {
  let tlsSim: KubernetesSimulator;
  beforeAll(async () => {
    tlsSim = await startKubernetesSimulator({
      seed: 'kubernetes-client-tls',
      nodes: 8,
      pods: 120,
      tls: true,
      metrics: false,
    });
  });
  afterAll(async () => {
    await tlsSim.close();
  });

  it('verifies the server with the kubeconfig CA and leaves usage out', async () => {
    const client = await started(tlsSim);
    await client.synced;
    expectConsistent(client, tlsSim);
    await new Promise((r) => setTimeout(r, 400));
    expect(client.snapshot().usage).toBeUndefined();
    expect(client.status().metricsAvailable).toBe(false);
    expect(client.snapshot().clusters[0].apiEndpoint).toMatch(/^https:/);
  });
});

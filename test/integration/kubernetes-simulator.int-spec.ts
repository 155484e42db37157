/**
 * The Kubernetes simulator speaks the API of shared/reference/rancher-kubernetes.md §5 well
 * enough for @kubernetes/client-node 1.4.0, unchanged: discovery, paged lists with consistent
 * continue tokens, watches and informers fed by churn, 410 on compacted resourceVersions (both
 * forms), auth, metrics.k8s.io, faults, kubeconfig/fedwatch config, TLS, determinism by seed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ApisApi,
  CoreV1Api,
  KubeConfig,
  makeInformer,
  Metrics,
  VersionApi,
  type V1Pod,
} from '@kubernetes/client-node';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import {
  startKubernetesSimulator,
  type Json,
  type KubernetesSimulator,
} from '../simulators/kubernetes/index.js';
import { eventually, get, recordWatch } from '../simulators/kubernetes/sim-client.js';
import { tempDir } from '../support/temp-dir.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const clientFor = (yaml: string) => {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  return { kc, core: kc.makeApiClient(CoreV1Api) };
};
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: { code?: number }) => e.code,
  );

let sim: KubernetesSimulator;
let kc: KubeConfig;
let core: CoreV1Api;

beforeAll(async () => {
  sim = await startKubernetesSimulator({ seed: 7, nodes: 24, pods: 600, now: NOW, bookmarkSeconds: 1 });
  ({ kc, core } = clientFor(sim.kubeconfig()));
});
afterAll(() => sim.close());

describe('discovery, auth and single objects', () => {
  it('serves /version, /api, /api/v1 and /apis with metrics.k8s.io', async () => {
    expect((await kc.makeApiClient(VersionApi).getCode()).gitVersion).toBe('v1.31.4+rke2r1');
    const resources = await core.getAPIResources();
    expect(resources.resources.map((r) => r.name)).toEqual(['namespaces', 'nodes', 'pods']);
    const groups = await kc.makeApiClient(ApisApi).getAPIVersions();
    expect(groups.groups.map((g) => g.name)).toEqual(['metrics.k8s.io']);
    expect((await get(sim, '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
  });

  it('answers a wrong token with 401 and no token with 403, in Status shape; /version is public', async () => {
    const bad = clientFor(sim.kubeconfig({ token: 'wrong' }));
    expect(await codeOf(bad.core.listNode())).toBe(401);
    const raw = await get(sim, '/api/v1/pods', { token: 'wrong' });
    expect(raw.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    expect((await get(sim, '/api/v1/nodes', { token: null })).body).toMatchObject({
      code: 403,
      reason: 'Forbidden',
    });
    expect((await get(sim, '/version', { token: null })).status).toBe(200);
  });

  it('reads single nodes, pods and namespaces, and 404s in Status shape', async () => {
    const [ns, name] = sim.data.podKeys({ namespace: 'kube-system' })[0]!.split('/') as [string, string];
    const pod = await core.readNamespacedPod({ name, namespace: ns });
    expect(pod.metadata?.name).toBe(name);
    expect((await get(sim, `/api/v1/namespaces/${ns}/pods/${name}`)).body).toMatchObject({
      kind: 'Pod',
      apiVersion: 'v1',
    });
    const node = await core.readNode({ name: sim.data.nodeNames()[0]! });
    expect(node.status?.nodeInfo?.kubeletVersion).toBe('v1.31.4+rke2r1');
    expect((await core.readNamespace({ name: 'cattle-system' })).status?.phase).toBe('Active');
    const missing = await get(sim, '/api/v1/namespaces/default/pods/nope');
    expect(missing.body).toMatchObject({ reason: 'NotFound', code: 404, message: 'pods "nope" not found' });
  });
});

describe('seeded objects', () => {
  it('has control-plane, etcd and worker nodes, cordoned and NotReady ones, and realistic quantities', async () => {
    const nodes = (await core.listNode()).items;
    expect(nodes).toHaveLength(24);
    const cp = nodes.filter((n) => n.metadata?.labels?.['node-role.kubernetes.io/control-plane'] === 'true');
    expect(cp).toHaveLength(3);
    for (const n of cp)
      expect(n.spec?.taints).toContainEqual(
        expect.objectContaining({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }),
      );
    expect(nodes.filter((n) => n.metadata?.labels?.['node-role.kubernetes.io/etcd'])).toHaveLength(3);
    expect(nodes.some((n) => n.spec?.unschedulable === true)).toBe(true);
    const ready = (n: (typeof nodes)[number]) =>
      n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    expect(nodes.some((n) => ready(n) !== 'True')).toBe(true);
    expect(nodes.some((n) => n.status?.capacity?.['nvidia.com/gpu'])).toBe(true);
    const general = nodes.find(
      (n) => n.metadata?.labels?.['node.kubernetes.io/instance-type'] === 'c1.4xlarge',
    )!;
    expect(general.status?.capacity).toMatchObject({ cpu: '16', memory: '65851340Ki', pods: '110' });
    for (const n of nodes)
      expect(n.status?.conditions?.map((c) => c.type)).toEqual(
        expect.arrayContaining(['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']),
      );
  });

  it('has pods in every phase, with init containers, sidecars, owners and varied quantity syntax', async () => {
    const pods = (await core.listPodForAllNamespaces()).items;
    expect(pods).toHaveLength(sim.data.podCount);
    const phases = new Set(pods.map((p) => p.status?.phase));
    for (const phase of ['Running', 'Pending', 'Succeeded', 'Failed']) expect(phases).toContain(phase);
    expect(pods.some((p) => p.status?.phase === 'Pending' && !p.spec?.nodeName)).toBe(true);
    expect(pods.some((p) => p.spec?.initContainers?.some((c) => c.restartPolicy === 'Always'))).toBe(true);
    const kinds = new Set(pods.map((p) => p.metadata?.ownerReferences?.[0]?.kind));
    for (const kind of ['ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'Node'])
      expect(kinds).toContain(kind);
    const quantities = new Set(
      pods.flatMap((p: V1Pod) =>
        [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])].flatMap((c) => [
          ...Object.values(c.resources?.requests ?? {}),
          ...Object.values(c.resources?.limits ?? {}),
        ]),
      ),
    );
    for (const q of ['100m', '0.5', '1.5Gi', '129e6', '256Mi', '1k']) expect(quantities).toContain(q);
    expect(new Set(pods.map((p) => p.status?.qosClass))).toEqual(
      new Set(['Guaranteed', 'Burstable', 'BestEffort']),
    );
    expect(sim.data.namespaceNames()).toEqual(
      expect.arrayContaining(['kube-system', 'cattle-system', 'cattle-monitoring-system']),
    );
  });

  it('is deterministic by seed and now, and differs for another seed', async () => {
    const again = await startKubernetesSimulator({ seed: 7, nodes: 24, pods: 600, now: NOW });
    const other = await startKubernetesSimulator({ seed: 8, nodes: 24, pods: 600, now: NOW });
    try {
      const body = async (s: KubernetesSimulator) => JSON.stringify((await get(s, '/api/v1/pods')).body);
      const fresh = await startKubernetesSimulator({ seed: 7, nodes: 24, pods: 600, now: NOW });
      expect(await body(again)).toBe(await body(fresh));
      expect(again.token).toBe(fresh.token);
      again.churn.step(300);
      fresh.churn.step(300);
      expect(await body(again)).toBe(await body(fresh));
      expect(again.resourceVersion()).toBe(fresh.resourceVersion());
      await fresh.close();
      expect(await body(other)).not.toBe(await body(again));
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });
});

describe('lists', () => {
  it('pages with limit and continue over one consistent snapshot while churn goes on', async () => {
    const expected = sim.data.podKeys();
    const seen: string[] = [];
    const versions = new Set<string>();
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 50, _continue: token });
      versions.add(page.metadata!.resourceVersion!);
      seen.push(...page.items.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`));
      token = page.metadata?._continue;
      if (token) expect(page.metadata?.remainingItemCount).toBe(expected.length - seen.length);
      sim.churn.step(25); // creates, changes and deletes pods between pages
      pages++;
    } while (token);
    expect(pages).toBe(Math.ceil(expected.length / 50));
    expect(versions.size).toBe(1);
    expect(seen).toEqual(expected);
  });

  it('expires a continue token once its resourceVersion is compacted (410 Expired), with a token to go on', async () => {
    const first = await core.listNode({ limit: 5 });
    sim.churn.step(5);
    sim.faults.compact();
    const raw = await get(sim, `/api/v1/nodes?limit=5&continue=${first.metadata!._continue!}`);
    expect(raw.status).toBe(410);
    expect(raw.body).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
    expect(await codeOf(core.listNode({ limit: 5, _continue: first.metadata!._continue }))).toBe(410);
    const inconsistent = (raw.body.metadata as Json).continue as string;
    const rest = await core.listNode({ limit: 100, _continue: inconsistent });
    expect(rest.items).toHaveLength(sim.data.nodeCount - 5);
  });

  it('filters by namespace, spec.nodeName, status.phase and labels', async () => {
    const node = sim.data.nodeNames()[5]!;
    const onNode = await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node}` });
    expect(onNode.items.map((p) => p.spec?.nodeName)).toEqual(onNode.items.map(() => node));
    expect(onNode.items).toHaveLength(sim.data.countPods({ nodeName: node }));
    const unscheduled = await core.listPodForAllNamespaces({
      fieldSelector: 'spec.nodeName=,status.phase=Pending',
    });
    expect(unscheduled.items.length).toBe(sim.data.countPods({ nodeName: '', phase: 'Pending' }));
    const ns = await core.listNamespacedPod({
      namespace: 'kube-system',
      labelSelector: 'tier=control-plane',
    });
    expect(ns.items.length).toBeGreaterThan(0);
    expect(ns.items.every((p) => p.metadata?.namespace === 'kube-system')).toBe(true);
    expect(await codeOf(core.listNode({ fieldSelector: 'spec.bogus=1' }))).toBe(400);
  });
});

describe('watches', () => {
  it('streams churn after the list resourceVersion, with bookmarks, to a Watch', async () => {
    const list = await core.listPodForAllNamespaces({ limit: 1 });
    const rv = list.metadata!.resourceVersion!;
    const w = await recordWatch(kc, '/api/v1/pods', { resourceVersion: rv, allowWatchBookmarks: true });
    sim.churn.step(40);
    const now = sim.resourceVersion();
    // A bookmark at the current resourceVersion: every change before it has been sent.
    const rvOf = (e: { object: Json }) => (e.object.metadata as Json).resourceVersion;
    await eventually(() => w.events.some((e) => e.type === 'BOOKMARK' && rvOf(e) === now), 5000, 'bookmark');
    const bookmark = w.events.find((e) => e.type === 'BOOKMARK')!;
    expect(bookmark.object).toEqual({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { resourceVersion: expect.any(String) },
    });
    const changes = w.events.filter((e) => e.type !== 'BOOKMARK');
    // Churn also cordons nodes now and then (2 % of steps): those are not pod events.
    expect(changes.length).toBeGreaterThanOrEqual(30);
    expect(changes.length).toBeLessThanOrEqual(40);
    expect(new Set(changes.map((e) => e.type))).toEqual(new Set(['ADDED', 'MODIFIED', 'DELETED']));
    const rvs = changes.map((e) => Number(rvOf(e)));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(rvs[0]).toBeGreaterThan(Number(rv));
    expect(changes[0]!.object).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
    w.abort();
  });

  it('ends a watch after timeoutSeconds, cleanly', async () => {
    const w = await recordWatch(kc, '/api/v1/nodes', {
      resourceVersion: sim.resourceVersion(),
      timeoutSeconds: 1,
    });
    expect(await w.done).toBeNull();
  });

  it('keeps an informer in step with timer-driven churn, across broken watches and a 410', async () => {
    let lists = 0;
    const informer = makeInformer(kc, '/api/v1/pods', () => {
      lists++;
      return core.listPodForAllNamespaces();
    });
    const errors: unknown[] = [];
    let stopped = false;
    // As the library asks: after an error, start again after a back-off (not once stopped: stop() aborts with an error too).
    informer.on('error', (err) => {
      errors.push(err);
      if (!stopped) setTimeout(() => void informer.start(), 100);
    });
    await informer.start();
    sim.churn.start(300);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(sim.faults.breakWatches({ mode: 'reset' })).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 700));
    sim.faults.breakWatches({ mode: 'expire' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    sim.churn.stop();
    const versions = (
      pods: readonly { metadata?: { namespace?: string; name?: string; resourceVersion?: string } }[],
    ) =>
      JSON.stringify(
        pods.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}@${p.metadata!.resourceVersion}`).sort(),
      );
    const truth = versions(sim.data.pods() as never);
    await eventually(() => versions(informer.list()) === truth, 10_000, 'informer to catch up');
    stopped = true;
    await informer.stop();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(lists).toBeGreaterThanOrEqual(2); // the 410 made it list again
  });

  it('answers a watch from a compacted resourceVersion with an ERROR 410 event, or HTTP 410 by fault', async () => {
    const w = await recordWatch(kc, '/api/v1/pods', { resourceVersion: '1' });
    expect(await w.done).toBeNull();
    expect(w.events).toEqual([
      {
        type: 'ERROR',
        object: expect.objectContaining({
          kind: 'Status',
          reason: 'Expired',
          code: 410,
          message: expect.stringMatching(/^too old resource version: 1 \(\d+\)$/),
        }),
      },
    ]);
    sim.faults.watchGoneAs('status');
    try {
      const h = await recordWatch(kc, '/api/v1/pods', { resourceVersion: '1' });
      expect(await h.done).toMatchObject({ statusCode: 410 });
      expect((await get(sim, '/api/v1/pods?watch=1&resourceVersion=1')).body).toMatchObject({
        code: 410,
        reason: 'Expired',
      });
    } finally {
      sim.faults.watchGoneAs('event');
    }
  });

  it('starts a watch from "0" with the current objects as ADDED', async () => {
    const w = await recordWatch(kc, '/api/v1/namespaces', { resourceVersion: '0' });
    const added = await w.until(sim.data.namespaceNames().length, 'ADDED');
    expect(added.map((e) => (e.object.metadata as Json).name)).toEqual(sim.data.namespaceNames());
    w.abort();
  });
});

describe('metrics.k8s.io', () => {
  it('serves NodeMetrics and PodMetrics in the metrics-server shape', async () => {
    const metrics = new Metrics(kc);
    const nodes = await metrics.getNodeMetrics();
    const ready = sim.data.nodeFacts().filter((n) => n.ready === 'True');
    expect(nodes.kind).toBe('NodeMetricsList');
    expect(nodes.items.map((i) => i.metadata.name).sort()).toEqual(ready.map((n) => n.name).sort());
    for (const i of nodes.items) {
      expect(i.usage.cpu).toMatch(/^\d+n$/);
      expect(i.usage.memory).toMatch(/^\d+Ki$/);
      expect(i.window).toMatch(/^\d+\.\d{3}s$/);
    }
    const pods = await metrics.getPodMetrics('kube-system');
    expect(pods.items.length).toBe(sim.data.countPods({ namespace: 'kube-system', phase: 'Running' }));
    expect(pods.items[0]!.containers[0]!.usage.cpu).toMatch(/^\d+n$/);
    const one = await get(sim, `/apis/metrics.k8s.io/v1beta1/nodes/${ready[0]!.name}`);
    expect(one.body).toMatchObject({ kind: 'NodeMetrics', apiVersion: 'metrics.k8s.io/v1beta1' });
  });

  it('answers 404 and leaves the group out of /apis with metrics: false', async () => {
    const bare = await startKubernetesSimulator({ seed: 1, nodes: 3, pods: 20, now: NOW, metrics: false });
    try {
      expect((await get(bare, '/apis/metrics.k8s.io/v1beta1/nodes')).status).toBe(404);
      expect((await get(bare, '/apis')).body).toMatchObject({ groups: [] });
    } finally {
      await bare.close();
    }
  });
});

describe('faults', () => {
  it('answers injected errors as Status objects, the given number of times', async () => {
    sim.faults.error('/api/v1/nodes', { status: 503, times: 1 });
    expect(await codeOf(core.listNode())).toBe(503);
    expect((await core.listNode()).items).toHaveLength(24);
    sim.faults.error('/api/v1/nodes', { status: 429, times: 1 });
    const raw = await get(sim, '/api/v1/nodes');
    expect(raw.body).toMatchObject({ kind: 'Status', code: 429, reason: 'TooManyRequests' });
    expect(raw.headers.get('retry-after')).toBe('1');
  });

  it('serves a malformed quantity on one node and tells watches', async () => {
    const name = sim.data.nodeNames()[3]!;
    const w = await recordWatch(kc, '/api/v1/nodes', { resourceVersion: sim.resourceVersion() });
    const fault = sim.faults.malformedQuantity(name);
    const [event] = await w.until(1, 'MODIFIED');
    expect(((event!.object.status as Json).allocatable as Json).memory).toBe('65851340KiB');
    expect((await core.readNode({ name })).status?.capacity?.memory).toBe('65851340KiB');
    fault.remove();
    expect((await core.readNode({ name })).status?.capacity?.memory).toMatch(/^\d+Ki$/);
    w.abort();
  });
});

describe('configuration and TLS', () => {
  it('writes a kubeconfig beside a fedwatch config, merging into what is there', async () => {
    const dir = tempDir('k8s-sim-config-');
    const file = join(dir, 'fedwatch.yaml');
    writeFileSync(
      file,
      'site:\n  name: TEST-SITE\nkubernetes:\n  clusters:\n    - name: other\n      inCluster: true\n',
    );
    const { kubeconfig } = await sim.writeConfig(file, { name: 'sim' });
    const doc = YAML.parse(readFileSync(file, 'utf8')) as Json;
    expect(doc.site).toEqual({ name: 'TEST-SITE' });
    expect((doc.kubernetes as Json).clusters).toEqual([
      { name: 'other', inCluster: true },
      { name: 'sim', kubeconfig, context: 'sim' },
    ]);
    const fromFile = new KubeConfig();
    fromFile.loadFromFile(kubeconfig);
    expect(fromFile.getCurrentContext()).toBe('sim');
    expect((await fromFile.makeApiClient(CoreV1Api).listNode()).items).toHaveLength(24);
    const inline = sim.fedwatchConfig();
    expect(inline).toEqual({
      kubernetes: { clusters: [{ name: 'simulated', kubeconfig: sim.kubeconfigFile, context: 'simulated' }] },
    });
  });

  it('serves HTTPS with the CA in the kubeconfig', async () => {
    const secure = await startKubernetesSimulator({ seed: 2, nodes: 4, pods: 40, now: NOW, tls: true });
    try {
      expect(secure.url).toMatch(/^https:/);
      const config = secure.kubeconfigObject();
      expect(JSON.stringify(config)).toContain('certificate-authority-data');
      const client = clientFor(secure.kubeconfig());
      expect((await client.core.listNode()).items).toHaveLength(4);
    } finally {
      await secure.close();
    }
  });
});

describe("Rancher's numbers", () => {
  it('sums counted nodes only and applies the init-container max rule', () => {
    const perNode = sim.data.rancherNodes();
    const cluster = sim.data.rancherCluster();
    expect(cluster.nodeCount).toBe(24);
    const counted = perNode.filter((n) => n.counted);
    expect(counted.length).toBeLessThan(24);
    const facts = sim.data.nodeFacts();
    for (const n of perNode) {
      const f = facts.find((x) => x.name === n.name)!;
      if (f.unschedulable) expect(n.counted).toBe(false);
    }
    expect(cluster.requested.cpu).toBe(counted.reduce((s, n) => s + n.requested.cpu, 0));
    expect(cluster.allocatable.pods).toBe(counted.length * 110);
    // Sidecars and overhead make the scheduler reserve more than Rancher shows, never less.
    for (const n of perNode) expect(n.schedulerRequested.cpu).toBeGreaterThanOrEqual(n.requested.cpu);
  });
});

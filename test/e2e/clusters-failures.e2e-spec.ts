/**
 * Cluster health when Rancher servers misbehave, through the built service polling every second:
 * two simulated Rancher servers (each with its own `local` cluster) and one on a closed port.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { clustersOfKind, startRancherSimulator, type RancherSimulator } from '../simulators/rancher/index.js';
import {
  CLUSTER_HEADER,
  clusterCells,
  rancherClusters,
  rancherNodes,
  sample,
  startClustersBed,
  tabwriter,
  waitFor,
  type ClustersBed,
  type Json,
} from '../support/clusters-bed.js';
import { tempDir } from '../support/temp-dir.js';

describe('cluster health with failing, unreachable and ambiguous Rancher servers', () => {
  let a: RancherSimulator;
  let b: RancherSimulator;
  let bed: ClustersBed;
  const clustersOf = async (source: string) =>
    (await bed.rest<{ clusters: Json[] }>(`/api/v1/clusters?source=${source}`)).clusters;
  const failingLogs = (source: string) =>
    bed.logs().filter((l) => l.msg === 'cluster source failing' && l.source === source);

  beforeAll(async () => {
    a = await startRancherSimulator({ seed: 'clusters-e2e-a', clusters: 5, nodes: 2 });
    b = await startRancherSimulator({ seed: 'clusters-e2e-b', clusters: 3, nodes: 2 });
    bed = await startClustersBed(tempDir('fedwatch-e2e-clusters-failures-'), {
      sims: [
        { name: 'rancher-a', sim: a },
        { name: 'rancher-b', sim: b },
      ],
      unreachable: ['rancher-down'],
    });
  });
  afterAll(async () => {
    await bed?.stop();
    await a?.close();
    await b?.close();
  });

  it('a wrong API key: every cluster of that server unavailable with a reason, logged once, then recovery', async () => {
    const seeded = (await rancherClusters(a)).map((c) => [`rancher-a:${c.id}`, c.state]);
    expect((await clustersOf('rancher-a')).map((c) => [c.id, c.state])).toEqual(seeded);
    const token = a.token;
    a.setToken('token-wrong:x9k2mq7vbn4c8tz5hw3lp6rd1fs0gjye');
    try {
      const failing = await waitFor(
        'rancher-a is unavailable',
        () => clustersOf('rancher-a'),
        (cs) => cs.every((c) => c.state === 'unavailable'),
      );
      expect(failing.map((c) => c.id)).toEqual(seeded.map(([id]) => id));
      for (const c of failing)
        expect(c.reason).toMatch(/^Rancher rancher-a at .* refused the request \(HTTP 401\)/);
      // The CLI shows the same state.
      const ls = await bed.cli(['cluster', 'ls', '--rancher', 'rancher-a']);
      expect(
        ls.stdout
          .split('\n')
          .slice(1, -1)
          .every((l) => / unavailable {3}/.test(l)),
      ).toBe(true);
      // Several more polls, one log line.
      const refused = a.requests.count('/v3/clusters', { status: 401 });
      await waitFor(
        '3 more polls',
        async () => a.requests.count('/v3/clusters', { status: 401 }),
        (n) => n >= refused + 3,
      );
      expect(failingLogs('rancher-a')).toHaveLength(1);
      expect(failingLogs('rancher-a')[0]).toMatchObject({ level: 'warn', state: 'unavailable' });
    } finally {
      a.setToken(token);
    }
    await waitFor(
      'rancher-a recovers',
      async () => (await clustersOf('rancher-a')).map((c) => [c.id, c.state]),
      (cs) => JSON.stringify(cs) === JSON.stringify(seeded),
    );
    expect(
      bed.logs().filter((l) => l.msg === 'cluster source recovered' && l.source === 'rancher-a'),
    ).toHaveLength(1);
    expect(failingLogs('rancher-a')).toHaveLength(1);
    const secret = token.slice(token.indexOf(':') + 1);
    expect(bed.service.output()).not.toContain(secret);
  });

  it('an unreachable server shows one row `unknown` while the others keep updating', async () => {
    const down = await clustersOf('rancher-down');
    expect(down).toHaveLength(1);
    expect(down[0]).toMatchObject({ id: 'rancher-down:rancher-down', state: 'unknown' });
    expect(down[0]!.reason).toMatch(/unreachable/);
    expect(failingLogs('rancher-down')).toHaveLength(1);

    const rke2 = clustersOfKind(a.data, 'rke2')[0]!.id as string;
    const before = sample(await bed.metrics(), 'fedwatch_cluster_source_last_success_timestamp_seconds', {
      source: 'rancher-a',
    });
    a.setClusterState(rke2, 'updating');
    try {
      await waitFor(
        'rancher-a shows the new state',
        async () => (await clustersOf('rancher-a')).find((c) => c.clusterId === rke2)!.state,
        (s) => s === 'updating',
        5_000,
      );
      // Each poll of rancher-down spends 1.75–3.5 s in retries; rancher-a is still polled every
      // second (3 or 4 ticks in 3.5 s), not once per rancher-down poll (at most 2).
      const polls = () => a.requests.count('/v3/clusters', { status: 200 });
      const start = polls();
      await new Promise((r) => setTimeout(r, 3_500));
      expect(polls() - start).toBeGreaterThanOrEqual(3);
    } finally {
      a.setClusterState(rke2, 'active');
    }
    const after = sample(await bed.metrics(), 'fedwatch_cluster_source_last_success_timestamp_seconds', {
      source: 'rancher-a',
    });
    expect(after).toBeGreaterThan(before!);
    const scrape = await bed.metrics();
    expect(
      sample(scrape, 'fedwatch_cluster_state', { cluster: 'rancher-down:rancher-down', state: 'unknown' }),
    ).toBe(1);
    expect(
      sample(scrape, 'fedwatch_cluster_source_last_success_timestamp_seconds', { source: 'rancher-down' }),
    ).toBe(undefined);
  });

  it('`cluster use local` is ambiguous with two Rancher servers; `cluster use <source>:local` works', async () => {
    const ambiguous = await bed.cli(['cluster', 'use', 'local']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('rancher-a:local');
    expect(ambiguous.stderr).toContain('rancher-b:local');

    const use = await bed.cli(['cluster', 'use', 'rancher-b:local']);
    expect(use).toMatchObject({ code: 0, stdout: 'current cluster: rancher-b:local (local)\n' });
    const rawA = await rancherClusters(a);
    const rawB = await rancherClusters(b);
    const ls = await bed.cli(['cluster', 'ls']);
    // Only the `local` of rancher-b is current, although both servers call theirs `local`.
    const downRow = { id: 'rancher-down', state: 'unknown', name: 'rancher-down', driver: '' };
    expect(ls.stdout).toBe(
      tabwriter([
        CLUSTER_HEADER,
        ...rawA.map((c) => clusterCells(c)),
        ...rawB.map((c) => clusterCells(c, c.id === 'local')),
        clusterCells(downRow),
      ]),
    );
    const nodes = await bed.cli(['nodes', 'ls', '-q']);
    expect(nodes.stdout).toBe((await rancherNodes(b, 'local')).map((n) => `${n.id}\n`).join(''));
  });
});

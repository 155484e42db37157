/** Seeding: deterministic, every kind of cluster, totals that follow Rancher's rules (§3.5). */
import { describe, expect, it } from '@jest/globals';
import { CLUSTER_KINDS, clustersOfKind, nodesOf, type Json } from './model.js';
import { resolveOptions } from './index.js';
import { seedRancher } from './seed.js';

/** The test's own reading of the quantities the simulator writes, to check its sums independently. */
const UNITS: Record<string, bigint> = {
  m: 1n,
  '': 1000n,
  k: 1_000_000n,
  Ki: 1024_000n,
  Mi: 1024n ** 2n * 1000n,
  Gi: 1024n ** 3n * 1000n,
};
function milli(q: string): bigint {
  const m = /^(\d+)(m|k|Ki|Mi|Gi)?$/.exec(q);
  if (!m) throw new Error(`unexpected quantity ${q}`);
  return BigInt(m[1]!) * UNITS[m[2] ?? '']!;
}
/** Canonical: no suffix would fit a larger one exactly (`1024Mi` should be `1Gi`, `2000m` `2`). */
function canonical(q: string): boolean {
  const m = /^(\d+)(m|k|Ki|Mi|Gi)?$/.exec(q)!;
  const n = BigInt(m[1]!);
  if (m[2] === 'm') return n % 1000n !== 0n;
  if (m[2] === 'Ki' || m[2] === 'Mi') return n % 1024n !== 0n;
  return true;
}

describe('seeding', () => {
  it('is deterministic for a seed, and differs for another', () => {
    const a = seedRancher(resolveOptions({ seed: 42, clusters: 12, nodes: 5 }));
    const b = seedRancher(resolveOptions({ seed: 42, clusters: 12, nodes: 5 }));
    const c = seedRancher(resolveOptions({ seed: 43, clusters: 12, nodes: 5 }));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c.clusters)).not.toBe(JSON.stringify(a.clusters));
    const withToken = seedRancher(resolveOptions({ seed: 42, clusters: 12, nodes: 5, token: 'token-x1:y' }));
    expect(JSON.stringify({ ...withToken, token: a.token })).toBe(JSON.stringify(a));
    expect(a.token).toMatch(/^token-[a-z0-9]{5}:[a-z0-9]{54}$/);
  });

  it('has every kind of cluster, shaped like the reference', () => {
    const data = seedRancher(resolveOptions({ seed: 7, clusters: 10, nodes: 4 }));
    for (const kind of CLUSTER_KINDS)
      expect([kind, clustersOfKind(data, kind).length > 0]).toEqual([kind, true]);
    const one = (kind: (typeof CLUSTER_KINDS)[number]) => clustersOfKind(data, kind)[0]!;
    expect(one('local')).toMatchObject({
      id: 'local',
      driver: 'local',
      provider: 'k3s',
      internal: true,
      state: 'active',
    });
    expect(one('imported-eks')).toMatchObject({
      name: '',
      driver: 'imported',
      provider: 'eks',
      state: 'updating',
      transitioning: 'yes',
    });
    expect(one('imported-eks').requested).not.toHaveProperty('pods');
    expect(one('imported-eks').allocatable).toMatchObject({ memory: expect.stringMatching(/^\d+Gi$/) });
    expect(one('unavailable')).toMatchObject({ state: 'unavailable', transitioning: 'error' });
    expect(one('removing')).toMatchObject({ state: 'removing', removed: expect.any(String) });
    expect(one('inactive').state).toBe('inactive');
    for (const c of data.clusters) {
      for (const key of [
        'id',
        'type',
        'name',
        'state',
        'transitioning',
        'transitioningMessage',
        'driver',
        'provider',
        'nodeCount',
        'requested',
        'allocatable',
        'capacity',
        'limits',
        'conditions',
        'version',
        'apiEndpoint',
        'created',
      ])
        expect([c.id, key, key in c]).toEqual([c.id, key, true]);
      expect(c.id).toMatch(/^(local|c-m-[a-z0-9]{8}|c-[a-z0-9]{5})$/);
    }
    for (const n of data.nodes)
      expect(n.id).toMatch(new RegExp(`^${n.clusterId as string}:machine-[a-z0-9]{5}$`));
    const rke2Nodes = nodesOf(data, one('rke2').id as string);
    expect(rke2Nodes.some((n) => n.nodeName === '' && n.requestedHostname !== '')).toBe(true);
    expect(rke2Nodes.some((n) => n.unschedulable === true && n.state === 'cordoned')).toBe(true);
    const pool = data.nodePools.find((p) => p.clusterId === one('rke2').id)!;
    expect(rke2Nodes.filter((n) => n.nodePoolId === pool.id).length).toBe(pool.quantity);
  });

  it("sums each cluster's nodes by Rancher's rules, in canonical form", () => {
    const data = seedRancher(resolveOptions({ seed: 'sums', clusters: 30, nodes: 6 }));
    const controlPlaneKeys = /^node-role\.kubernetes\.io\/(controlplane|control-plane|etcd)$/;
    let excluded = 0;
    for (const cluster of data.clusters) {
      const nodes = nodesOf(data, cluster.id as string);
      expect(cluster.nodeCount).toBe(nodes.length);
      const counted = nodes.filter((n) => {
        const worker = n.worker === true || (!n.controlPlane && !n.etcd);
        const tainted = (n.taints as Json[]).some(
          (t) =>
            controlPlaneKeys.test(t.key as string) &&
            ['NoSchedule', 'NoExecute'].includes(t.effect as string),
        );
        return n.unschedulable !== true && (worker || !tainted);
      });
      excluded += nodes.length - counted.length;
      for (const field of ['requested', 'allocatable', 'capacity', 'limits'])
        for (const [resource, total] of Object.entries(cluster[field] as Record<string, string>)) {
          const sum = counted.reduce(
            (acc, n) => acc + milli((n[field] as Record<string, string>)[resource] ?? '0'),
            0n,
          );
          expect([cluster.id, field, resource, milli(total)]).toEqual([cluster.id, field, resource, sum]);
          expect([total, canonical(total)]).toEqual([total, true]);
        }
    }
    expect(excluded).toBeGreaterThan(0); // the rules did leave nodes out somewhere
  });
});

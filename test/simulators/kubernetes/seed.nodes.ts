/**
 * Nodes: control plane and etcd first (tainted so that Rancher leaves them out of the sums), then
 * workers over the pools. A few workers are cordoned, NotReady or under pressure; the counts are
 * fixed by the node count so that tests can rely on them (see README.md).
 */
import type { Rng } from '../openstack/prng.js';
import { CONTROL_PLANE_TYPE, FIRST_POOLS, WORKER_POOLS, ZONES, type WorkerPool } from './catalog.nodes.js';
import { suffix } from './ids.js';
import type { NodeRecord, NodeRole } from './model.js';

const DAY = 86_400_000;

type Draft = { -readonly [K in keyof NodeRecord]: NodeRecord[K] };

/** How many workers get each condition (disjoint sets). */
export function conditionCounts(workers: number) {
  return {
    cordoned: workers >= 5 ? Math.max(1, Math.round(workers * 0.02)) : 0,
    notReady: workers >= 5 ? Math.max(1, Math.round(workers * 0.01)) : 0,
    diskPressure: workers >= 10 ? 1 : 0,
    memoryPressure: workers >= 50 ? 1 : 0,
    noRoleLabel: workers >= 3 ? Math.max(1, Math.round(workers * 0.1)) : 0,
  };
}

function pickPool(rng: Rng): WorkerPool {
  const total = WORKER_POOLS.reduce((s, p) => s + p.weight, 0);
  let r = rng.next() * total;
  for (const p of WORKER_POOLS) if ((r -= p.weight) < 0) return p;
  return WORKER_POOLS[0]!;
}

export function seedNodes(rng: Rng, count: number, nowMs: number, clusterCreatedMs: number): NodeRecord[] {
  const nodes: Draft[] = [];
  const names = new Set<string>();
  const add = (
    pool: string,
    roles: NodeRole[],
    roleTaints: NodeRecord['roleTaints'],
    p: Pick<WorkerPool, 'type' | 'os'>,
    createdMs: number,
  ) => {
    let name = `sim-${pool}-${suffix(rng)}`;
    while (names.has(name)) name = `sim-${pool}-${suffix(rng)}`;
    names.add(name);
    const index = nodes.length;
    nodes.push({
      key: name,
      name,
      index,
      serial: index + 1,
      rv: 0,
      createdMs,
      roles,
      roleTaints,
      type: p.type,
      zone: ZONES[index % ZONES.length]!,
      os: p.os,
      ready: 'True',
      readySinceMs: createdMs + rng.int(20, 90) * 1000,
      unschedulable: false,
      pressure: null,
      malformed: null,
    });
  };
  const cp = { type: CONTROL_PLANE_TYPE, os: 'linux' as const };
  const boot = clusterCreatedMs;
  if (count === 1) add('server', ['control-plane', 'etcd', 'worker'], [], WORKER_POOLS[0]!, boot);
  else if (count < 20) {
    for (let i = 0; i < (count < 3 ? 1 : 3); i++)
      add('cp', ['control-plane', 'etcd'], ['control-plane', 'etcd'], cp, boot + i * 300_000);
  } else {
    // The third control-plane node also carries the worker role: Rancher counts it despite its taint.
    for (let i = 0; i < 3; i++) {
      const roles: NodeRole[] = i === 2 ? ['control-plane', 'worker'] : ['control-plane'];
      add('cp', roles, ['control-plane'], cp, boot + i * 300_000);
    }
    for (let i = 0; i < 3; i++) add('etcd', ['etcd'], ['etcd'], cp, boot + i * 300_000);
  }
  const firstWorker = nodes.length;
  for (let w = 0; nodes.length < count; w++) {
    const pool =
      w < FIRST_POOLS.length && count - firstWorker >= 4
        ? WORKER_POOLS.find((p) => p.pool === FIRST_POOLS[w])!
        : pickPool(rng);
    const createdMs = boot + DAY + Math.floor(rng.next() * (nowMs - boot - 2 * DAY));
    add(pool.pool, ['worker'], [], pool, createdMs);
  }
  const workers = rng.shuffle(nodes.slice(firstWorker).map((n) => n.index));
  const c = conditionCounts(workers.length);
  let at = 0;
  const take = (n: number) => workers.slice(at, (at += n)).map((i) => nodes[i]!);
  for (const n of take(c.cordoned)) n.unschedulable = true;
  for (const [i, n] of take(c.notReady).entries()) {
    n.ready = i % 2 === 0 ? 'Unknown' : 'False';
    n.readySinceMs = nowMs - rng.int(300, 3 * 3600) * 1000;
  }
  for (const n of take(c.diskPressure)) n.pressure = 'DiskPressure';
  for (const n of take(c.memoryPressure)) n.pressure = 'MemoryPressure';
  // Nodes without a role label are workers to Rancher; taken from the healthy rest.
  for (const n of take(c.noRoleLabel)) n.roles = [];
  return nodes;
}

/** Rancher's roles (§3.5): the labelled ones, or worker when there is none. */
export function rancherRoles(n: NodeRecord): { controlPlane: boolean; etcd: boolean; worker: boolean } {
  const has = (r: NodeRole) => n.roles.includes(r);
  const none = n.roles.length === 0;
  return { controlPlane: has('control-plane'), etcd: has('etcd'), worker: has('worker') || none };
}

/**
 * A small scheduler for seeding and churn: a pod goes to a random eligible node where its requests
 * (scheduler rule) still fit, or stays Pending. Eligible: Ready, schedulable, no pressure, the right
 * OS, GPU nodes only for GPU pods (they carry an `nvidia.com/gpu` taint), no control-plane/etcd
 * taint unless the workload tolerates everything.
 */
import type { Rng } from '../openstack/prng.js';
import type { NodeRecord, Workload } from './model.js';
import { schedulerPod } from './requests.js';
import { EVICTION_KI, RESERVED_CPU_MILLIS } from './catalog.nodes.js';

export const MAX_PODS = 110;

export interface Allocatable {
  cpu: number;
  memory: number;
  pods: number;
  gpu: number;
}

export function allocatable(n: NodeRecord): Allocatable {
  return {
    cpu: n.type.cpu * 1000 - (RESERVED_CPU_MILLIS[n.type.name] ?? 0),
    memory: (n.type.memoryKi - EVICTION_KI) * 1024,
    pods: MAX_PODS,
    gpu: n.type.gpus,
  };
}

const eligible = (n: NodeRecord, w: Workload): boolean =>
  n.ready === 'True' &&
  !n.unschedulable &&
  n.pressure === null &&
  n.os === w.os &&
  (w.gpus > 0 ? n.type.gpus >= w.gpus : n.type.gpus === 0 || w.tolerateAll) &&
  (w.tolerateAll || n.roleTaints.length === 0);

export class Placement {
  private readonly cpu: Float64Array;
  private readonly memory: Float64Array;
  private readonly pods: Int32Array;
  private readonly gpus: Int32Array;
  private readonly alloc: Allocatable[];
  private readonly candidates = new Map<string, number[]>();
  private readonly requests = new WeakMap<Workload, ReturnType<typeof schedulerPod>>();

  constructor(private nodes: readonly NodeRecord[]) {
    this.cpu = new Float64Array(nodes.length);
    this.memory = new Float64Array(nodes.length);
    this.pods = new Int32Array(nodes.length);
    this.gpus = new Int32Array(nodes.length);
    this.alloc = nodes.map(allocatable);
  }

  /** Node states changed (cordon, NotReady): candidate lists are rebuilt on next use. */
  update(nodes: readonly NodeRecord[]): void {
    this.nodes = nodes;
    this.candidates.clear();
  }

  /** A node index for a pod of `w`, or -1 when none has room. */
  place(w: Workload, rng: Rng, tries = 8): number {
    const list = this.eligibleFor(w);
    if (list.length === 0) return -1;
    for (let t = 0; t < tries; t++) {
      const i = list[Math.floor(rng.next() * list.length)]!;
      if (this.fits(i, w)) return i;
    }
    return -1;
  }

  /** Any eligible node, room or not: where a finished pod ran (it holds nothing now). */
  any(w: Workload, rng: Rng): number {
    const list = this.eligibleFor(w);
    return list.length === 0 ? -1 : list[Math.floor(rng.next() * list.length)]!;
  }

  private eligibleFor(w: Workload): number[] {
    const key = `${w.os}|${w.gpus}|${w.tolerateAll}`;
    let list = this.candidates.get(key);
    if (!list) {
      list = this.nodes.filter((n) => eligible(n, w)).map((n) => n.index);
      this.candidates.set(key, list);
    }
    return list;
  }

  fits(i: number, w: Workload): boolean {
    const r = this.requestsOf(w);
    const a = this.alloc[i]!;
    return (
      this.pods[i]! < a.pods &&
      this.cpu[i]! + r.cpu <= a.cpu &&
      this.memory[i]! + r.memory <= a.memory &&
      this.gpus[i]! + r.gpu <= a.gpu
    );
  }

  /** Counts a pod that holds resources on node `i` (sign -1 to release). */
  hold(i: number, w: Workload, sign: 1 | -1 = 1): void {
    if (i < 0) return;
    const r = this.requestsOf(w);
    this.cpu[i] += sign * r.cpu;
    this.memory[i] += sign * r.memory;
    this.pods[i] += sign;
    this.gpus[i] += sign * r.gpu;
  }

  private requestsOf(w: Workload) {
    let r = this.requests.get(w);
    if (!r) this.requests.set(w, (r = schedulerPod(w)));
    return r;
  }
}

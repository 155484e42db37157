/**
 * The pods churn may act on, grouped by lifecycle stage, each a set with O(1) add, delete and
 * random pick (swap-remove), so a churn step costs the same at 150 or 150,000 pods.
 */
import type { Rng } from '../openstack/prng.js';
import type { PodRecord } from './model.js';

export class KeySet {
  private readonly keys: string[] = [];
  private readonly at = new Map<string, number>();

  get size(): number {
    return this.keys.length;
  }

  add(key: string): void {
    if (this.at.has(key)) return;
    this.at.set(key, this.keys.length);
    this.keys.push(key);
  }

  delete(key: string): void {
    const i = this.at.get(key);
    if (i === undefined) return;
    const last = this.keys.pop()!;
    this.at.delete(key);
    if (last !== key) {
      this.keys[i] = last;
      this.at.set(last, i);
    }
  }

  pick(rng: Rng): string | undefined {
    return this.keys.length ? this.keys[Math.floor(rng.next() * this.keys.length)] : undefined;
  }
}

export type Stage = 'unscheduled' | 'starting' | 'running' | 'runningJob' | 'finished' | 'terminating';

const SYSTEM = /^(kube-|cattle-|default$|local$)/;

/** Tenant ReplicaSet and Job pods: the ones a cluster's churn is made of. */
export const churnable = (p: PodRecord): boolean =>
  (p.workload.ownerKind === 'ReplicaSet' || p.workload.ownerKind === 'Job') && !SYSTEM.test(p.namespace);

/** Whether the pod holds resources on its node (the placement counts it). */
export const holds = (p: PodRecord): boolean =>
  p.node >= 0 && p.phase !== 'Succeeded' && p.phase !== 'Failed';

export function stageOf(p: PodRecord): Stage | null {
  if (!churnable(p)) return null;
  if (p.deletingMs !== null) return 'terminating';
  if (p.phase === 'Succeeded' || p.phase === 'Failed') return 'finished';
  if (p.phase === 'Pending') return p.node < 0 ? 'unscheduled' : 'starting';
  if (p.phase === 'Running') return p.workload.finishes ? 'runningJob' : 'running';
  return null;
}

export class StageSets {
  readonly sets: Record<Stage, KeySet> = {
    unscheduled: new KeySet(),
    starting: new KeySet(),
    running: new KeySet(),
    runningJob: new KeySet(),
    finished: new KeySet(),
    terminating: new KeySet(),
  };

  /** Moves a pod from its old stage to its new one (either may be null: created, deleted). */
  move(prev: PodRecord | null, next: PodRecord | null): void {
    const from = prev ? stageOf(prev) : null;
    const to = next ? stageOf(next) : null;
    if (from) this.sets[from].delete(prev!.key);
    if (to) this.sets[to].add(next!.key);
  }
}

/**
 * Pod churn: pods are created, scheduled, started, finished or terminated, and deleted, spread
 * over the nodes by the placement; now and then a worker is cordoned or goes NotReady and comes
 * back. Each step is one event (one resourceVersion). The sequence depends only on the seed and
 * the number of steps; `start(rate)` drives it from a timer, `step(n)` by hand.
 */
import { createRng, type Rng } from '../openstack/prng.js';
import type { ClusterState } from './cluster.state.js';
import { holds, StageSets, type Stage } from './churn.sets.js';
import { churnNode, type NodeChurn } from './churn.nodes.js';
import { RateTimer } from './churn.timer.js';
import type { PodRecord, Workload } from './model.js';
import type { Placement } from './placement.js';
import { podName, podRecord } from './seed.pods.js';
import { jobOf, type OwnerIds } from './seed.workloads.js';

export interface ChurnSetup {
  state: ClusterState;
  placement: Placement;
  services: Workload[];
  jobFamilies: Workload[];
  nextPodSerial: number;
  owners: OwnerIds;
  targetPods: number;
  seedNowMs: number;
  nodes: NodeChurn;
}

type Op = () => boolean;

export class ChurnEngine {
  private readonly rng: Rng;
  private readonly stages = new StageSets();
  private readonly jobs = new Map<string, Workload>();
  private readonly ops: Op[];
  private virtualMs: number;
  private serial: number;
  private applied = 0;
  private readonly timer = new RateTimer((n) => this.step(n));

  constructor(
    seed: number | string,
    private readonly s: ChurnSetup,
  ) {
    this.rng = createRng(`${seed}:churn`);
    this.virtualMs = s.seedNowMs;
    this.serial = s.nextPodSerial;
    for (const p of s.state.stores.pods.all()) this.stages.move(null, p);
    this.ops = [this.create, this.schedule, this.begin, this.finishOrTerminate, this.remove].map((f) =>
      f.bind(this),
    );
  }

  get rate(): number {
    return this.timer.rate;
  }

  get running(): boolean {
    return this.timer.running;
  }

  /** Events applied so far. */
  get events(): number {
    return this.applied;
  }

  /** Applies `n` events now; returns how many could be applied (0 when nothing can change). */
  step(n = 1): number {
    let done = 0;
    for (let i = 0; i < n; i++) {
      // Churn times advance by one event's share of a second: the same for the same steps.
      this.virtualMs += 1000 / (this.timer.rate || 100);
      if (!this.one()) break;
      done++;
    }
    this.applied += done;
    return done;
  }

  /** Starts the timer (at `rate` events/s, or the current rate). */
  start(rate?: number): void {
    this.timer.start(rate);
  }

  stop(): void {
    this.timer.stop();
  }

  setRate(rate: number): void {
    this.timer.setRate(rate);
  }

  private one(): boolean {
    if (
      this.rng.chance(0.02) &&
      churnNode(this.s.nodes, this.s.state, this.s.placement, this.rng, this.virtualMs)
    )
      return true;
    const first = Math.floor(this.rng.next() * this.ops.length);
    for (let k = 0; k < this.ops.length; k++) if (this.ops[(first + k) % this.ops.length]!()) return true;
    return false;
  }

  private commit(type: 'ADDED' | 'MODIFIED' | 'DELETED', next: PodRecord, prev: PodRecord | null): void {
    this.s.state.commit('pods', type, next);
    this.stages.move(prev, type === 'DELETED' ? null : next);
  }

  private pick(stage: Stage): PodRecord | undefined {
    const key = this.stages.sets[stage].pick(this.rng);
    return key === undefined ? undefined : this.s.state.stores.pods.get(key);
  }

  private create(): boolean {
    if (this.s.state.stores.pods.size >= this.s.targetPods) return false;
    const { services, jobFamilies } = this.s;
    const useJob = jobFamilies.length > 0 && (services.length === 0 || this.rng.chance(0.3));
    let w: Workload;
    if (useJob) {
      const family = this.rng.pick(jobFamilies);
      const minute = Math.floor(this.virtualMs / 60_000);
      const id = `${family.namespace}/${family.app}-${minute}`;
      w = this.jobs.get(id) ?? jobOf(family, this.rng, this.s.owners, minute);
      this.jobs.set(id, w);
      if (this.jobs.size > 10_000) this.jobs.delete(this.jobs.keys().next().value!);
    } else if (services.length) w = this.rng.pick(services);
    else return false;
    const pods = this.s.state.stores.pods;
    const name = podName(w, this.rng, (k) => pods.get(k) !== undefined);
    const t = { createdMs: this.virtualMs, startedMs: null, finishedMs: null };
    this.commit('ADDED', podRecord(w, name, this.serial++, -1, { phase: 'Pending', reason: null }, t), null);
    return true;
  }

  private schedule(): boolean {
    const p = this.pick('unscheduled');
    if (!p) return false;
    const node = this.s.placement.place(p.workload, this.rng);
    if (node < 0) {
      // The scheduler records once that the pod does not fit anywhere (PodScheduled=False).
      if (p.reason === 'Unschedulable') return false;
      this.commit('MODIFIED', { ...p, reason: 'Unschedulable' }, p);
      return true;
    }
    this.s.placement.hold(node, p.workload);
    this.commit('MODIFIED', { ...p, node, reason: 'ContainerCreating', startedMs: this.virtualMs }, p);
    return true;
  }

  private begin(): boolean {
    const p = this.pick('starting');
    if (!p) return false;
    this.commit(
      'MODIFIED',
      { ...p, phase: 'Running', reason: null, startedMs: p.startedMs ?? this.virtualMs },
      p,
    );
    return true;
  }

  private finishOrTerminate(): boolean {
    const job = this.rng.chance(0.5);
    return job ? this.finish() || this.terminate() : this.terminate() || this.finish();
  }

  private finish(): boolean {
    const p = this.pick('runningJob');
    if (!p) return false;
    this.s.placement.hold(p.node, p.workload, -1);
    const ok = this.rng.chance(0.85);
    const next = {
      ...p,
      phase: ok ? 'Succeeded' : 'Failed',
      reason: ok ? 'Completed' : 'Error',
      finishedMs: this.virtualMs,
    };
    this.commit('MODIFIED', next as PodRecord, p);
    return true;
  }

  private terminate(): boolean {
    const p = this.pick('running');
    if (!p) return false;
    this.commit('MODIFIED', { ...p, deletingMs: this.virtualMs }, p);
    return true;
  }

  private remove(): boolean {
    const first: Stage = this.rng.chance(0.6) ? 'terminating' : 'finished';
    const p = this.pick(first) ?? this.pick(first === 'finished' ? 'terminating' : 'finished');
    if (!p) return false;
    if (holds(p)) this.s.placement.hold(p.node, p.workload, -1);
    this.commit('DELETED', p, p);
    return true;
  }
}

/** Makes the seeded pods of a workload: names, phase, node (through the placement) and times. */
import type { Rng } from '../openstack/prng.js';
import { salted } from './ids.js';
import type { NodeRecord, PodRecord, Workload } from './model.js';
import type { Placement } from './placement.js';
import { podName, podRecord, seedPhase, seedRestarts, seedTimes } from './seed.pods.js';

export class PodSeeder {
  readonly pods: PodRecord[] = [];
  private readonly keys = new Set<string>();
  nextSerial = 1;
  nextOwnerSerial = 1;
  readonly owners: { salt: number; next: () => number };

  constructor(
    private readonly rng: Rng,
    seed: number,
    private readonly nodes: readonly NodeRecord[],
    private readonly placement: Placement,
    private readonly nowMs: number,
  ) {
    this.owners = { salt: salted(seed, 'owner'), next: () => this.nextOwnerSerial++ };
  }

  get count(): number {
    return this.pods.length;
  }

  /** A DaemonSet or static pod on `node`: Running there whatever its state (it tolerates all). */
  onNode(w: Workload, node: NodeRecord): void {
    const name = podName(w, this.rng, (k) => this.keys.has(k), node.name);
    const ph = seedPhase(w, this.rng);
    const t = seedTimes(this.rng, ph, w, node.createdMs, this.nowMs);
    this.placement.hold(node.index, w);
    this.push(podRecord(w, name, this.nextSerial++, node.index, ph, t, { restarts: seedRestarts(this.rng) }));
  }

  /** `n` pods of `w` created after `notBefore`; returns `n`. */
  replicas(w: Workload, n: number, notBefore: number): number {
    for (let i = 0; i < n; i++) {
      const name = podName(w, this.rng, (k) => this.keys.has(k));
      const ph = seedPhase(w, this.rng);
      let node = -1;
      if (!ph.unscheduled) {
        const terminal = ph.phase === 'Succeeded' || ph.phase === 'Failed';
        node = terminal ? this.placement.any(w, this.rng) : this.placement.place(w, this.rng);
        if (node < 0) Object.assign(ph, { phase: 'Pending', reason: 'Unschedulable', unscheduled: true });
        else if (!terminal) this.placement.hold(node, w);
      }
      const from = node < 0 ? notBefore : Math.max(notBefore, this.nodes[node]!.createdMs + 60_000);
      const t = seedTimes(this.rng, ph, w, from, this.nowMs);
      const deletingMs = ph.terminating ? this.nowMs - this.rng.int(1, 20) * 1000 : null;
      const restarts = ph.phase === 'Running' ? seedRestarts(this.rng) : 0;
      this.push(podRecord(w, name, this.nextSerial++, node, ph, t, { restarts, deletingMs }));
    }
    return n;
  }

  private push(p: PodRecord): void {
    this.keys.add(p.key);
    this.pods.push(p);
  }
}

/**
 * Node changes: churn cordons a worker or lets it go NotReady, and later restores it (at most 2 %
 * of the workers are disturbed at once); faults change nodes through the same `modifyNode`, so the
 * placement and the per-index node list stay in step with the store.
 */
import type { Rng } from '../openstack/prng.js';
import type { ClusterState } from './cluster.state.js';
import type { NodeRecord } from './model.js';
import type { Placement } from './placement.js';
import { rancherRoles } from './seed.nodes.js';

export interface NodeChurn {
  /** Current node records by index. */
  byIndex: NodeRecord[];
  /** Healthy schedulable workers churn may disturb. */
  candidates: number[];
  /** Disturbed node index → its record before. */
  disturbed: Map<number, NodeRecord>;
  cap: number;
}

export function nodeChurn(nodes: readonly NodeRecord[]): NodeChurn {
  const candidates = nodes
    .filter((n) => rancherRoles(n).worker && n.roleTaints.length === 0)
    .filter((n) => n.ready === 'True' && !n.unschedulable && n.pressure === null)
    .map((n) => n.index);
  return {
    byIndex: [...nodes],
    candidates,
    disturbed: new Map(),
    cap: Math.max(1, Math.floor(candidates.length * 0.02)),
  };
}

export function modifyNode(
  nc: NodeChurn,
  state: ClusterState,
  placement: Placement,
  index: number,
  patch: Partial<NodeRecord>,
): NodeRecord {
  const event = state.commit('nodes', 'MODIFIED', { ...nc.byIndex[index]!, ...patch });
  nc.byIndex[index] = event.object as NodeRecord;
  placement.update(nc.byIndex);
  return nc.byIndex[index]!;
}

/** One node event, or false when there is no node churn can touch. */
export function churnNode(
  nc: NodeChurn,
  state: ClusterState,
  placement: Placement,
  rng: Rng,
  nowMs: number,
): boolean {
  if (nc.candidates.length === 0) return false;
  if (nc.disturbed.size > 0 && (nc.disturbed.size >= nc.cap || rng.chance(0.5))) {
    const indexes = [...nc.disturbed.keys()];
    const i = indexes[Math.floor(rng.next() * indexes.length)]!;
    const before = nc.disturbed.get(i)!;
    nc.disturbed.delete(i);
    const current = nc.byIndex[i]!;
    const readyAgain = current.ready !== before.ready;
    modifyNode(nc, state, placement, i, {
      unschedulable: before.unschedulable,
      ready: before.ready,
      readySinceMs: readyAgain ? nowMs : current.readySinceMs,
    });
    return true;
  }
  for (let t = 0; t < 5; t++) {
    const i = nc.candidates[Math.floor(rng.next() * nc.candidates.length)]!;
    if (nc.disturbed.has(i)) continue;
    nc.disturbed.set(i, nc.byIndex[i]!);
    const patch: Partial<NodeRecord> = rng.chance(0.5)
      ? { unschedulable: true }
      : { ready: 'Unknown', readySinceMs: nowMs };
    modifyNode(nc, state, placement, i, patch);
    return true;
  }
  return false;
}

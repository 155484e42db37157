/**
 * Pod records: names the way each controller makes them, the phase mix of a busy cluster, and
 * times consistent with their phase (started after created, finished after started, all ≤ now).
 */
import type { Rng } from '../openstack/prng.js';
import { suffix } from './ids.js';
import type { PodPhase, PodRecord, Workload } from './model.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** A new pod name for `w` that is not in `taken` (`<rs>-xxxxx`, `<sts>-<n>`, `<component>-<node>`). */
export function podName(w: Workload, rng: Rng, taken: (key: string) => boolean, nodeName = ''): string {
  if (w.ownerKind === 'Node') return `${w.app}-${nodeName}`;
  if (w.ownerKind === 'StatefulSet') return `${w.ownerName}-${w.ordinal++}`;
  let name = `${w.ownerName}-${suffix(rng)}`;
  while (taken(`${w.namespace}/${name}`)) name = `${w.ownerName}-${suffix(rng)}`;
  return name;
}

export interface SeedPhase {
  phase: PodPhase;
  reason: string | null;
  /** Pending without a node. */
  unscheduled: boolean;
  terminating: boolean;
}

/** The phase mix: Jobs mostly finished; services mostly Running, a few Pending/Evicted/Unknown. */
export function seedPhase(w: Workload, rng: Rng): SeedPhase {
  const r = rng.next();
  const p = (phase: PodPhase, reason: string | null = null, unscheduled = false): SeedPhase => ({
    phase,
    reason,
    unscheduled,
    terminating: false,
  });
  if (w.finishes) {
    if (r < 0.7) return p('Succeeded', 'Completed');
    if (r < 0.8) return p('Failed', 'Error');
    if (r < 0.97) return p('Running');
    return p('Pending', 'ContainerCreating');
  }
  if (w.ownerKind === 'Node' || w.ownerKind === 'DaemonSet') return p('Running');
  if (r < 0.01) return p('Pending', 'Unschedulable', true);
  if (r < 0.02) return p('Pending', 'ContainerCreating');
  if (r < 0.028 && w.ownerKind === 'ReplicaSet') return p('Failed', 'Evicted');
  if (r < 0.031) return p('Unknown', 'NodeLost');
  return { ...p('Running'), terminating: r > 0.998 };
}

export interface PodTimes {
  createdMs: number;
  startedMs: number | null;
  finishedMs: number | null;
}

/** Times for a seeded pod created no earlier than `notBefore`. */
export function seedTimes(rng: Rng, ph: SeedPhase, w: Workload, notBefore: number, nowMs: number): PodTimes {
  const span = (from: number, to: number) => from + Math.floor(rng.next() * Math.max(0, to - from));
  let createdMs: number;
  if (w.finishes) createdMs = span(Math.max(notBefore, nowMs - 7 * DAY), nowMs - 5 * MIN);
  else if (ph.phase === 'Pending') createdMs = span(Math.max(notBefore, nowMs - 2 * HOUR), nowMs - 10_000);
  else if (w.ownerKind === 'Node' || w.ownerKind === 'DaemonSet')
    createdMs = notBefore + rng.int(30, 120) * 1000;
  else createdMs = span(notBefore, nowMs - MIN);
  createdMs = Math.min(createdMs, nowMs - 10_000);
  if (ph.phase === 'Pending')
    return { createdMs, startedMs: ph.unscheduled ? null : createdMs + 1000, finishedMs: null };
  const startedMs = createdMs + rng.int(2, 40) * 1000;
  if (ph.phase !== 'Succeeded' && ph.phase !== 'Failed') return { createdMs, startedMs, finishedMs: null };
  const finishedMs = Math.min(startedMs + rng.int(1, 180) * MIN, nowMs - 5000);
  return { createdMs, startedMs, finishedMs: Math.max(finishedMs, startedMs + 1000) };
}

export function podRecord(
  w: Workload,
  name: string,
  serial: number,
  node: number,
  ph: Pick<SeedPhase, 'phase' | 'reason'>,
  t: PodTimes,
  extra: { restarts?: number; deletingMs?: number | null; rv?: number } = {},
): PodRecord {
  return {
    key: `${w.namespace}/${name}`,
    name,
    namespace: w.namespace,
    serial,
    rv: extra.rv ?? 0,
    workload: w,
    node,
    phase: ph.phase,
    reason: ph.reason,
    createdMs: t.createdMs,
    startedMs: t.startedMs,
    finishedMs: t.finishedMs,
    deletingMs: extra.deletingMs ?? null,
    restarts: extra.restarts ?? 0,
  };
}

/** Restart counts of long-running pods: mostly 0, some crash-looping ones. */
export const seedRestarts = (rng: Rng): number => (rng.chance(0.08) ? rng.int(1, 25) : 0);

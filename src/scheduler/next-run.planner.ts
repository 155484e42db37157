import { Cron } from 'croner';
import type { ScheduleTrigger } from './job.types.js';

/** Jitter is at most this share of the period between runs… */
export const JITTER_RATIO = 0.1;
/** …and never more than this, so a daily job is not pushed around by hours. */
export const MAX_JITTER_MS = 30_000;

/**
 * When a job should next run, in epoch ms, or null when a cron expression has no future time.
 * Intervals count from `nowMs` (the end of the previous run), so a slow job never piles up runs.
 * Jitter only delays — a cron job never runs before its time — and spreads replicas that started
 * together so they do not all hit the lock (and the sources) at the same instant.
 * `random` returns [0, 1); pass a seeded one in tests.
 */
export function planNextRun(trigger: ScheduleTrigger, nowMs: number, random: () => number): number | null {
  if (trigger.kind === 'interval') return nowMs + trigger.intervalMs + jitterMs(trigger.intervalMs, random);
  // Cron expressions are read in UTC: a schedule must not move with the host's time zone or DST.
  const cron = new Cron(trigger.cron, { paused: true, timezone: 'Etc/UTC' });
  const next = cron.nextRun(new Date(nowMs));
  if (!next) return null;
  const following = cron.nextRun(next);
  // The period of a cron job is the gap to its following time; without one, jitter by nothing.
  const period = following ? following.getTime() - next.getTime() : 0;
  return next.getTime() + jitterMs(period, random);
}

export function jitterMs(periodMs: number, random: () => number): number {
  const max = Math.min(periodMs * JITTER_RATIO, MAX_JITTER_MS);
  return Math.floor(random() * max);
}

/** mulberry32: a tiny deterministic PRNG, good enough to spread timers, for reproducible tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

import type { CloudStatus } from './record.types.js';
import type { Lifetime } from './server-lifetime.js';
import { epochSeconds, wholeSecondsBetween } from './utc-time.js';

/** The time fields of a cloud record for one window. */
export interface CloudTiming {
  StartTime: number;
  EndTime: number;
  Status: CloudStatus;
  WallDuration: number;
  /** Wall time before the ≥ 1 rule; `CpuDuration` is computed from it. */
  rawWall: number;
}

/** apel.md §2.3 selection: drop a VM created after the window or ended before it. */
export function inWindow(life: Lifetime, fromUs: number, toUs: number): boolean {
  return !(life.startUs > toUs || (life.endUs !== null && life.endUs < fromUs));
}

/**
 * apel.md §2.3 durations: a VM with no end, or ending after `to`, gets `EndTime 0`, wall time up
 * to `to` and `completed` rewritten to `started`; otherwise its end and wall time up to it.
 * Wall time is cumulative since `created` (never a delta), whole seconds, at least 1.
 */
export function cloudTiming(life: Lifetime, status: CloudStatus, toUs: number): CloudTiming {
  const running = life.endUs === null || life.endUs > toUs;
  const endUs = running ? toUs : (life.endUs as number);
  const rawWall = wholeSecondsBetween(life.startUs, endUs);
  return {
    StartTime: epochSeconds(life.startUs),
    EndTime: running ? 0 : epochSeconds(endUs),
    Status: running && status === 'completed' ? 'started' : status,
    WallDuration: Math.max(1, rawWall),
    rawWall,
  };
}

/** `CpuDuration = WallDuration × CpuCount`, from the wall time before the ≥ 1 rule, at least 1. */
export function cpuDuration(rawWall: number, cpuCount: number): number {
  return Math.max(1, Math.trunc(rawWall * cpuCount));
}

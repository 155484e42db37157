/**
 * How long to wait before the next list or watch after a failure: exponential from `baseDelayMs`,
 * capped at `maxDelayMs`, with "equal jitter" (half fixed, half random) so that the watches of many
 * fedwatch replicas, or of one replica's three resources, do not hit a recovering API server in
 * the same instant. Pure: the caller passes the random source.
 */
export interface WatchBackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_WATCH_BACKOFF: WatchBackoffPolicy = Object.freeze({
  baseDelayMs: 500,
  maxDelayMs: 30_000,
});

/** Delay before retry number `attempt` (1 for the first retry). */
export function watchRetryDelayMs(policy: WatchBackoffPolicy, attempt: number, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  const raw = random();
  const r = Number.isFinite(raw) ? Math.min(Math.max(raw, 0), 1) : 0;
  return Math.round(step / 2 + r * (step / 2));
}

/**
 * `timeoutSeconds` of the next watch: spread over [min, 2·min) as client-go does, so that the watches
 * a server ends do not all end (and come back) together.
 */
export function watchTimeoutSeconds(minSeconds: number, random: () => number): number {
  return Math.floor(minSeconds * (1 + Math.min(Math.max(random(), 0), 0.999)));
}

/**
 * Optional tuning of the outbox relay, provided under `OUTBOX_RELAY_OPTIONS`. Everything has a
 * production default; tests use it to run several relays in one process and to make them fast.
 */
export interface OutboxRelayOptions {
  /** Prefix of `claimed_by` (then `#<batch>`); default `<hostname>:<pid>:<random>`, unique per relay. */
  instanceId?: string;
  /** [0, 1) source for back-off jitter; default Math.random. */
  random?: () => number;
  /** Start on application bootstrap; default true. CLI one-shot commands and tests pass false. */
  autoStart?: boolean;
  /** Poll interval while idle (a wake ends it early); default 1000 ms. */
  idlePollMs?: number;
  /** A publish that takes longer fails with reason `timeout`; default half the lease (`leaseSeconds`). */
  publishTimeoutMs?: number;
  /** Longest pause of a destination whose whole batch failed as unreachable; default 30 s. */
  maxOutagePauseMs?: number;
}

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');

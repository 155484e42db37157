/**
 * Faults for tests: per-request ones (errors, latency, stalls, 401) from the OpenStack
 * simulator's injector, answered in Kubernetes' `Status` shape, plus the cluster-level ones:
 * broken watch streams, compaction (old resourceVersions and continue tokens → 410), a node
 * serving an unparseable quantity, and how a watch from a compacted resourceVersion fails.
 */
import {
  FaultInjector,
  type FaultHandle,
  type HoldHandle,
  type PathPattern,
} from '../openstack/fault-injector.js';
import type { BreakMode } from './watch.stream.js';

export type { FaultHandle, HoldHandle, PathPattern, BreakMode };

export interface ClusterFaultHooks {
  breakWatches(mode: BreakMode): number;
  /** Compacts the history up to the current resourceVersion; returns it. */
  compact(): number;
  /** Sets (or clears, with null) a node's malformed quantity; false when there is no such node. */
  malform(nodeName: string, bad: { resource: string; value: string } | null): boolean;
}

export class KubernetesFaults {
  /** How a watch from a compacted resourceVersion fails: `event` (200 + ERROR 410) or `status` (HTTP 410). */
  watchGone: 'event' | 'status';
  readonly requests: FaultInjector;

  constructor(
    seed: number | string,
    watchGone: 'event' | 'status',
    private readonly hooks: ClusterFaultHooks,
  ) {
    this.requests = new FaultInjector(seed);
    this.watchGone = watchGone;
  }

  /** `status` (default 503) as a Kubernetes Status on matching requests: `times` of them, or each with `rate`. */
  error(
    pattern: PathPattern,
    opts: { status?: number; times?: number; rate?: number; method?: string } = {},
  ): FaultHandle {
    return this.requests.error(pattern, opts);
  }

  /** Extra latency on matching requests (watches: before the stream starts). */
  latency(ms: number, pattern: PathPattern = ''): FaultHandle {
    return this.requests.latency(ms, pattern);
  }

  /** Matching requests are never answered (the client's timeout fires). */
  timeout(pattern: PathPattern, opts: { times?: number; method?: string } = {}): FaultHandle {
    return this.requests.timeout(pattern, opts);
  }

  /** Stalls matching requests (after letting `after` through) until `release()`. */
  hold(pattern: PathPattern, opts: { after?: number; method?: string } = {}): HoldHandle {
    return this.requests.hold(pattern, opts);
  }

  /** 401 on matching requests (default once), as if the token had been revoked. */
  rejectToken(pattern: PathPattern = '', opts: { times?: number } = {}): FaultHandle {
    return this.requests.rejectToken(pattern, opts);
  }

  /**
   * Ends every open watch: `reset` (default) drops the connection mid-stream, `end` closes it
   * cleanly (as a server-side timeout does), `expire` sends an ERROR 410 event first.
   * Returns how many were open.
   */
  breakWatches(opts: { mode?: BreakMode } = {}): number {
    return this.hooks.breakWatches(opts.mode ?? 'reset');
  }

  /** Compacts now: every older resourceVersion (watch start, list continue token) gets 410. */
  compact(): string {
    return String(this.hooks.compact());
  }

  /**
   * Serves `resource` of the node's capacity and allocatable as `value` (default memory as
   * `65851340KiB`, not a Kubernetes quantity); a MODIFIED event tells watches. `remove()` undoes it.
   */
  malformedQuantity(nodeName: string, opts: { resource?: string; value?: string } = {}): FaultHandle {
    const bad = { resource: opts.resource ?? 'memory', value: opts.value ?? '65851340KiB' };
    if (!this.hooks.malform(nodeName, bad)) throw new Error(`no node named ${nodeName}`);
    return { hits: 0, remove: () => void this.hooks.malform(nodeName, null) };
  }

  /** Selects how a watch from a compacted resourceVersion fails. */
  watchGoneAs(mode: 'event' | 'status'): void {
    this.watchGone = mode;
  }

  /** Removes request faults and lets held requests go (cluster faults stay). */
  clear(): void {
    this.requests.clear();
  }
}

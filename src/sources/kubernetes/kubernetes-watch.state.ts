import type { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import type { KubernetesClientState } from './kubernetes-client.port.js';
import type { IngestProblem } from './kubernetes-slim.js';

/**
 * The part of a logger the adapter uses: one structured entry (`msg` plus fields) per call, as
 * fedwatch's services write them through Nest's `Logger` (`new Logger('Clusters')` fits).
 */
export interface WatchLogger {
  warn(entry: Record<string, unknown>): void;
  log?(entry: Record<string, unknown>): void;
}

export interface CurrentState {
  state: KubernetesClientState;
  reason: string | null;
  errorCode: ErrorCode | null;
  /** When state or reason last changed (epoch ms). */
  since: number;
}

/** What the state depends on besides the reflectors: the objects with unreadable fields. */
export interface ProblemCount {
  readonly count: number;
  list(limit: number): { object: string; field: string; problem: string }[];
}

const RESOURCES = 3;

/**
 * The client's state machine: which resources have been listed, which are failing and why, and
 * the `synced` promise. Decides `waiting` / `active` / `error` / `unavailable` / `stopped`, tells
 * the client when that changes and logs each transition once (never per event).
 */
export class ClientState {
  readonly synced: Promise<void>;
  eventsProcessed = 0;
  private resolveSynced!: () => void;
  private rejectSynced!: (err: FedwatchError) => void;
  private readonly listed = new Set<string>();
  private readonly errors = new Map<string, FedwatchError>();
  private isStopped = false;
  private last: CurrentState;

  constructor(
    private readonly cluster: string,
    private readonly now: () => number,
    private readonly logger: WatchLogger | undefined,
    private readonly problems: ProblemCount,
    private readonly onStateChange: () => void,
  ) {
    this.synced = new Promise<void>((resolve, reject) => {
      this.resolveSynced = resolve;
      this.rejectSynced = reject;
    });
    // Callers may never await it; a rejection must not crash the process as unhandled.
    this.synced.catch(() => {});
    this.last = { ...this.compute(), since: now() };
  }

  resourceSynced(resource: string): void {
    this.listed.add(resource);
    if (this.listed.size === RESOURCES) this.resolveSynced();
    this.recheck();
  }

  failed(resource: string, error: FedwatchError): void {
    const before = this.errors.get(resource);
    this.errors.set(resource, error);
    if (before?.message !== error.message) {
      const msg = 'Kubernetes list/watch failing; retrying with backoff';
      this.logger?.warn({ msg, cluster: this.cluster, resource, code: error.code, reason: error.message });
    }
    if (this.listed.size < RESOURCES) this.rejectSynced(error);
    this.recheck();
  }

  healthy(resource: string): void {
    if (!this.errors.delete(resource)) return;
    this.logger?.log?.({ msg: 'Kubernetes list/watch recovered', cluster: this.cluster, resource });
    this.recheck();
  }

  eventApplied(): void {
    this.eventsProcessed += 1;
  }

  malformedFound(problems: readonly IngestProblem[]): void {
    const msg = 'Kubernetes object field unreadable; left out of the sums';
    for (const p of problems) this.logger?.warn({ msg, cluster: this.cluster, ...p });
  }

  stopped(): void {
    this.isStopped = true;
    this.recheck();
  }

  current(): CurrentState {
    this.recheck();
    return this.last;
  }

  /** Re-evaluates the state; notifies when it or its reason changed. */
  recheck(): void {
    const next = this.compute();
    if (next.state === this.last.state && next.reason === this.last.reason) return;
    this.last = { ...next, since: this.now() };
    this.onStateChange();
  }

  private compute(): Omit<CurrentState, 'since'> {
    if (this.isStopped) return { state: 'stopped', reason: 'stopped', errorCode: null };
    const failure = this.errors.values().next();
    if (!failure.done)
      return { state: 'unavailable', reason: failure.value.message, errorCode: failure.value.code };
    if (this.listed.size < RESOURCES) {
      return { state: 'waiting', reason: 'listing nodes, pods and namespaces', errorCode: null };
    }
    const count = this.problems.count;
    if (count > 0) {
      const [first] = this.problems.list(1);
      const more = count > 1 ? ` (and ${count - 1} more)` : '';
      return {
        state: 'error',
        reason: `unreadable field: ${first.object} ${first.field}: ${first.problem}${more}`,
        errorCode: null,
      };
    }
    return { state: 'active', reason: null, errorCode: null };
  }
}

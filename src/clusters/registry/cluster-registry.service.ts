import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.token.js';
import type { AppConfig } from '../../config/config.types.js';
import type { ClusterHealth, SourceFailure, SourceSnapshot } from '../cluster.model.js';
import { buildRegistryView, type RegistryView } from './cluster-views.js';
import type { SourceState } from './source-state.js';

/** A change of one cluster, as the gRPC watch sends it. */
export interface ClusterChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  cluster: ClusterHealth;
}

/** How long after start reads wait for every source's first answer (issue: at most 30 s). */
export const FIRST_POLL_WAIT_MS = 30_000;

/**
 * The in-memory model of every configured Rancher server and Kubernetes cluster: the last answer
 * of each, its failure if it is failing, and the merged views the REST, gRPC, CLI and /metrics
 * read. Nothing here calls out; pollers and watchers push into it.
 */
@Injectable()
export class ClusterRegistry {
  private readonly logger = new Logger('Clusters');
  private readonly states = new Map<string, SourceState>();
  private readonly startedAt = Date.now();
  private view: RegistryView | null = null;
  private lastSent = new Map<string, { json: string; cluster: ClusterHealth }>();
  private readonly listeners = new Set<(changes: ClusterChange[]) => void>();
  private readonly settleWaiters = new Set<() => void>();
  private diffTimer: NodeJS.Timeout | null = null;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'rancher' | 'kubernetes'>) {
    for (const s of config.rancher.servers) this.addSource(s.name, 'rancher');
    for (const c of config.kubernetes.clusters) this.addSource(c.name, 'kubernetes');
  }

  get sources(): readonly SourceState[] {
    return [...this.states.values()];
  }

  /** A source answered: its clusters replace what it said before, and any failure clears. */
  update(snapshot: SourceSnapshot): void {
    const state = this.stateOf(snapshot.source);
    if (state.failure) {
      this.logger.log({ msg: 'cluster source recovered', source: state.source, after: state.failure.reason });
    }
    state.snapshot = snapshot;
    state.failure = null;
    this.changed();
  }

  /**
   * A source failed: logged when it starts failing or its failure state changes, not once per poll
   * nor per message (a snapshot's requests run side by side, and the message names whichever of
   * them failed first, which varies from poll to poll).
   */
  fail(failure: SourceFailure): void {
    const state = this.stateOf(failure.source);
    const previous = state.failure;
    if (!previous || previous.state !== failure.state) {
      this.logger.warn({
        msg: 'cluster source failing',
        source: failure.source,
        state: failure.state,
        reason: failure.reason,
      });
    }
    state.failure = failure;
    this.changed();
  }

  /** The merged views, rebuilt only after a change. */
  current(): RegistryView {
    this.view ??= buildRegistryView([...this.states.values()]);
    return this.view;
  }

  /** Resolves once every source answered (or failed) once, or 30 s after start, whichever is first. */
  async settled(now = Date.now()): Promise<void> {
    const remaining = this.startedAt + FIRST_POLL_WAIT_MS - now;
    if (this.allHeardFrom() || remaining <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, remaining);
      timer.unref();
      const waiter = () => done();
      this.settleWaiters.add(waiter);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  /** Every later change of a cluster; returns the unsubscribe function. */
  subscribe(listener: (changes: ClusterChange[]) => void): () => void {
    if (this.listeners.size === 0) this.lastSent = this.snapshotForDiff();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private addSource(source: string, sourceKind: SourceState['sourceKind']): void {
    this.states.set(source, { source, sourceKind, snapshot: null, failure: null });
  }

  private stateOf(source: string): SourceState {
    const state = this.states.get(source);
    if (!state) throw new Error(`cluster source "${source}" is not configured`);
    return state;
  }

  private allHeardFrom(): boolean {
    return [...this.states.values()].every((s) => s.snapshot !== null || s.failure !== null);
  }

  private changed(): void {
    this.view = null;
    if (this.allHeardFrom()) {
      for (const waiter of this.settleWaiters) waiter();
      this.settleWaiters.clear();
    }
    // A watched Kubernetes cluster changes many times a second; watchers get one diff per 100 ms.
    if (this.listeners.size > 0 && !this.diffTimer) {
      this.diffTimer = setTimeout(() => {
        this.diffTimer = null;
        this.emitDiff();
      }, 100);
      this.diffTimer.unref();
    }
  }

  private snapshotForDiff(): Map<string, { json: string; cluster: ClusterHealth }> {
    return new Map(this.current().clusters.map((c) => [c.id, { json: comparable(c), cluster: c }]));
  }

  private emitDiff(): void {
    const next = this.snapshotForDiff();
    const changes: ClusterChange[] = [];
    for (const [id, entry] of next) {
      const before = this.lastSent.get(id);
      if (!before) changes.push({ type: 'ADDED', cluster: entry.cluster });
      else if (before.json !== entry.json) changes.push({ type: 'MODIFIED', cluster: entry.cluster });
    }
    for (const [id, entry] of this.lastSent)
      if (!next.has(id)) changes.push({ type: 'DELETED', cluster: entry.cluster });
    this.lastSent = next;
    if (changes.length === 0) return;
    for (const listener of this.listeners) listener(changes);
  }
}

/** `lastSeen` moves with every poll; a change is a change of anything else. */
function comparable(cluster: ClusterHealth): string {
  return JSON.stringify({ ...cluster, lastSeen: null, v3: null });
}

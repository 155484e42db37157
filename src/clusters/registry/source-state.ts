import type { SourceFailure, SourceSnapshot, V3Cluster } from '../cluster.model.js';

/** What the registry knows of one configured source. */
export interface SourceState {
  source: string;
  sourceKind: 'rancher' | 'kubernetes';
  /** The last good answer (kept through failures, so clusters stay listed with the failure's state). */
  snapshot: SourceSnapshot | null;
  /** Set while the source fails; cleared by the next good answer. */
  failure: SourceFailure | null;
}

/**
 * The clusters a source contributes right now. A failing source's clusters keep their last data
 * but take the failure's state and reason; a source that never answered is listed as one row named
 * after it (Rancher's cluster ids are unknown then), state `unknown` or `unavailable`.
 */
export function clustersOf(state: SourceState): V3Cluster[] {
  const failure = state.failure;
  if (!state.snapshot) {
    return [
      {
        id: state.source,
        type: 'cluster',
        name: state.source,
        state: failure?.state ?? 'unknown',
        transitioningMessage: failure?.reason ?? 'no answer from this source yet',
      },
    ];
  }
  if (!failure) return state.snapshot.clusters;
  return state.snapshot.clusters.map((c) => ({
    ...c,
    state: failure.state,
    transitioning: 'error',
    transitioningMessage: failure.reason,
  }));
}

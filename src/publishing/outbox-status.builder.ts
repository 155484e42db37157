import { MESSAGE_KINDS, type MessageKind } from '../config/config.types.js';
import type { DestinationState } from './message-destination.port.js';
import type { PendingByKind } from './outbox.metrics.js';
import type { PairCounts, PairLastError, PairPending } from './outbox-status.repository.js';
import type { OutboxDestinationStatus, OutboxStatus } from './outbox-view.js';

export interface StatusInputs {
  counts: readonly PairCounts[];
  pending: readonly PairPending[];
  lastErrors: readonly PairLastError[];
  kindsPending: readonly PendingByKind[];
  withoutDestination: ReadonlyMap<MessageKind, number>;
  /** The enabled destinations and what they say of themselves. */
  enabled: readonly { name: string; state: DestinationState }[];
}

const pair = (r: { kind: string; destination: string }) => `${r.kind}\u0000${r.destination}`;

/** Folds the status queries into the REST model. Pure. */
export function buildStatus(input: StatusInputs): OutboxStatus {
  const oldest = new Map(input.pending.map((p) => [pair(p), p.oldestAgeSeconds]));
  const errors = new Map(input.lastErrors.map((e) => [pair(e), e]));
  const rows = input.counts.map((c) => ({
    ...c,
    oldestPendingAgeSeconds: oldest.get(pair(c)) ?? null,
    lastError: errors.get(pair(c))?.error ?? null,
    lastFailureReason: errors.get(pair(c))?.reason ?? null,
  }));
  const byKind = new Map(input.kindsPending.map((k) => [k.kind, k]));
  const kinds = MESSAGE_KINDS.map((kind) => ({
    kind,
    pendingMessages: byKind.get(kind)?.messages ?? 0,
    oldestPendingAgeSeconds: byKind.get(kind)?.oldestAgeSeconds ?? null,
    withoutDestination: input.withoutDestination.get(kind) ?? 0,
  }));
  return {
    rows,
    kinds,
    destinations: destinationsOf(input),
    unroutable: rows.reduce((n, r) => n + r.unroutable, 0),
  };
}

function destinationsOf(input: StatusInputs): OutboxDestinationStatus[] {
  const latest = new Map<string, PairLastError>();
  for (const e of input.lastErrors) {
    const seen = latest.get(e.destination);
    if (!seen || (e.at?.getTime() ?? 0) > (seen.at?.getTime() ?? 0)) latest.set(e.destination, e);
  }
  const enabled = new Set(input.enabled.map((d) => d.name));
  // Deliveries may remain for a destination since disabled: list it so its backlog is not a mystery.
  const disabled = [...new Set(input.counts.map((c) => c.destination))].filter((n) => !enabled.has(n));
  const entries = [
    ...input.enabled.map((d) => ({
      name: d.name,
      enabled: true,
      status: d.state.status,
      error: d.state.error ?? null,
      since: d.state.since,
    })),
    ...disabled
      .sort()
      .map((name) => ({ name, enabled: false, status: 'disabled', error: null, since: null })),
  ];
  return entries.map((d) => ({
    ...d,
    lastError: latest.get(d.name)?.error ?? null,
    lastFailureReason: latest.get(d.name)?.reason ?? null,
    lastFailedAt: latest.get(d.name)?.at ?? null,
  }));
}

import type { MessageKind } from '../config/config.types.js';

/** One (kind, destination) pair of the outbox. `pending` includes `failing`. */
export interface OutboxStatusRow {
  kind: MessageKind;
  destination: string;
  pending: number;
  published: number;
  /** Pending deliveries whose last attempt failed. */
  failing: number;
  /** Pending deliveries the broker returned as unroutable at their last attempt. */
  unroutable: number;
  /** Age of the oldest pending message of the pair; null when none is pending. */
  oldestPendingAgeSeconds: number | null;
  /** The most recent error among its failing deliveries. */
  lastError: string | null;
  lastFailureReason: string | null;
}

export interface OutboxKindStatus {
  kind: MessageKind;
  /** Messages with at least one delivery not yet published. */
  pendingMessages: number;
  oldestPendingAgeSeconds: number | null;
  /** Messages stored with no delivery: no enabled destination accepted their kind. */
  withoutDestination: number;
}

export interface OutboxDestinationStatus {
  name: string;
  /** False for a destination that has deliveries but is not enabled in this instance's config. */
  enabled: boolean;
  /** From the destination itself (`connected`, `down`, …), or `disabled`. */
  status: string;
  error: string | null;
  since: Date | null;
  lastError: string | null;
  lastFailureReason: string | null;
  lastFailedAt: Date | null;
}

export interface OutboxStatus {
  rows: OutboxStatusRow[];
  kinds: OutboxKindStatus[];
  destinations: OutboxDestinationStatus[];
  /** Deliveries whose last attempt the broker returned as unroutable (no queue bound). */
  unroutable: number;
}

export type DeliveryState = 'pending' | 'published';

export interface OutboxDeliveryView {
  destination: string;
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  lastFailureReason: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  claimedUntil: Date | null;
  claimedBy: string | null;
  publishedAt: Date | null;
}

/** A message as a whole: `failing` wins over `pending`; `no-destination` when it has no delivery. */
export type OutboxMessageState = 'pending' | 'failing' | 'published' | 'no-destination';
export const OUTBOX_MESSAGE_STATES: readonly OutboxMessageState[] = [
  'pending',
  'failing',
  'published',
  'no-destination',
];

export interface OutboxMessageSummary {
  id: number;
  messageId: string;
  kind: MessageKind;
  site: string;
  contentType: string;
  recordCount: number;
  createdAt: Date;
  state: OutboxMessageState;
  deliveries: OutboxDeliveryView[];
}

/** `show`: the summary plus the body. */
export interface OutboxMessageView extends OutboxMessageSummary {
  body: string;
}

export interface OutboxMessagePage {
  items: OutboxMessageSummary[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface OutboxRetryResult {
  /** Deliveries made due now. */
  retried: number;
  /** The message retried, or null for "all". */
  messageId: string | null;
}

export function messageStateOf(
  deliveries: readonly Pick<OutboxDeliveryView, 'state' | 'lastError'>[],
): OutboxMessageState {
  if (deliveries.length === 0) return 'no-destination';
  const pending = deliveries.filter((d) => d.state === 'pending');
  if (pending.some((d) => d.lastError !== null)) return 'failing';
  return pending.length > 0 ? 'pending' : 'published';
}

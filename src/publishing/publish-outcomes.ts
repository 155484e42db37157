import type { PublishFailureReason, PublishOutcome } from './message-destination.port.js';
import type { ClaimedDelivery } from './outbox-claims.repository.js';

/** Errors are stored and shown; a destination's error text has no reason to be longer. */
const MAX_ERROR_LENGTH = 1000;

export interface SettledBatch {
  ok: ClaimedDelivery[];
  failed: { item: ClaimedDelivery; reason: PublishFailureReason; error: string }[];
  /** Every message failed for a reason that says the destination itself is down. */
  outage: boolean;
}

/**
 * Pairs a batch with the destination's outcomes. A message without an outcome (a destination bug)
 * counts as failed, so it is retried rather than left claimed or taken for published.
 */
export function settleOutcomes(
  items: readonly ClaimedDelivery[],
  outcomes: readonly PublishOutcome[],
): SettledBatch {
  const byId = new Map(outcomes.map((o) => [o.messageId, o]));
  const ok: ClaimedDelivery[] = [];
  const failed: SettledBatch['failed'] = [];
  for (const item of items) {
    const outcome = byId.get(item.messageId);
    if (outcome?.ok) ok.push(item);
    else if (outcome)
      failed.push({ item, reason: outcome.reason, error: outcome.error.slice(0, MAX_ERROR_LENGTH) });
    else failed.push({ item, reason: 'io', error: 'the destination returned no outcome for this message' });
  }
  const outage =
    items.length > 0 &&
    ok.length === 0 &&
    failed.every((f) => f.reason === 'unreachable' || f.reason === 'timeout');
  return { ok, failed, outage };
}

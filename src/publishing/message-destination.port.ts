import type { MessageKind } from '../config/config.types.js';

/** A message as the relay hands it to a destination. */
export interface OutgoingMessage {
  messageId: string;
  kind: MessageKind;
  body: string;
  contentType: string;
  recordCount: number;
  site: string;
  createdAt: Date;
}

/** Why a message was not accepted: the metric label `reason` and the CLI's wording. */
export type PublishFailureReason = 'unroutable' | 'nacked' | 'unreachable' | 'rejected' | 'io' | 'timeout';

export type PublishOutcome =
  | { messageId: string; ok: true }
  | { messageId: string; ok: false; reason: PublishFailureReason; error: string };

export interface DestinationState {
  /** `connected`, `connecting`, `down` (AMQP); `ready` or `down` (directory queue). */
  status: string;
  /** Last connection-level error, never with credentials. */
  error?: string;
  since: Date;
}

/**
 * One place messages go: the AMQP broker, or the SSM sender's directory queue. The relay calls
 * `publish` with a batch and marks each message published for this destination only when its
 * outcome is `ok` — i.e. after the broker confirmed it, or the file is linked into place.
 */
export abstract class MessageDestination {
  /** Stable name: the `destination` label and column (`amqp`, `dirq`). */
  abstract readonly name: string;
  abstract accepts(kind: MessageKind): boolean;
  /** Never rejects for per-message failures; those come back as outcomes. */
  abstract publish(batch: readonly OutgoingMessage[]): Promise<PublishOutcome[]>;
  abstract state(): DestinationState;
  abstract close(): Promise<void>;
}

/** Injection token of the enabled destinations (an array of MessageDestination). */
export const MESSAGE_DESTINATIONS = Symbol('MESSAGE_DESTINATIONS');

import type { EnqueueResult, OutboxMessageInput } from '../publishing/outbox.port.js';
import type {
  DiscoveryCounts,
  DiscoveryFailure,
  DiscoveryProblem,
  DiscoveryState,
  StoredDocument,
} from './discovery.types.js';

/** Identifies the endpoint a row is about, written with every change. */
export interface EndpointIdentity {
  endpoint: string;
  siteName: string;
  endpointUrl: string;
}

/** A new valid document; `published` when it was queued for publishing in the same transaction. */
export interface BuiltDocument extends EndpointIdentity {
  body: string;
  etag: string;
  builtAt: Date;
  counts: DiscoveryCounts;
  problems: DiscoveryProblem[];
  published: { messageId: string; at: Date } | null;
}

/** One endpoint's row inside a transaction, locked until it ends. */
export interface DiscoveryTransaction {
  /** The row as committed before this transaction, with the last published body; null before any. */
  readonly current: (DiscoveryState & { publishedBody: string | null }) | null;
  /** Replaces the latest document (and, with `published`, the last published one); clears the failure. */
  saveBuilt(document: BuiltDocument): Promise<void>;
  /** Records a failed attempt; the stored documents stay as they were. */
  saveFailure(
    identity: EndpointIdentity,
    failure: DiscoveryFailure,
    problems: DiscoveryProblem[],
  ): Promise<void>;
  /** Queues a message in the outbox, committed (or rolled back) with the row. */
  enqueue(message: OutboxMessageInput): Promise<EnqueueResult>;
}

/**
 * Port: the discovery documents per endpoint (the latest valid one and the last published one),
 * written in one transaction with the outbox message that publishes them.
 */
export abstract class DiscoveryStore {
  /** Runs `work` in one transaction with the endpoint's row locked; a throw rolls everything back. */
  abstract transaction<T>(endpoint: string, work: (tx: DiscoveryTransaction) => Promise<T>): Promise<T>;
  /** Every endpoint's state, without bodies (cheap enough for status and metrics). */
  abstract states(): Promise<DiscoveryState[]>;
  /** The latest valid document of an endpoint; null before the first one. */
  abstract document(endpoint: string): Promise<StoredDocument | null>;
}

import type { EnqueueResult, OutboxMessageInput } from '../../src/publishing/outbox.port.js';
import { messageIdOf } from '../../src/publishing/message-id.js';
import { type DiscoveryTransaction, DiscoveryStore } from '../../src/discovery/discovery-store.port.js';
import type { DiscoveryState, StoredDocument } from '../../src/discovery/discovery.types.js';

interface Row extends DiscoveryState {
  body: string | null;
  publishedBody: string | null;
}

/**
 * An in-memory DiscoveryStore with an outbox beside it. A transaction works on a copy that replaces
 * the row and appends its messages only when `work` resolves, so a throw rolls both back, like the
 * real one. `failNext` makes the next transaction throw at commit (a database gone mid-run).
 */
export class FakeDiscoveryStore extends DiscoveryStore {
  readonly rows = new Map<string, Row>();
  /** Every message committed, in order (the outbox). */
  readonly outbox: OutboxMessageInput[] = [];
  failNext: Error | null = null;

  async transaction<T>(endpoint: string, work: (tx: DiscoveryTransaction) => Promise<T>): Promise<T> {
    const before = this.rows.get(endpoint);
    let after: Row | undefined = before && structuredClone(before);
    const queued: OutboxMessageInput[] = [];
    const result = await work({
      current: before ? structuredClone(before) : null,
      saveBuilt: async (d) => {
        const { body, published, ...rest } = d;
        after = {
          ...(after ?? empty(d.endpoint)),
          ...rest,
          body,
          failure: null,
          ...(published
            ? {
                publishedBody: body,
                publishedBuiltAt: d.builtAt,
                publishedAt: published.at,
                publishedMessageId: published.messageId,
              }
            : {}),
        };
      },
      saveFailure: async (identity, failure, problems) => {
        after = { ...(after ?? empty(identity.endpoint)), ...identity, failure, problems };
      },
      enqueue: async (message): Promise<EnqueueResult> => {
        queued.push(message);
        return { messageIds: [messageIdOf(message.body)], inserted: 1, duplicates: 0 };
      },
    });
    const failure = this.failNext;
    this.failNext = null;
    if (failure) throw failure;
    if (after) this.rows.set(endpoint, after);
    this.outbox.push(...queued);
    return result;
  }

  async states(): Promise<DiscoveryState[]> {
    return [...this.rows.values()].map(({ body: _body, publishedBody: _published, ...state }) =>
      structuredClone(state),
    );
  }

  async document(endpoint: string): Promise<StoredDocument | null> {
    const row = this.rows.get(endpoint);
    if (!row?.body || !row.etag || !row.builtAt) return null;
    return { endpoint, siteName: row.siteName, body: row.body, etag: row.etag, builtAt: row.builtAt };
  }
}

function empty(endpoint: string): Row {
  return {
    endpoint,
    siteName: '',
    endpointUrl: '',
    builtAt: null,
    etag: null,
    counts: null,
    problems: [],
    publishedBuiltAt: null,
    publishedAt: null,
    publishedMessageId: null,
    failure: null,
    body: null,
    publishedBody: null,
  };
}

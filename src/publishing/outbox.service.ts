import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { MESSAGE_KINDS, type MessageKind } from '../config/config.types.js';
import { MESSAGE_DESTINATIONS, type MessageDestination } from './message-destination.port.js';
import { OutboxMessagesRepository } from './outbox-messages.repository.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { buildStatus } from './outbox-status.builder.js';
import { OutboxStatusRepository } from './outbox-status.repository.js';
import {
  messageStateOf,
  OUTBOX_MESSAGE_STATES,
  type OutboxMessagePage,
  type OutboxMessageState,
  type OutboxMessageView,
  type OutboxRetryResult,
  type OutboxStatus,
} from './outbox-view.js';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 500;

/** What a list request may carry; strings as they come from a query string. */
export interface ListQuery {
  kind?: string;
  state?: string;
  limit?: string | number;
  cursor?: string;
}

/** The outbox as operators see it, served alike by REST, gRPC and the CLI; and their retry. */
@Injectable()
export class OutboxService {
  constructor(
    @Inject(OutboxStatusRepository) private readonly stats: OutboxStatusRepository,
    @Inject(OutboxMessagesRepository) private readonly repo: OutboxMessagesRepository,
    @Inject(MESSAGE_DESTINATIONS) private readonly destinations: readonly MessageDestination[],
    @Inject(OutboxRelay) private readonly relay: Pick<OutboxRelay, 'wake'>,
  ) {}

  async status(): Promise<OutboxStatus> {
    const [counts, pending, lastErrors, kindsPending, withoutDestination] = await Promise.all([
      this.stats.pairCounts(),
      this.stats.pairPending(),
      this.stats.pairLastErrors(),
      this.stats.pendingByKind(),
      this.stats.withoutDestination(),
    ]);
    const enabled = this.destinations.map((d) => ({ name: d.name, state: d.state() }));
    return buildStatus({ counts, pending, lastErrors, kindsPending, withoutDestination, enabled });
  }

  /** Newest first, without bodies. */
  async list(query: ListQuery = {}): Promise<OutboxMessagePage> {
    const limit = parseLimit(query.limit);
    const rows = await this.repo.list({
      kind: parseKind(query.kind),
      state: parseState(query.state),
      before: parseCursor(query.cursor),
      limit,
    });
    const deliveries = await this.repo.deliveries(rows.map((r) => r.id));
    const items = rows.map((r) => {
      const ds = deliveries.get(r.id) ?? [];
      return { ...r, state: messageStateOf(ds), deliveries: ds };
    });
    const last = items.at(-1);
    return { items, nextCursor: items.length === limit && last ? String(last.id) : null };
  }

  /** One message with its body and deliveries; `id` is its message id (SHA-256 hex) or numeric id. */
  async show(id: string): Promise<OutboxMessageView> {
    const row = await this.repo.find(parseMessageKey(id));
    if (!row || row.body === undefined) {
      throw new FedwatchError(ErrorCode.NOT_FOUND, `no outbox message ${id}`, { id });
    }
    const deliveries = (await this.repo.deliveries([row.id])).get(row.id) ?? [];
    return { ...row, body: row.body, state: messageStateOf(deliveries), deliveries };
  }

  /**
   * Makes pending deliveries due now, keeping their attempt counts: one message's (NOT_FOUND when
   * there is none), or every pending delivery that is waiting. Claimed (in-flight) ones are left alone.
   */
  async retry(id?: string): Promise<OutboxRetryResult> {
    let retried: number;
    let messageId: string | null = null;
    if (id === undefined || id === '') {
      retried = await this.repo.retry();
    } else {
      const row = await this.repo.find(parseMessageKey(id));
      if (!row) throw new FedwatchError(ErrorCode.NOT_FOUND, `no outbox message ${id}`, { id });
      messageId = row.messageId;
      retried = await this.repo.retry(row.id);
    }
    if (retried > 0) this.relay.wake();
    return { retried, messageId };
  }
}

function invalid(message: string, details: Record<string, unknown>): FedwatchError {
  return new FedwatchError(ErrorCode.INVALID_ARGUMENT, message, details);
}

export function parseMessageKey(id: string): { messageId: string } | { id: number } {
  const text = String(id).trim();
  if (/^[0-9a-f]{64}$/i.test(text)) return { messageId: text.toLowerCase() };
  if (/^[0-9]{1,15}$/.test(text)) return { id: Number(text) };
  throw invalid(`"${text}" is neither a message id (64 hex digits) nor a numeric id`, { id: text });
}

function parseKind(kind: string | undefined): MessageKind | undefined {
  if (kind === undefined || kind === '') return undefined;
  if ((MESSAGE_KINDS as readonly string[]).includes(kind)) return kind as MessageKind;
  throw invalid(`kind must be one of ${MESSAGE_KINDS.join(', ')}`, { kind });
}

function parseState(state: string | undefined): OutboxMessageState | undefined {
  if (state === undefined || state === '') return undefined;
  if ((OUTBOX_MESSAGE_STATES as readonly string[]).includes(state)) return state as OutboxMessageState;
  throw invalid(`state must be one of ${OUTBOX_MESSAGE_STATES.join(', ')}`, { state });
}

function parseLimit(limit: string | number | undefined): number {
  if (limit === undefined || limit === '') return DEFAULT_LIST_LIMIT;
  const n = Number(limit);
  if (Number.isInteger(n) && n >= 1 && n <= MAX_LIST_LIMIT) return n;
  throw invalid(`limit must be a whole number from 1 to ${MAX_LIST_LIMIT}`, { limit });
}

function parseCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (/^[0-9]{1,15}$/.test(cursor)) return Number(cursor);
  throw invalid('cursor must be the nextCursor of a previous page', { cursor });
}

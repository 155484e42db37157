import { Injectable, type OnModuleInit } from '@nestjs/common';
import { toTimestamp } from '../grpc/grpc-method.js';
import { GrpcServer } from '../grpc/grpc-server.js';
import { OutboxService } from './outbox.service.js';
import type { OutboxDeliveryView, OutboxMessageView, OutboxStatus } from './outbox-view.js';

/** `fedwatch.v1.PublishingService`: the same read model as `/api/v1/outbox`. */
@Injectable()
export class OutboxGrpcController implements OnModuleInit {
  constructor(
    private readonly grpc: GrpcServer,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.grpc.register('fedwatch.v1.PublishingService', {
      GetStatus: { role: 'read', handle: async () => toGrpcStatus(await this.outbox.status()) },
      GetMessage: {
        role: 'read',
        handle: async (req) => toGrpcMessage(await this.outbox.show(idOf(req))),
      },
      Retry: {
        role: 'admin',
        handle: async (req) => {
          const result = await this.outbox.retry(idOf(req) || undefined);
          return { retried: String(result.retried), messageId: result.messageId ?? '' };
        },
      },
    });
  }
}

const idOf = (req: unknown): string => String((req as { id?: unknown } | null)?.id ?? '');

function toGrpcStatus(status: OutboxStatus) {
  return {
    rows: status.rows.map((r) => ({
      ...counts(r),
      kind: r.kind,
      destination: r.destination,
      oldestPendingAgeSeconds: r.oldestPendingAgeSeconds ?? 0,
      lastError: r.lastError ?? '',
      lastFailureReason: r.lastFailureReason ?? '',
    })),
    kinds: status.kinds.map((k) => ({
      kind: k.kind,
      pendingMessages: String(k.pendingMessages),
      oldestPendingAgeSeconds: k.oldestPendingAgeSeconds ?? 0,
      withoutDestination: String(k.withoutDestination),
    })),
    destinations: status.destinations.map((d) => ({
      name: d.name,
      enabled: d.enabled,
      status: d.status,
      error: d.error ?? '',
      since: toTimestamp(d.since),
      lastError: d.lastError ?? '',
      lastFailureReason: d.lastFailureReason ?? '',
      lastFailedAt: toTimestamp(d.lastFailedAt),
    })),
    unroutable: String(status.unroutable),
  };
}

/** uint64 travels as a decimal string (the loader's `longs: String`). */
function counts(r: { pending: number; published: number; failing: number; unroutable: number }) {
  return {
    pending: String(r.pending),
    published: String(r.published),
    failing: String(r.failing),
    unroutable: String(r.unroutable),
  };
}

function toGrpcMessage(m: OutboxMessageView) {
  return {
    id: String(m.id),
    messageId: m.messageId,
    kind: m.kind,
    site: m.site,
    contentType: m.contentType,
    recordCount: m.recordCount,
    createdAt: toTimestamp(m.createdAt),
    state: m.state,
    deliveries: m.deliveries.map(toGrpcDelivery),
    body: m.body,
  };
}

function toGrpcDelivery(d: OutboxDeliveryView) {
  return {
    destination: d.destination,
    state: d.state,
    attempts: d.attempts,
    lastError: d.lastError ?? '',
    lastFailureReason: d.lastFailureReason ?? '',
    lastAttemptAt: toTimestamp(d.lastAttemptAt),
    nextAttemptAt: toTimestamp(d.nextAttemptAt),
    claimedUntil: toTimestamp(d.claimedUntil),
    claimedBy: d.claimedBy ?? '',
    publishedAt: toTimestamp(d.publishedAt),
  };
}

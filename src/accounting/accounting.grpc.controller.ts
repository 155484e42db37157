import { Injectable, type OnModuleInit } from '@nestjs/common';
import { GrpcServer } from '../grpc/grpc-server.js';
import { toTimestamp } from '../grpc/grpc-method.js';
import { toStruct } from '../grpc/struct.js';
import { AccountingStore } from './accounting.store.js';
import { parseRecordFilter } from './accounting.params.js';
import { ExtractionService } from './extraction.service.js';
import { UsageSummaryStore } from './usage-summary.store.js';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';

type Timestamp = { seconds: string; nanos: number } | null | undefined;

function fromTimestamp(t: Timestamp): string | undefined {
  return t ? new Date(Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6)).toISOString() : undefined;
}

/** `fedwatch.v1.AccountingService`: the same read models as /api/v1/accounting. */
@Injectable()
export class AccountingGrpcController implements OnModuleInit {
  constructor(
    private readonly grpc: GrpcServer,
    private readonly store: AccountingStore,
    private readonly usage: UsageSummaryStore,
    private readonly extractions: ExtractionService,
  ) {}

  onModuleInit(): void {
    this.grpc.register('fedwatch.v1.AccountingService', {
      ListRecords: { role: 'read', handle: (req) => this.listRecords(req as Record<string, unknown>) },
      GetUsageSummary: { role: 'read', handle: (req) => this.summary(req as Record<string, unknown>) },
      GetExtraction: { role: 'read', handle: (req) => this.extraction((req as { id: string }).id) },
      ListWatermarks: { role: 'read', handle: () => this.watermarks() },
    });
  }

  private async listRecords(req: Record<string, unknown>) {
    const filter = parseRecordFilter({
      type: req.type || undefined,
      site: req.site,
      vo: req.vo,
      project: req.project,
      from: fromTimestamp(req.from as Timestamp),
      to: fromTimestamp(req.to as Timestamp),
      limit: req.limit ? Number(req.limit) : undefined,
      cursor: req.cursor,
    });
    const page = await this.store.listRecords(filter);
    return {
      records: page.records.map((r) => ({
        ...r,
        measuredAt: toTimestamp(r.measuredAt),
        fields: toStruct(r.fields),
      })),
      nextCursor: page.nextCursor ?? '',
    };
  }

  private async summary(req: Record<string, unknown>) {
    const from = fromTimestamp(req.from as Timestamp);
    const to = fromTimestamp(req.to as Timestamp);
    if (!from || !to || from >= to)
      throw new FedwatchError(ErrorCode.INVALID_ARGUMENT, 'from < to is required');
    const groupBy = req.groupBy === 'project' ? 'project' : 'vo';
    const rows = await this.usage.summarize(
      { from: new Date(from), to: new Date(to) },
      groupBy,
      (req.site as string) || undefined,
    );
    return {
      rows: rows.map((r) => ({ ...r, wallSeconds: String(r.wallSeconds), cpuSeconds: String(r.cpuSeconds) })),
    };
  }

  private async extraction(id: string) {
    const v = await this.extractions.get(id);
    return {
      id: v.id,
      trigger: v.trigger,
      state: v.state,
      ...v.progress,
      records: String(v.progress.records),
      messages: String(v.progress.messages),
      error: v.error ?? '',
      createdAt: toTimestamp(v.createdAt),
      finishedAt: toTimestamp(v.finishedAt),
    };
  }

  private async watermarks() {
    return {
      watermarks: (await this.store.watermarks()).map((w) => ({
        site: w.site,
        projectId: w.projectId,
        vo: w.vo ?? '',
        watermark: toTimestamp(w.watermark),
        lastRunAt: toTimestamp(w.lastRunAt),
        lastError: w.lastError ?? '',
      })),
    };
  }
}

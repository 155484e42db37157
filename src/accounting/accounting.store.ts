import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import type { RecordFilter, StoredRecord, Window, WatermarkRow } from './accounting.types.js';

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters at 9 per row. */
const UPSERT_CHUNK = 500;

/**
 * Accounting persistence. Writes take the caller's EntityManager so that records, their outbox
 * messages and the watermark commit in one transaction.
 */
@Injectable()
export class AccountingStore {
  constructor(private readonly dataSource: DataSource) {}

  async upsertRecords(
    manager: EntityManager,
    records: readonly StoredRecord[],
    window: Window,
  ): Promise<void> {
    for (let i = 0; i < records.length; i += UPSERT_CHUNK) {
      const chunk = records.slice(i, i + UPSERT_CHUNK);
      const params: unknown[] = [];
      const rows = chunk.map((r, n) => {
        const b = n * 9;
        params.push(
          r.type,
          r.key,
          r.site,
          r.projectId,
          r.vo,
          r.measuredAt,
          window.from,
          window.to,
          JSON.stringify(r.fields),
        );
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9}::jsonb)`;
      });
      await manager.query(
        `INSERT INTO accounting_record
           (type, record_key, site, project_id, vo, measured_at, window_from, window_to, fields)
         VALUES ${rows.join(', ')}
         ON CONFLICT (type, record_key) DO UPDATE SET
           site = EXCLUDED.site, project_id = EXCLUDED.project_id, vo = EXCLUDED.vo,
           measured_at = EXCLUDED.measured_at, window_from = EXCLUDED.window_from,
           window_to = EXCLUDED.window_to, fields = EXCLUDED.fields, updated_at = now()`,
        params,
      );
    }
  }

  async watermark(site: string, projectId: string): Promise<Date | null> {
    const rows = (await this.dataSource.query(
      `SELECT watermark FROM accounting_watermark WHERE site = $1 AND project_id = $2`,
      [site, projectId],
    )) as { watermark: Date }[];
    return rows[0]?.watermark ?? null;
  }

  /** Advances the watermark; only ever called inside the transaction that stored the window. */
  async advanceWatermark(
    manager: EntityManager,
    site: string,
    projectId: string,
    vo: string,
    to: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO accounting_watermark (site, project_id, vo, watermark, last_run_at, last_success_at, last_error)
       VALUES ($1, $2, $3, $4, now(), now(), NULL)
       ON CONFLICT (site, project_id) DO UPDATE SET
         vo = EXCLUDED.vo, watermark = GREATEST(accounting_watermark.watermark, EXCLUDED.watermark),
         last_run_at = now(), last_success_at = now(), last_error = NULL`,
      [site, projectId, vo, to],
    );
  }

  /**
   * A failed project window: the watermark stays where it was; the error is kept for status. A
   * project without a watermark gets `initialWatermark`, or (null, for manual windows) no row.
   */
  async recordFailure(
    site: string,
    projectId: string,
    error: string,
    initialWatermark: Date | null,
  ): Promise<void> {
    if (initialWatermark === null) {
      await this.dataSource.query(
        `UPDATE accounting_watermark SET last_run_at = now(), last_error = $3 WHERE site = $1 AND project_id = $2`,
        [site, projectId, error],
      );
      return;
    }
    await this.dataSource.query(
      `INSERT INTO accounting_watermark (site, project_id, watermark, last_run_at, last_error)
       VALUES ($1, $2, $3, now(), $4)
       ON CONFLICT (site, project_id) DO UPDATE SET last_run_at = now(), last_error = EXCLUDED.last_error`,
      [site, projectId, initialWatermark, error],
    );
  }

  /** The watermarks of one configured OpenStack site entry (`openstack.sites[].name`). */
  async watermarksOf(site: string): Promise<WatermarkRow[]> {
    return (await this.watermarks()).filter((w) => w.site === site);
  }

  async watermarks(): Promise<WatermarkRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT site, project_id, vo, watermark, last_run_at, last_success_at, last_error
         FROM accounting_watermark ORDER BY site, project_id`,
    )) as Record<string, unknown>[];
    return rows.map((r) => ({
      site: r.site as string,
      projectId: r.project_id as string,
      vo: (r.vo as string | null) ?? null,
      watermark: r.watermark as Date,
      lastRunAt: (r.last_run_at as Date | null) ?? null,
      lastSuccessAt: (r.last_success_at as Date | null) ?? null,
      lastError: (r.last_error as string | null) ?? null,
    }));
  }

  /** Records page by page in (measured_at, type, key) order; the cursor is the last row's position. */
  async listRecords(filter: RecordFilter): Promise<{ records: StoredRecord[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.type) add('type = ?', filter.type);
    if (filter.site) add('site = ?', filter.site);
    if (filter.vo) add('vo = ?', filter.vo);
    if (filter.projectId) add('project_id = ?', filter.projectId);
    if (filter.from) add('measured_at >= ?', filter.from);
    if (filter.to) add('measured_at < ?', filter.to);
    if (filter.cursor) {
      const [at, type, key] = decodeCursor(filter.cursor);
      params.push(at, type, key);
      const n = params.length;
      where.push(`(measured_at, type, record_key) > ($${n - 2}::timestamptz, $${n - 1}, $${n})`);
    }
    params.push(filter.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT type, record_key, site, project_id, vo, measured_at, fields FROM accounting_record
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY measured_at, type, record_key LIMIT $${params.length}`,
      params,
    )) as Record<string, unknown>[];
    const page = rows.slice(0, filter.limit).map(toStoredRecord);
    const last = page.at(-1);
    const nextCursor =
      rows.length > filter.limit && last
        ? Buffer.from(JSON.stringify([last.measuredAt.toISOString(), last.type, last.key])).toString(
            'base64url',
          )
        : null;
    return { records: page, nextCursor };
  }
}

function decodeCursor(cursor: string): [string, string, string] {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts.length === 3 && parts.every((p) => typeof p === 'string')) {
      return parts as [string, string, string];
    }
  } catch {
    // fall through to the error below
  }
  throw new FedwatchError(ErrorCode.INVALID_ARGUMENT, 'cursor is not one this API returned');
}

function toStoredRecord(r: Record<string, unknown>): StoredRecord {
  return {
    type: r.type as StoredRecord['type'],
    key: r.record_key as string,
    site: r.site as string,
    projectId: r.project_id as string,
    vo: r.vo as string,
    measuredAt: r.measured_at as Date,
    fields: r.fields as Record<string, unknown>,
  };
}

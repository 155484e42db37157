import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  ExtractionProgress,
  ExtractionRequest,
  ExtractionState,
  ExtractionSummary,
  ExtractionView,
} from './extraction.types.js';

const EMPTY_PROGRESS: ExtractionProgress = {
  projectsTotal: 0,
  projectsDone: 0,
  projectsFailed: 0,
  records: 0,
  messages: 0,
};

/** The `accounting_extraction` rows that REST and the CLI follow while an extraction runs. */
@Injectable()
export class ExtractionRunStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(id: string, request: ExtractionRequest): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO accounting_extraction (id, trigger, site, project_id, window_from, window_to, republish, state, progress)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8::jsonb)`,
      [
        id,
        request.trigger,
        request.site ?? null,
        request.projectId ?? null,
        request.window?.from ?? null,
        request.window?.to ?? null,
        request.republish,
        JSON.stringify(EMPTY_PROGRESS),
      ],
    );
  }

  async markRunning(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE accounting_extraction SET state = 'running', started_at = now() WHERE id = $1`,
      [id],
    );
  }

  async saveProgress(id: string, progress: ExtractionProgress): Promise<void> {
    await this.dataSource.query(`UPDATE accounting_extraction SET progress = $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify(progress),
    ]);
  }

  async finish(
    id: string,
    state: ExtractionState,
    progress: ExtractionProgress,
    summary: ExtractionSummary | null,
    error: string | null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE accounting_extraction
          SET state = $2, progress = $3::jsonb, summary = $4::jsonb, error = $5, finished_at = now()
        WHERE id = $1`,
      [id, state, JSON.stringify(progress), summary ? JSON.stringify(summary) : null, error],
    );
  }

  /** Runs a previous process left unfinished (crash, kill): they did not complete. */
  async failInterrupted(): Promise<number> {
    const rows = (await this.dataSource.query(
      `UPDATE accounting_extraction SET state = 'failed', error = 'interrupted: the service stopped before it finished',
              finished_at = now()
        WHERE state IN ('queued', 'running') RETURNING id`,
    )) as [unknown[], number] | unknown[];
    return Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
  }

  async get(id: string): Promise<ExtractionView | null> {
    const rows = (await this.dataSource.query(`SELECT * FROM accounting_extraction WHERE id = $1`, [
      id,
    ])) as Record<string, unknown>[];
    return rows[0] ? toView(rows[0]) : null;
  }

  async recent(limit: number): Promise<ExtractionView[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM accounting_extraction ORDER BY created_at DESC LIMIT $1`,
      [limit],
    )) as Record<string, unknown>[];
    return rows.map(toView);
  }
}

function toView(r: Record<string, unknown>): ExtractionView {
  const from = r.window_from as Date | null;
  const to = r.window_to as Date | null;
  return {
    id: r.id as string,
    trigger: r.trigger as ExtractionView['trigger'],
    site: (r.site as string | null) ?? null,
    projectId: (r.project_id as string | null) ?? null,
    window: from && to ? { from, to } : null,
    republish: r.republish as boolean,
    state: r.state as ExtractionState,
    progress: r.progress as ExtractionProgress,
    summary: (r.summary as ExtractionSummary | null) ?? null,
    error: (r.error as string | null) ?? null,
    createdAt: r.created_at as Date,
    startedAt: (r.started_at as Date | null) ?? null,
    finishedAt: (r.finished_at as Date | null) ?? null,
  };
}

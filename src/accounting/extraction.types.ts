import type { RecordType, Window } from './accounting.types.js';

export interface ExtractionRequest {
  trigger: 'schedule' | 'manual';
  /** Configured OpenStack site entry name; all sites when absent. */
  site?: string;
  projectId?: string;
  /** Manual extractions of a past window; scheduled ones follow each project's watermark. */
  window?: Window;
  /** Queue messages again even when an identical body was published before. */
  republish: boolean;
}

export interface ExtractionProgress {
  projectsTotal: number;
  projectsDone: number;
  projectsFailed: number;
  records: number;
  messages: number;
}

export interface ProjectOutcome {
  site: string;
  projectId: string;
  vo: string | null;
  window: Window | null;
  records: Partial<Record<RecordType, number>>;
  messages: number;
  duplicateMessages: number;
  problems: string[];
  error: string | null;
}

export interface ExtractionSummary {
  projects: ProjectOutcome[];
  /** Site-level failures (unreachable Keystone, wrong credentials): one clear error per site. */
  siteErrors: { site: string; error: string }[];
}

export type ExtractionState = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';

export interface ExtractionView {
  id: string;
  trigger: ExtractionRequest['trigger'];
  site: string | null;
  projectId: string | null;
  window: Window | null;
  republish: boolean;
  state: ExtractionState;
  progress: ExtractionProgress;
  summary: ExtractionSummary | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/**
 * Does one extraction: collect from OpenStack, build records, and per project store records,
 * queue their messages and (for scheduled runs) advance the watermark in one transaction.
 */
export abstract class AccountingExtractor {
  abstract extract(
    request: ExtractionRequest,
    onProgress: (p: ExtractionProgress) => void,
  ): Promise<ExtractionSummary>;
}

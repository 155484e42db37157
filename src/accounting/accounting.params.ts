import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import type { RecordFilter, RecordType } from './accounting.types.js';
import type { ExtractionRequest } from './extraction.types.js';

const RECORD_TYPES: readonly RecordType[] = ['cloud', 'storage', 'ip', 'accelerator'];

function invalid(message: string): FedwatchError {
  return new FedwatchError(ErrorCode.INVALID_ARGUMENT, message);
}

/** An ISO 8601 instant with an explicit zone (`Z` or an offset): a naive time would be ambiguous. */
export function parseInstant(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}(T[\d:.]+)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
    throw invalid(
      `${name} must be an ISO 8601 time with a zone, e.g. 2026-11-01T00:00:00Z (got ${String(value)})`,
    );
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid(`${name} is not a valid time: ${value}`);
  return date;
}

export function parseExtractionRequest(body: Record<string, unknown> | undefined): ExtractionRequest {
  const b = body ?? {};
  const from = parseInstant(b.from, 'from');
  const to = parseInstant(b.to, 'to');
  if ((from === undefined) !== (to === undefined)) throw invalid('give both from and to, or neither');
  for (const key of ['site', 'project'] as const) {
    if (b[key] !== undefined && typeof b[key] !== 'string') throw invalid(`${key} must be a string`);
  }
  if (b.republish !== undefined && typeof b.republish !== 'boolean')
    throw invalid('republish must be true or false');
  return {
    trigger: 'manual',
    site: b.site as string | undefined,
    projectId: b.project as string | undefined,
    window: from && to ? { from, to } : undefined,
    republish: b.republish === true,
  };
}

export function parseRecordFilter(q: Record<string, unknown>): RecordFilter {
  const limit = q.limit === undefined ? 100 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw invalid('limit must be a whole number from 1 to 1000');
  if (q.type !== undefined && !RECORD_TYPES.includes(q.type as RecordType)) {
    throw invalid(`type must be one of ${RECORD_TYPES.join(', ')}`);
  }
  const str = (k: string) => (typeof q[k] === 'string' && q[k] !== '' ? (q[k] as string) : undefined);
  return {
    type: q.type as RecordType | undefined,
    site: str('site'),
    vo: str('vo'),
    projectId: str('project'),
    from: parseInstant(q.from, 'from'),
    to: parseInstant(q.to, 'to'),
    limit,
    cursor: str('cursor'),
  };
}

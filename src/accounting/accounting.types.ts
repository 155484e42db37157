export type RecordType = 'cloud' | 'storage' | 'ip' | 'accelerator';

/** A record as stored: keyed like the APEL server keys it, with its wire fields kept as built. */
export interface StoredRecord {
  type: RecordType;
  /** cloud: `<VMUUID>/<year>-<month>`; storage: the record id; … (see the builders' key functions). */
  key: string;
  site: string;
  projectId: string;
  vo: string;
  measuredAt: Date;
  fields: Record<string, unknown>;
}

export interface Window {
  from: Date;
  to: Date;
}

export interface RecordFilter {
  type?: RecordType;
  site?: string;
  vo?: string;
  projectId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** Opaque cursor from the previous page. */
  cursor?: string;
}

export interface WatermarkRow {
  site: string;
  projectId: string;
  vo: string | null;
  watermark: Date;
  lastRunAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
}

import type { CloudRecord } from './record.types.js';
import { wireSafe } from './wire-safety.js';

export const CLOUD_MESSAGE_HEADER = 'APEL-cloud-message: v0.4';

/** The keys the APEL server accepts that fedwatch sends; any other key rejects the message. */
const CLOUD_FIELDS: readonly (keyof CloudRecord)[] = [
  'VMUUID',
  'SiteName',
  'CloudComputeService',
  'CloudType',
  'MachineName',
  'LocalUserId',
  'LocalGroupId',
  'GlobalUserName',
  'FQAN',
  'Status',
  'StartTime',
  'EndTime',
  'WallDuration',
  'CpuDuration',
  'CpuCount',
  'PublicIPCount',
  'Memory',
  'Disk',
  'BenchmarkType',
  'Benchmark',
  'ImageId',
];

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The `Key: value` lines of one cloud record (apel.md §2.4): null or empty values omitted, values
 * passed through {@link wireSafe} once more (records read back from storage stay safe), lines
 * sorted by byte order of the whole line as cASO does.
 */
export function cloudRecordLines(record: CloudRecord): string[] {
  const lines: string[] = [];
  for (const key of CLOUD_FIELDS) {
    const value = record[key];
    if (value === null || value === undefined) continue;
    const text = wireSafe(value);
    if (text !== '') lines.push(`${key}: ${text}`);
  }
  return lines.sort(byteOrder);
}

/**
 * A complete cloud message (apel.md §2.4): `APEL-cloud-message: v0.4`, then the records joined by
 * a line holding only `%%`, ending with `\n` (cASO: `header + "\n" + records.join("\n%%\n") + "\n"`).
 */
export function renderCloudMessage(records: readonly CloudRecord[]): string {
  const body = records.map((record) => cloudRecordLines(record).join('\n')).join('\n%%\n');
  return records.length === 0 ? `${CLOUD_MESSAGE_HEADER}\n` : `${CLOUD_MESSAGE_HEADER}\n${body}\n`;
}

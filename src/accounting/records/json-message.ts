import type { AcceleratorRecord, IpRecord } from './record.types.js';
import { wireSafe } from './wire-safety.js';

const IP_KEYS: readonly (keyof IpRecord)[] = [
  'SiteName',
  'CloudType',
  'CloudComputeService',
  'uuid',
  'LocalUser',
  'GlobalUserName',
  'LocalGroup',
  'FQAN',
  'IPVersion',
  'IPCount',
  'MeasurementTime',
];

const ACCELERATOR_KEYS: readonly (keyof AcceleratorRecord)[] = [
  'SiteName',
  'CloudType',
  'CloudComputeService',
  'AssociatedRecord',
  'GlobalUserName',
  'FQAN',
  'Count',
  'AvailableDuration',
  'MeasurementMonth',
  'MeasurementYear',
  'AssociatedRecordType',
  'Type',
  'Model',
  'ActiveDuration',
];

/**
 * One flat object as Python's `json.dumps` writes it with its default separators (`", "` and
 * `": "`), keys in the given order, null values omitted, strings wire-safe (so pure ASCII).
 */
function pythonJsonObject<T extends object>(record: T, keys: readonly (keyof T)[]): string {
  const members: string[] = [];
  for (const key of keys) {
    const value: unknown = record[key];
    if (value === null || value === undefined) continue;
    const json = typeof value === 'number' ? JSON.stringify(value) : JSON.stringify(wireSafe(value));
    members.push(`${JSON.stringify(key)}: ${json}`);
  }
  return `{${members.join(', ')}}`;
}

function envelope(type: string, version: string, records: string[]): string {
  return `{"Type": "${type}", "Version": "${version}", "UsageRecords": [${records.join(', ')}]}`;
}

/** A public IP message, JSON v0.2 (apel.md §4), one line, no trailing newline. */
export function renderIpMessage(records: readonly IpRecord[]): string {
  return envelope(
    'APEL Public IP message',
    '0.2',
    records.map((r) => pythonJsonObject(r, IP_KEYS)),
  );
}

/** An accelerator message, JSON v0.1 (apel.md §5, §12), one line, no trailing newline. */
export function renderAcceleratorMessage(records: readonly AcceleratorRecord[]): string {
  return envelope(
    'APEL-accelerator-message',
    '0.1',
    records.map((r) => pythonJsonObject(r, ACCELERATOR_KEYS)),
  );
}

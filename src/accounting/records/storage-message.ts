import type { StorageRecord } from './record.types.js';
import { isoUtcSeconds } from './utc-time.js';
import { wireSafe } from './wire-safety.js';

export const STAR_NAMESPACE = 'http://eu-emi.eu/namespaces/2011/02/storagerecord';

// Escaping as Python's ElementTree does it (cASO's serialiser): text escapes & < >, attribute
// values also ". Values are wire-safe first, so no control character is left to escape.
const escapeText = (value: unknown) =>
  wireSafe(value).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const escapeAttribute = (value: unknown) => escapeText(value).replaceAll('"', '&quot;');

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = escapeText(value);
  return text === '' ? '' : `<sr:${name}>${text}</sr:${name}>`;
}

/**
 * One `sr:StorageUsageRecord` (apel.md §3.1), children in the reference's order: RecordIdentity,
 * StorageSystem, Site, SubjectIdentity, StartTime, EndTime, ResourceCapacityUsed. Null fields and
 * an empty SubjectIdentity are left out; times are written `YYYY-MM-DDTHH:MM:SS+00:00`.
 */
export function storageRecordXml(record: StorageRecord): string {
  const subject = [
    element('LocalUser', record.LocalUser),
    element('LocalGroup', record.LocalGroup),
    element('UserIdentity', record.UserIdentity),
    element('Group', record.Group),
  ].join('');
  const identity =
    `<sr:RecordIdentity sr:createTime="${escapeAttribute(isoUtcSeconds(record.CreateTime))}"` +
    ` sr:recordId="${escapeAttribute(record.RecordId)}" />`;
  return [
    '<sr:StorageUsageRecord>',
    identity,
    element('StorageSystem', record.StorageSystem),
    element('Site', record.Site),
    subject === '' ? '' : `<sr:SubjectIdentity>${subject}</sr:SubjectIdentity>`,
    element('StartTime', isoUtcSeconds(record.StartTime)),
    element('EndTime', isoUtcSeconds(record.EndTime)),
    element('ResourceCapacityUsed', record.ResourceCapacityUsed),
    '</sr:StorageUsageRecord>',
  ].join('');
}

/**
 * A StAR message (apel.md §3.2, §3.4): one `sr:StorageUsageRecords` root binding the `sr` prefix,
 * no XML declaration, no whitespace between elements, no trailing newline (as ElementTree writes).
 */
export function renderStorageMessage(records: readonly StorageRecord[]): string {
  return `<sr:StorageUsageRecords xmlns:sr="${STAR_NAMESPACE}">${records.map(storageRecordXml).join('')}</sr:StorageUsageRecords>`;
}

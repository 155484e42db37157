import type { AcceleratorRecord, CloudRecord, IpRecord, StorageRecord } from './record.types.js';
import { utcMonthOf } from './utc-time.js';

const monthKey = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/**
 * The APEL server's `MeasurementTime` of a cloud record (apel.md §2.7), epoch seconds:
 * `EndTime` for `completed`, else `StartTime + SuspendDuration + WallDuration` (fedwatch sends
 * neither `RecordCreateTime` nor `SuspendDuration`), which for a running VM is the window end.
 */
export function cloudMeasurementTime(record: CloudRecord): number {
  return record.Status === 'completed' ? record.EndTime : record.StartTime + record.WallDuration;
}

/** The server's primary key of `CloudRecords` (apel.md §2.7): VMUUID and the UTC measurement month. */
export function cloudKeyParts(record: CloudRecord): { vmUuid: string; month: number; year: number } {
  return { vmUuid: record.VMUUID, ...utcMonthOf(cloudMeasurementTime(record)) };
}

/**
 * Storage key of a cloud record, {@link cloudKeyParts} written `<VMUUID>/<yyyy>-<mm>`. A later
 * record with the same key replaces the earlier one, as on the server.
 */
export function cloudRecordKey(record: CloudRecord): string {
  const { vmUuid, month, year } = cloudKeyParts(record);
  return `${vmUuid}/${monthKey(year, month)}`;
}

/** Storage key of a StAR record, as the server keys `StarRecords`: the record id (apel.md §3.3). */
export function storageRecordKey(record: StorageRecord): string {
  return record.RecordId;
}

/** Measurement time of a StAR record: its `createTime` (the window end), epoch seconds. */
export function storageMeasurementTime(record: StorageRecord): number {
  return record.CreateTime;
}

/**
 * Storage key of an accelerator record, after apel/apel#459's table key (month, year,
 * record type, associated record, site, model): `<site>/<type>/<VMUUID>/<yyyy>-<mm>/<model>`.
 */
export function acceleratorRecordKey(record: AcceleratorRecord): string {
  const month = monthKey(record.MeasurementYear, record.MeasurementMonth);
  return `${record.SiteName}/${record.AssociatedRecordType}/${record.AssociatedRecord}/${month}/${record.Model}`;
}

/**
 * Storage key of a public IP record: (site, project, IP version, measurement month). No
 * released server keys these; one row per month keeps the latest point-in-time count.
 */
export function ipRecordKey(record: IpRecord): string {
  const { month, year } = utcMonthOf(record.MeasurementTime);
  return `${record.SiteName}/${record.LocalGroup}/v${record.IPVersion}/${monthKey(year, month)}`;
}

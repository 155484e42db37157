import type { ProjectUsageData } from '../../sources/openstack/openstack.types.js';

/** `Status` of a cloud record (apel.md §2.2). */
export type CloudStatus = 'started' | 'completed' | 'error' | 'paused' | 'suspended' | 'stopped' | 'unknown';

/**
 * One APEL cloud record v0.4 (apel.md §2.1), keys named as on the wire. Strings are already
 * wire-safe; null means "omit the line". Epochs are UTC seconds; durations whole seconds.
 */
export interface CloudRecord {
  VMUUID: string;
  SiteName: string;
  CloudComputeService: string | null;
  CloudType: string;
  MachineName: string | null;
  LocalUserId: string | null;
  LocalGroupId: string | null;
  GlobalUserName: string | null;
  FQAN: string;
  Status: CloudStatus;
  StartTime: number;
  /** `0` while the VM is running at the window end. */
  EndTime: number;
  WallDuration: number;
  CpuDuration: number;
  CpuCount: number;
  PublicIPCount: number;
  /** MiB. */
  Memory: number;
  /** GiB. */
  Disk: number;
  BenchmarkType: string | null;
  Benchmark: number | null;
  ImageId: string | null;
}

/** One StAR storage record (apel.md §3.1); times are UTC epoch seconds, capacity in bytes. */
export interface StorageRecord {
  RecordId: string;
  CreateTime: number;
  StorageSystem: string;
  Site: string | null;
  LocalUser: string | null;
  LocalGroup: string | null;
  UserIdentity: string | null;
  Group: string | null;
  StartTime: number;
  EndTime: number;
  ResourceCapacityUsed: number;
}

/** One public IP record, JSON v0.2 (apel.md §4), keys in cASO's order. */
export interface IpRecord {
  SiteName: string;
  CloudType: string;
  CloudComputeService: string | null;
  uuid: string;
  LocalUser: string | null;
  GlobalUserName: string | null;
  LocalGroup: string;
  FQAN: string;
  IPVersion: 4 | 6;
  IPCount: number;
  MeasurementTime: number;
}

/** One accelerator record, JSON v0.1 (apel.md §5), keys in cASO's order. */
export interface AcceleratorRecord {
  SiteName: string;
  CloudType: string;
  CloudComputeService: string | null;
  AssociatedRecord: string;
  GlobalUserName: string | null;
  FQAN: string;
  Count: number;
  AvailableDuration: number;
  MeasurementMonth: number;
  MeasurementYear: number;
  AssociatedRecordType: 'cloud';
  Type: string;
  Model: string;
  ActiveDuration: number;
}

/**
 * Something wrong with one input object. With `skipped: true` the object produced no record
 * (the rest of the window is unaffected); with `skipped: false` only the named field was left
 * out of its record.
 */
export interface RecordProblem {
  objectType: 'project' | 'server' | 'usage' | 'volume' | 'floatingip';
  id: string;
  field: string;
  message: string;
  skipped: boolean;
}

export interface BuildResult<R> {
  records: R[];
  problems: RecordProblem[];
}

/** What every builder is given: one project's data, the window `[from, to)` and the site. */
export interface RecordBuildInput {
  data: ProjectUsageData;
  window: { from: Date; to: Date };
  site: { siteName: string; cloudComputeService: string | null };
  /** The project's VO (apel.md §6); goes verbatim (made wire-safe) into `FQAN` / `sr:Group`. */
  vo: string;
  /** fedwatch's version, for `CloudType: fedwatch/<version> (OpenStack)`. */
  version: string;
  /** Transliterate non-ASCII instead of dropping it (`AccountingConfig.transliterate`). */
  transliterate?: boolean;
}

import type { AccountingConfig } from '../config/config.types.js';
import type { OutboxMessageInput } from '../publishing/outbox.port.js';
import type { ProjectUsageData } from '../sources/openstack/openstack.types.js';
import type { RecordType, StoredRecord, Window } from './accounting.types.js';
import {
  acceleratorRecordKey,
  buildAcceleratorRecords,
  buildCloudRecords,
  buildIpRecords,
  buildStorageRecords,
  cloudMeasurementTime,
  cloudRecordKey,
  ipRecordKey,
  splitIntoMessages,
  storageMeasurementTime,
  storageRecordKey,
  type RecordBuildInput,
  type RecordProblem,
} from './records/index.js';

export interface ProjectWindowInput {
  data: ProjectUsageData;
  window: Window;
  site: { name: string; siteName: string; cloudComputeService: string | null };
  vo: string;
  version: string;
  accounting: AccountingConfig;
}

export interface ProjectWindowResult {
  records: StoredRecord[];
  messages: OutboxMessageInput[];
  counts: Partial<Record<RecordType, number>>;
  problems: RecordProblem[];
}

/**
 * One project's window turned into what is stored and what is published, for the enabled record
 * types only (apel.md §8: a disabled type is neither built nor queued). Pure: the same input gives
 * the same records and byte-identical messages, so re-extracting a window re-sends nothing new.
 */
export function buildProjectWindow(input: ProjectWindowInput): ProjectWindowResult {
  const { data, window, site, vo, version, accounting } = input;
  const build: RecordBuildInput = {
    data,
    window,
    site: { siteName: site.siteName, cloudComputeService: accounting.cloudComputeService },
    vo,
    version,
    transliterate: accounting.transliterate,
  };
  // Room below AMS's 1 MB for the S/MIME envelope added at relay time (about 3 kB, apel.md §2.8).
  const limits = { maxRecords: accounting.recordsPerMessage, maxBytes: 990_000 };
  const out: ProjectWindowResult = { records: [], messages: [], counts: {}, problems: [] };
  const stored = (type: RecordType, key: string, measuredEpoch: number, fields: object): StoredRecord => ({
    type,
    key,
    site: site.siteName,
    projectId: data.project.id,
    vo,
    measuredAt: new Date(measuredEpoch * 1000),
    fields: { ...fields },
  });
  const toMessages = (
    msgs: { kind: OutboxMessageInput['kind']; body: string; contentType: string; recordCount: number }[],
  ) =>
    msgs.map((m) => ({
      kind: m.kind,
      body: m.body,
      contentType: m.contentType,
      recordCount: m.recordCount,
      site: site.siteName,
    }));

  if (accounting.recordTypes.cloud) {
    const { records, problems } = buildCloudRecords(build);
    out.problems.push(...problems);
    out.records.push(...records.map((r) => stored('cloud', cloudRecordKey(r), cloudMeasurementTime(r), r)));
    out.messages.push(...toMessages(splitIntoMessages('accounting.cloud', records, limits)));
    out.counts.cloud = records.length;
  }
  if (accounting.recordTypes.storage) {
    const { records, problems } = buildStorageRecords(build);
    out.problems.push(...problems);
    out.records.push(
      ...records.map((r) => stored('storage', storageRecordKey(r), storageMeasurementTime(r), r)),
    );
    out.messages.push(...toMessages(splitIntoMessages('accounting.storage', records, limits)));
    out.counts.storage = records.length;
  }
  if (accounting.recordTypes.ip) {
    const { records, problems } = buildIpRecords(build);
    out.problems.push(...problems);
    out.records.push(...records.map((r) => stored('ip', ipRecordKey(r), r.MeasurementTime, r)));
    out.messages.push(...toMessages(splitIntoMessages('accounting.ip', records, limits)));
    out.counts.ip = records.length;
  }
  if (accounting.recordTypes.accelerator) {
    const { records, problems } = buildAcceleratorRecords(build);
    out.problems.push(...problems);
    const measured = (r: (typeof records)[number]) =>
      Date.UTC(r.MeasurementYear, r.MeasurementMonth - 1, 1) / 1000;
    out.records.push(...records.map((r) => stored('accelerator', acceleratorRecordKey(r), measured(r), r)));
    out.messages.push(...toMessages(splitIntoMessages('accounting.accelerator', records, limits)));
    out.counts.accelerator = records.length;
  }
  return out;
}

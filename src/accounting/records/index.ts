export type {
  AcceleratorRecord,
  BuildResult,
  CloudRecord,
  CloudStatus,
  IpRecord,
  RecordBuildInput,
  RecordProblem,
  StorageRecord,
} from './record.types.js';
export { buildCloudRecords } from './cloud-record.builder.js';
export { buildStorageRecords } from './storage-record.builder.js';
export { buildIpRecords } from './ip-record.builder.js';
export { buildAcceleratorRecords } from './accelerator-record.builder.js';
export { wireSafe, type WireSafetyOptions } from './wire-safety.js';
export { parseUtcMicros } from './utc-time.js';
export { CLOUD_MESSAGE_HEADER, cloudRecordLines, renderCloudMessage } from './cloud-message.js';
export { STAR_NAMESPACE, renderStorageMessage } from './storage-message.js';
export { renderAcceleratorMessage, renderIpMessage } from './json-message.js';
export {
  APEL_MESSAGE_LIMITS,
  splitIntoMessages,
  type AccountingMessage,
  type AccountingMessageKind,
  type AccountingRecordsByKind,
  type MessageLimits,
} from './message-splitter.js';
export {
  acceleratorRecordKey,
  cloudKeyParts,
  cloudMeasurementTime,
  cloudRecordKey,
  ipRecordKey,
  storageMeasurementTime,
  storageRecordKey,
} from './record-keys.js';

import { createHash } from 'node:crypto';
import type { MessageKind } from '../../config/config.types.js';
import { renderCloudMessage } from './cloud-message.js';
import { renderAcceleratorMessage, renderIpMessage } from './json-message.js';
import type { AcceleratorRecord, CloudRecord, IpRecord, StorageRecord } from './record.types.js';
import { renderStorageMessage } from './storage-message.js';

/** Record type carried by each accounting message kind. */
export interface AccountingRecordsByKind {
  'accounting.cloud': CloudRecord;
  'accounting.storage': StorageRecord;
  'accounting.ip': IpRecord;
  'accounting.accelerator': AcceleratorRecord;
}
export type AccountingMessageKind = keyof AccountingRecordsByKind & MessageKind;

type Renderer<K extends AccountingMessageKind> = (records: readonly AccountingRecordsByKind[K][]) => string;
const FORMATS: { [K in AccountingMessageKind]: { render: Renderer<K>; contentType: string } } = {
  'accounting.cloud': { render: renderCloudMessage, contentType: 'text/plain' },
  'accounting.storage': { render: renderStorageMessage, contentType: 'application/xml' },
  'accounting.ip': { render: renderIpMessage, contentType: 'application/json' },
  'accounting.accelerator': { render: renderAcceleratorMessage, contentType: 'application/json' },
};

export interface MessageLimits {
  /** Records per message; APEL: at most 100 (apel.md §1). */
  maxRecords: number;
  /** Every body stays strictly below this many bytes (AMS: 1 MB; leave room for signing). */
  maxBytes: number;
}
export const APEL_MESSAGE_LIMITS: MessageLimits = Object.freeze({ maxRecords: 100, maxBytes: 1_000_000 });

export interface AccountingMessage<K extends AccountingMessageKind = AccountingMessageKind> {
  kind: K;
  body: string;
  contentType: string;
  recordCount: number;
  /** Index in the input of this message's first record; its records are contiguous. */
  firstRecordIndex: number;
  /** Hex SHA-256 of the body: the same records always give the same id. */
  messageId: string;
}

/**
 * Splits records into complete messages of one kind, keeping their order: at most `maxRecords`
 * each, and halved again while a body would reach `maxBytes`. No records, no message. Throws
 * `RangeError` for limits that cannot be met (a single record as large as `maxBytes`).
 */
export function splitIntoMessages<K extends AccountingMessageKind>(
  kind: K,
  records: readonly AccountingRecordsByKind[K][],
  limits: Partial<MessageLimits> = {},
): AccountingMessage<K>[] {
  const { maxRecords, maxBytes } = { ...APEL_MESSAGE_LIMITS, ...limits };
  if (!Number.isSafeInteger(maxRecords) || maxRecords < 1) throw new RangeError(`maxRecords: ${maxRecords}`);
  const { render, contentType } = FORMATS[kind] as { render: Renderer<K>; contentType: string };
  const messages: AccountingMessage<K>[] = [];
  const emit = (first: number, count: number): void => {
    const body = render(records.slice(first, first + count));
    if (Buffer.byteLength(body, 'utf8') < maxBytes) {
      const messageId = createHash('sha256').update(body, 'utf8').digest('hex');
      messages.push({ kind, body, contentType, recordCount: count, firstRecordIndex: first, messageId });
    } else if (count > 1) {
      const half = Math.ceil(count / 2);
      emit(first, half);
      emit(first + half, count - half);
    } else {
      throw new RangeError(`${kind} record ${first} alone reaches ${maxBytes} bytes`);
    }
  };
  for (let first = 0; first < records.length; first += maxRecords) {
    emit(first, Math.min(maxRecords, records.length - first));
  }
  return messages;
}

import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { buildCloudRecords } from './cloud-record.builder.js';
import { renderCloudMessage } from './cloud-message.js';
import { splitIntoMessages } from './message-splitter.js';
import type { CloudRecord } from './record.types.js';
import { exampleInput } from './__golden__/apel-examples.fixture.js';

const [sample] = buildCloudRecords(exampleInput()).records;
const many = (n: number): CloudRecord[] =>
  Array.from({ length: n }, (_, i) => ({ ...sample, VMUUID: `vm-${String(i).padStart(4, '0')}` }));

describe('splitIntoMessages (apel.md §1, §2.4, §2.8)', () => {
  it('at most 100 records per message, in order, ids = sha256(body)', () => {
    const messages = splitIntoMessages('accounting.cloud', many(250));
    expect(messages.map((m) => [m.recordCount, m.firstRecordIndex])).toEqual([
      [100, 0],
      [100, 100],
      [50, 200],
    ]);
    for (const m of messages) {
      expect(m.messageId).toBe(createHash('sha256').update(m.body).digest('hex'));
      expect(m.body.startsWith('APEL-cloud-message: v0.4\n')).toBe(true);
    }
    expect(messages[2].body).toBe(renderCloudMessage(many(250).slice(200)));
  });

  it('splits further while a body would reach maxBytes', () => {
    const oneRecordBytes = renderCloudMessage(many(1)).length;
    const messages = splitIntoMessages('accounting.cloud', many(10), { maxBytes: oneRecordBytes * 3 });
    // A body of k records is header + k records + (k − 1) separators: 3 fit under three one-record
    // bodies (the header is counted once), 5 do not. 10 → 5 + 5 → (3 + 2) + (3 + 2).
    expect(messages.map((m) => m.recordCount)).toEqual([3, 2, 3, 2]);
    for (const m of messages) expect(Buffer.byteLength(m.body)).toBeLessThan(oneRecordBytes * 3);
  });

  it('gives no message for no records, and the same ids for the same records', () => {
    expect(splitIntoMessages('accounting.storage', [])).toEqual([]);
    const a = splitIntoMessages('accounting.cloud', many(3));
    expect(splitIntoMessages('accounting.cloud', many(3))).toEqual(a);
  });

  it('refuses limits that cannot be met', () => {
    expect(() => splitIntoMessages('accounting.cloud', many(1), { maxBytes: 10 })).toThrow(RangeError);
    expect(() => splitIntoMessages('accounting.cloud', many(1), { maxRecords: 0 })).toThrow(RangeError);
  });
});

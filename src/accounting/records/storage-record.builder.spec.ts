import { describe, expect, it } from '@jest/globals';
import { renderStorageMessage } from './storage-message.js';
import { buildStorageRecords } from './storage-record.builder.js';
import { storageRecordKey } from './record-keys.js';
import { USER_B, VOLUME, inputWith } from './__golden__/apel-examples.fixture.js';

// Window of apel.md §12: 2026-11-01T00:00:00Z to 01:00:00Z.
describe('buildStorageRecords (apel.md §3)', () => {
  it('a volume created inside the window starts at its creation; unknown user → no UserIdentity', () => {
    const volume = {
      ...VOLUME,
      id: 'dddddddd-0000-4000-8000-000000000001',
      size: 1,
      user_id: USER_B, // look-up failed
      created_at: '2026-11-01T00:20:00.123456', // naive UTC, fraction dropped
    };
    const { records, problems } = buildStorageRecords(inputWith({ volumes: [volume] }));
    expect(problems).toEqual([]);
    // 1 GiB = 1 × 2^30 = 1073741824 bytes.
    expect(renderStorageMessage(records)).toBe(
      '<sr:StorageUsageRecords xmlns:sr="http://eu-emi.eu/namespaces/2011/02/storagerecord">' +
        '<sr:StorageUsageRecord><sr:RecordIdentity sr:createTime="2026-11-01T01:00:00+00:00" ' +
        'sr:recordId="dddddddd-0000-4000-8000-000000000001" /><sr:StorageSystem>EXAMPLE-SITE</sr:StorageSystem>' +
        '<sr:Site>EXAMPLE-SITE</sr:Site><sr:SubjectIdentity><sr:LocalUser>5e6f7a8b9c0d4e1f2a3b4c5d6e7f8091</sr:LocalUser>' +
        '<sr:LocalGroup>6c1e2f3a4b5c4d6e8f9a0b1c2d3e4f50</sr:LocalGroup><sr:Group>vo.example.eu</sr:Group>' +
        '</sr:SubjectIdentity><sr:StartTime>2026-11-01T00:20:00+00:00</sr:StartTime>' +
        '<sr:EndTime>2026-11-01T01:00:00+00:00</sr:EndTime><sr:ResourceCapacityUsed>1073741824</sr:ResourceCapacityUsed>' +
        '</sr:StorageUsageRecord></sr:StorageUsageRecords>',
    );
    expect(records.map(storageRecordKey)).toEqual(['dddddddd-0000-4000-8000-000000000001']);
  });

  it('a volume created after the window gives nothing; malformed ones are problems', () => {
    const volumes = [
      { ...VOLUME, id: 'dddddddd-0000-4000-8000-000000000002', created_at: '2026-11-01T01:00:00.000001' },
      { ...VOLUME, id: 'dddddddd-0000-4000-8000-000000000003', created_at: 'soon' },
      { ...VOLUME, id: 'dddddddd-0000-4000-8000-000000000004', size: -1 },
      VOLUME,
    ];
    const { records, problems } = buildStorageRecords(inputWith({ volumes }));
    expect(records.map((r) => r.RecordId)).toEqual([VOLUME.id]);
    expect(problems.map((p) => [p.objectType, p.id, p.field])).toEqual([
      ['volume', 'dddddddd-0000-4000-8000-000000000003', 'created_at'],
      ['volume', 'dddddddd-0000-4000-8000-000000000004', 'size'],
    ]);
  });

  it('XML special characters in values are escaped', () => {
    const input = inputWith({ volumes: [VOLUME] }, { vo: 'vo<&>"x' });
    expect(renderStorageMessage(buildStorageRecords(input).records)).toContain(
      '<sr:Group>vo&lt;&amp;&gt;"x</sr:Group>',
    );
  });
});

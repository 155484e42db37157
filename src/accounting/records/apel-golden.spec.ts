import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { buildAcceleratorRecords } from './accelerator-record.builder.js';
import { renderCloudMessage } from './cloud-message.js';
import { buildCloudRecords } from './cloud-record.builder.js';
import { renderAcceleratorMessage } from './json-message.js';
import { splitIntoMessages } from './message-splitter.js';
import { cloudRecordKey } from './record-keys.js';
import { renderStorageMessage } from './storage-message.js';
import { buildStorageRecords } from './storage-record.builder.js';
import { exampleInput } from './__golden__/apel-examples.fixture.js';

/** Byte-for-byte copies of the expected outputs in shared/reference/apel.md §12 and §3.4. */
const golden = (name: string) => readFileSync(new URL(`./__golden__/${name}`, import.meta.url), 'utf8');

describe('apel.md worked examples (golden)', () => {
  it('§12: VMs A, B, C give exactly the reference cloud message; the two "no record" servers give none', () => {
    const { records, problems } = buildCloudRecords(exampleInput());
    expect(problems).toEqual([]);
    expect(renderCloudMessage(records)).toBe(golden('apel-12-cloud-message.golden.txt'));
  });

  it('§12: the split message carries the same body, as text/plain, id = sha256(body)', () => {
    const [message, ...more] = splitIntoMessages(
      'accounting.cloud',
      buildCloudRecords(exampleInput()).records,
    );
    expect(more).toEqual([]);
    expect(message.body).toBe(golden('apel-12-cloud-message.golden.txt'));
    expect(message).toMatchObject({ kind: 'accounting.cloud', contentType: 'text/plain', recordCount: 3 });
    expect(message.messageId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('§12: the server keys A and C by the window end (Nov 2026) and B by its EndTime', () => {
    const keys = buildCloudRecords(exampleInput()).records.map(cloudRecordKey);
    expect(keys).toEqual([
      '3f0d5c9e-8a51-4a8e-9d55-1c2b7e0a9f10/2026-11', // 1793178900 + 315900 = 1793494800
      'b7a4c2e1-5d6f-4e3a-9b8c-7d6e5f4a3b21/2026-11', // EndTime 1793493630
      'e9d8c7b6-a5f4-4e3d-8c2b-1a0f9e8d7c6b/2026-11', // 1793361600 + 133200 = 1793494800
    ]);
  });

  it('§12: VM C gives exactly the reference accelerator message', () => {
    const { records, problems } = buildAcceleratorRecords(exampleInput());
    expect(problems).toEqual([]);
    expect(renderAcceleratorMessage(records)).toBe(golden('apel-12-accelerator-message.golden.txt'));
  });

  it('§3.4: the 50 GiB volume gives exactly the reference StAR message', () => {
    const { records, problems } = buildStorageRecords(exampleInput());
    expect(problems).toEqual([]);
    expect(renderStorageMessage(records)).toBe(golden('apel-3.4-storage-message.golden.txt'));
    const [message] = splitIntoMessages('accounting.storage', records);
    expect(message.contentType).toBe('application/xml');
  });

  it('§12: a never-launched ERROR server has EndTime = StartTime and the ≥ 1 rule on both durations', () => {
    const base = exampleInput();
    const failed = {
      ...base.data.servers[2],
      id: '0f1e2d3c-4b5a-4968-8776-655443322110',
      name: 'never-ran',
      status: 'ERROR',
      image: '' as const,
      created: '2026-11-01T00:20:00Z', // 1793491200 + 1200 = 1793492400
      'OS-SRV-USG:launched_at': null,
      'OS-SRV-USG:terminated_at': null,
    };
    const input = { ...base, data: { ...base.data, servers: [failed], usages: [] } };
    // end = created → Wall = 0 → 1; CPU = 0 × 8 = 0 → 1. Flavor of VM C: 8 vCPU, 65536 MiB, 80 + 100 GiB.
    expect(renderCloudMessage(buildCloudRecords(input).records)).toBe(
      [
        'APEL-cloud-message: v0.4',
        'CloudComputeService: EXAMPLE-SITE',
        'CloudType: fedwatch/1.0.0 (OpenStack)',
        'CpuCount: 8',
        'CpuDuration: 1',
        'Disk: 180',
        'EndTime: 1793492400',
        'FQAN: vo.example.eu',
        'GlobalUserName: 0a1b2c3d4e5f6a7b@egi.eu',
        'LocalGroupId: 6c1e2f3a4b5c4d6e8f9a0b1c2d3e4f50',
        'LocalUserId: 9a1b6f0e2d3c4b5a8e7f6d5c4b3a2910',
        'MachineName: never-ran',
        'Memory: 65536',
        'PublicIPCount: 0',
        'SiteName: EXAMPLE-SITE',
        'StartTime: 1793492400',
        'Status: error',
        'VMUUID: 0f1e2d3c-4b5a-4968-8776-655443322110',
        'WallDuration: 1',
        '',
      ].join('\n'),
    );
  });
});

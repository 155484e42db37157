import { describe, expect, it } from '@jest/globals';
import { cloudRecordLines, renderCloudMessage } from './cloud-message.js';
import { buildCloudRecords } from './cloud-record.builder.js';
import type { CloudRecord } from './record.types.js';
import { flavor, inputWith, server, usageOf } from './__golden__/apel-examples.fixture.js';

// Window of apel.md §12: from 2026-11-01T00:00:00Z = 1793491200 to 01:00:00Z = 1793494800.
const only = (servers: ReturnType<typeof server>[], usages = servers.map((s) => usageOf(s))) => {
  const { records, problems } = buildCloudRecords(inputWith({ servers, usages }));
  expect(problems).toEqual([]);
  return records;
};
/** The named lines of a record, as sent. */
const pick = (record: CloudRecord, ...keys: string[]) =>
  cloudRecordLines(record).filter((line) => keys.includes(line.slice(0, line.indexOf(':'))));

describe('buildCloudRecords: window semantics (apel.md §2.3)', () => {
  it('a VM running across the whole window: EndTime 0, wall up to the window end', () => {
    const vm = server({
      id: 'aaaaaaaa-0000-4000-8000-000000000001',
      name: 'web',
      flavor: flavor(2, 2048, 10, 5),
      created: '2026-10-31T23:00:00Z', // 1793491200 − 3600 = 1793487600
      'OS-SRV-USG:launched_at': '2026-10-31T23:00:30.000000',
    });
    // Wall = 1793494800 − 1793487600 = 7200; CPU = 7200 × 2 = 14400; Disk = 10 + 5 = 15.
    expect(renderCloudMessage(only([vm]))).toBe(
      [
        'APEL-cloud-message: v0.4',
        'CloudComputeService: EXAMPLE-SITE',
        'CloudType: fedwatch/1.0.0 (OpenStack)',
        'CpuCount: 2',
        'CpuDuration: 14400',
        'Disk: 15',
        'EndTime: 0',
        'FQAN: vo.example.eu',
        'GlobalUserName: 0a1b2c3d4e5f6a7b@egi.eu',
        'ImageId: a2b3c4d5-e6f7-4a8b-9c0d-1e2f3a4b5c6d',
        'LocalGroupId: 6c1e2f3a4b5c4d6e8f9a0b1c2d3e4f50',
        'LocalUserId: 9a1b6f0e2d3c4b5a8e7f6d5c4b3a2910',
        'MachineName: web',
        'Memory: 2048',
        'PublicIPCount: 0',
        'SiteName: EXAMPLE-SITE',
        'StartTime: 1793487600',
        'Status: started',
        'VMUUID: aaaaaaaa-0000-4000-8000-000000000001',
        'WallDuration: 7200',
        '',
      ].join('\n'),
    );
  });

  it('created and deleted inside the window: naive Nova times are UTC, fractions truncated', () => {
    const vm = server({
      id: 'aaaaaaaa-0000-4000-8000-000000000002',
      status: 'DELETED',
      created: '2026-11-01T00:05:00Z', // 1793491200 + 300 = 1793491500
      'OS-SRV-USG:launched_at': '2026-11-01T00:05:12.000000',
      'OS-SRV-USG:terminated_at': '2026-11-01T00:35:15.750000', // 1793491200 + 2115.75
    });
    // EndTime = floor(1793493315.75) = 1793493315; Wall = trunc(2115.75 − 300) = 1815; CPU = 1815 × 1.
    expect(pick(only([vm])[0], 'StartTime', 'EndTime', 'Status', 'WallDuration', 'CpuDuration')).toEqual([
      'CpuDuration: 1815',
      'EndTime: 1793493315',
      'StartTime: 1793491500',
      'Status: completed',
      'WallDuration: 1815',
    ]);
  });

  it('deleted before the window (but updated after from) and created after it: no record', () => {
    const before = server({
      id: 'aaaaaaaa-0000-4000-8000-000000000003',
      status: 'DELETED',
      updated: '2026-11-01T00:10:00Z',
      'OS-SRV-USG:terminated_at': '2026-10-31T23:59:59.999999',
    });
    const after = server({ id: 'aaaaaaaa-0000-4000-8000-000000000004', created: '2026-11-01T01:00:00.001Z' });
    expect(only([before, after])).toEqual([]);
  });

  it.each([
    // created 2026-10-01T00:00:00Z = 1790812800; running: Wall = 1793494800 − 1790812800 = 2682000.
    ['SHELVED_OFFLOADED', 'unknown'],
    ['SHELVED', 'unknown'],
    ['SUSPENDED', 'suspended'],
    ['PAUSED', 'paused'],
    ['SHUTOFF', 'started'], // completed, rewritten because it has no end (§2.2 override)
    ['ERROR', 'error'],
    ['PASSWORD', 'started'],
    ['VERIFY_RESIZE', 'started'],
  ])('a %s VM still exists at the window end: Status %s, EndTime 0', (status, expected) => {
    const [record] = only([server({ id: 'aaaaaaaa-0000-4000-8000-000000000005', status })]);
    expect(pick(record, 'EndTime', 'Status', 'WallDuration')).toEqual([
      'EndTime: 0',
      `Status: ${expected}`,
      'WallDuration: 2682000',
    ]);
  });

  it('a resized VM (launched_at reset after created) keeps created as its start', () => {
    const vm = server({
      id: 'aaaaaaaa-0000-4000-8000-000000000006',
      flavor: flavor(4, 8192, 40),
      created: '2026-10-15T00:00:00Z', // 1793491200 − 17 × 86400 = 1792022400
      'OS-SRV-USG:launched_at': '2026-10-31T12:00:00.000000',
    });
    // Wall = 1793494800 − 1792022400 = 1472400; CPU = 1472400 × 4 = 5889600.
    expect(pick(only([vm])[0], 'StartTime', 'WallDuration', 'CpuDuration', 'CpuCount')).toEqual([
      'CpuCount: 4',
      'CpuDuration: 5889600',
      'StartTime: 1792022400',
      'WallDuration: 1472400',
    ]);
  });

  it('DELETED with no terminated_at ends at updated; an end after the window end reads as running', () => {
    const stuck = server({
      id: 'aaaaaaaa-0000-4000-8000-000000000007',
      status: 'DELETED',
      created: '2026-11-01T00:00:00Z',
      updated: '2026-11-01T00:30:00Z', // 1793491200 + 1800 = 1793493000
    });
    const later = server({
      id: 'aaaaaaaa-0000-4000-8000-000000000008',
      status: 'DELETED',
      created: '2026-11-01T00:00:00Z',
      'OS-SRV-USG:terminated_at': '2026-11-01T02:00:00.000000', // > to: a past window rebuilt
    });
    const [a, b] = only([stuck, later]);
    // a: Wall = 1793493000 − 1793491200 = 1800. b: Wall = 1793494800 − 1793491200 = 3600.
    expect(pick(a, 'EndTime', 'Status', 'WallDuration')).toEqual([
      'EndTime: 1793493000',
      'Status: completed',
      'WallDuration: 1800',
    ]);
    expect(pick(b, 'EndTime', 'Status', 'WallDuration')).toEqual([
      'EndTime: 0',
      'Status: started',
      'WallDuration: 3600',
    ]);
  });
});

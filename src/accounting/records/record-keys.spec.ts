import { describe, expect, it } from '@jest/globals';
import { buildCloudRecords } from './cloud-record.builder.js';
import { cloudKeyParts, cloudMeasurementTime, cloudRecordKey, ipRecordKey } from './record-keys.js';
import { inputWith, server } from './__golden__/apel-examples.fixture.js';

describe('record keys (apel.md §2.7)', () => {
  // Window 2026-10-31T23:00:00Z = 1793487600 to 2026-11-01T00:00:00Z = 1793491200 (a month end).
  const window = { from: new Date('2026-10-31T23:00:00Z'), to: new Date('2026-11-01T00:00:00Z') };

  it('a running VM is measured at StartTime + WallDuration = the window end: its month is the key', () => {
    const [running] = buildCloudRecords(inputWith({ servers: [server({ id: 'vm-1' })] }, { window })).records;
    // created 2026-10-01T00:00:00Z = 1790812800; Wall = 1793491200 − 1790812800 = 2678400.
    expect(cloudMeasurementTime(running)).toBe(1790812800 + 2678400);
    expect(cloudKeyParts(running)).toEqual({ vmUuid: 'vm-1', month: 11, year: 2026 });
  });

  it('a completed VM is measured at its EndTime', () => {
    const ended = server({
      id: 'vm-2',
      status: 'DELETED',
      'OS-SRV-USG:terminated_at': '2026-10-31T23:30:00',
    });
    const [record] = buildCloudRecords(inputWith({ servers: [ended] }, { window })).records;
    expect(cloudMeasurementTime(record)).toBe(1793487600 + 1800);
    expect(cloudRecordKey(record)).toBe('vm-2/2026-10');
  });

  it('an IP record is keyed by site, project, version and measurement month', () => {
    const record = {
      SiteName: 'S',
      CloudType: 't',
      CloudComputeService: null,
      uuid: 'u',
      LocalUser: null,
      GlobalUserName: null,
      LocalGroup: 'p',
      FQAN: 'vo',
      IPVersion: 6 as const,
      IPCount: 1,
      MeasurementTime: 1793491200,
    };
    expect(ipRecordKey(record)).toBe('S/p/v6/2026-11');
  });
});

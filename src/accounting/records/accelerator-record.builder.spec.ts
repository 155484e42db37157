import { describe, expect, it } from '@jest/globals';
import { buildAcceleratorRecords } from './accelerator-record.builder.js';
import { buildCloudRecords } from './cloud-record.builder.js';
import { renderAcceleratorMessage } from './json-message.js';
import { acceleratorRecordKey } from './record-keys.js';
import { flavor, inputWith, server } from './__golden__/apel-examples.fixture.js';

const gpu = (specs: Record<string, string> = {}) =>
  flavor(4, 16384, 40, 0, {
    'Accelerator:Type': 'GPU',
    'Accelerator:Vendor': 'AMD',
    'Accelerator:Model': 'MI210',
    'Accelerator:Number': '0.5',
    ...specs,
  });
// Window across a month end: 2026-11-30T23:30:00Z = 1796083200 − 1800 = 1796081400 to
// 2026-12-01T00:30:00Z = 1796083200 + 1800 = 1796085000 (1796083200 = 2026-12-01T00:00:00Z).
const window = { from: new Date('2026-11-30T23:30:00Z'), to: new Date('2026-12-01T00:30:00Z') };
const vm = server({
  id: 'cccccccc-0000-4000-8000-000000000001',
  flavor: gpu(),
  created: '2026-11-30T20:00:00Z', // 1796083200 − 14400 = 1796068800
});

describe('buildAcceleratorRecords (apel.md §5)', () => {
  it('a GPU VM gives one record per month touched, and its cloud record as usual', () => {
    const input = inputWith({ servers: [vm] }, { window });
    const { records, problems } = buildAcceleratorRecords(input);
    expect(problems).toEqual([]);
    // November: min(Dec 1, to) − max(Nov 1, created) = 1796083200 − 1796068800 = 14400.
    // December: min(Jan 1, to) − max(Dec 1, created) = 1796085000 − 1796083200 = 1800.
    expect(renderAcceleratorMessage(records)).toBe(
      '{"Type": "APEL-accelerator-message", "Version": "0.1", "UsageRecords": [' +
        '{"SiteName": "EXAMPLE-SITE", "CloudType": "fedwatch/1.0.0 (OpenStack)", "CloudComputeService": "EXAMPLE-SITE", ' +
        '"AssociatedRecord": "cccccccc-0000-4000-8000-000000000001", "GlobalUserName": "0a1b2c3d4e5f6a7b@egi.eu", ' +
        '"FQAN": "vo.example.eu", "Count": 0.5, "AvailableDuration": 14400, "MeasurementMonth": 11, ' +
        '"MeasurementYear": 2026, "AssociatedRecordType": "cloud", "Type": "GPU", "Model": "AMD MI210", ' +
        '"ActiveDuration": 14400}, ' +
        '{"SiteName": "EXAMPLE-SITE", "CloudType": "fedwatch/1.0.0 (OpenStack)", "CloudComputeService": "EXAMPLE-SITE", ' +
        '"AssociatedRecord": "cccccccc-0000-4000-8000-000000000001", "GlobalUserName": "0a1b2c3d4e5f6a7b@egi.eu", ' +
        '"FQAN": "vo.example.eu", "Count": 0.5, "AvailableDuration": 1800, "MeasurementMonth": 12, ' +
        '"MeasurementYear": 2026, "AssociatedRecordType": "cloud", "Type": "GPU", "Model": "AMD MI210", ' +
        '"ActiveDuration": 1800}]}',
    );
    expect(records.map(acceleratorRecordKey)).toEqual([
      'EXAMPLE-SITE/cloud/cccccccc-0000-4000-8000-000000000001/2026-11/AMD MI210',
      'EXAMPLE-SITE/cloud/cccccccc-0000-4000-8000-000000000001/2026-12/AMD MI210',
    ]);
    // Cloud record: Wall = 1796085000 − 1796068800 = 16200; CPU = 16200 × 4 = 64800.
    const [cloud] = buildCloudRecords(input).records;
    expect([cloud.WallDuration, cloud.CpuDuration, cloud.EndTime]).toEqual([16200, 64800, 0]);
  });

  it('a GPU VM that ended inside the window counts up to its end', () => {
    const ended = {
      ...vm,
      status: 'DELETED',
      'OS-SRV-USG:terminated_at': '2026-11-30T23:45:00.000000', // 1796083200 − 900 = 1796082300
    };
    const { records } = buildAcceleratorRecords(inputWith({ servers: [ended] }, { window }));
    // November only: 1796082300 − 1796068800 = 13500.
    expect(records.map((r) => [r.MeasurementMonth, r.AvailableDuration, r.ActiveDuration])).toEqual([
      [11, 13500, 13500],
    ]);
  });

  it('no record without all four specs; a bad Accelerator:Number is a problem', () => {
    const partial = server({
      id: 'cccccccc-0000-4000-8000-000000000002',
      flavor: flavor(1, 512, 1, 0, { 'Accelerator:Type': 'GPU' }),
    });
    const bad = server({
      id: 'cccccccc-0000-4000-8000-000000000003',
      flavor: gpu({ 'Accelerator:Number': 'two' }),
    });
    const { records, problems } = buildAcceleratorRecords(inputWith({ servers: [partial, bad] }, { window }));
    expect(records).toEqual([]);
    expect(problems.map((p) => [p.id, p.field, p.skipped])).toEqual([
      ['cccccccc-0000-4000-8000-000000000003', 'flavor.extra_specs.Accelerator:Number', true],
    ]);
  });
});

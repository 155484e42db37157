import { describe, expect, it } from '@jest/globals';
import { cloudRecordLines } from './cloud-message.js';
import { buildCloudRecords } from './cloud-record.builder.js';
import { IMAGE_A, USER_B, flavor, inputWith, server, usageOf } from './__golden__/apel-examples.fixture.js';

// Window of apel.md §12: from 1793491200 to 1793494800. Servers default to created
// 2026-10-01T00:00:00Z = 1790812800, so a running one has Wall = 1793494800 − 1790812800 = 2682000.
const id = (n: number) => `bbbbbbbb-0000-4000-8000-00000000000${n}`;
const line = (lines: string[], key: string) => lines.find((l) => l.startsWith(`${key}: `)) ?? null;

describe('buildCloudRecords: fields (apel.md §2.1)', () => {
  it('ImageId: marketplace URI when Glance has it, the image id otherwise, no line for boot-from-volume', () => {
    const servers = [
      server({ id: id(1), image: { id: IMAGE_A } }),
      server({ id: id(2), image: { id: 'c0ffee00-0000-4000-8000-000000000000' } }),
      server({ id: id(3), image: '' }),
    ];
    const lines = buildCloudRecords(inputWith({ servers })).records.map(cloudRecordLines);
    expect(lines.map((l) => line(l, 'ImageId'))).toEqual([
      'ImageId: registry.egi.eu/egi_vm_images/ubuntu:22.04-sha256:4d06e1c3b2a1',
      'ImageId: c0ffee00-0000-4000-8000-000000000000',
      null,
    ]);
  });

  it('GlobalUserName is omitted for a user that could not be looked up (null) or is not in the map', () => {
    const servers = [
      server({ id: id(1), user_id: USER_B }),
      server({ id: id(2), user_id: 'never-looked-up' }),
    ];
    const lines = buildCloudRecords(inputWith({ servers })).records.map(cloudRecordLines);
    expect(lines.map((l) => line(l, 'GlobalUserName'))).toEqual([null, null]);
    expect(lines.map((l) => line(l, 'LocalUserId'))).toEqual([
      `LocalUserId: ${USER_B}`,
      'LocalUserId: never-looked-up',
    ]);
  });

  it('a non-ASCII name is dropped to ASCII by default and transliterated on request', () => {
    const servers = [server({ id: id(1), name: 'café-ñandú\n%%x' })];
    const dropped = buildCloudRecords(inputWith({ servers })).records[0];
    const translit = buildCloudRecords(inputWith({ servers }, { transliterate: true })).records[0];
    // é, ñ, ú dropped; LF → space; %% → %.
    expect(dropped.MachineName).toBe('caf-and %x');
    expect(translit.MachineName).toBe('cafe-nandu %x');
  });

  it('the embedded flavor of a since-deleted flavor is used; usage entries override it field by field', () => {
    const embedded = server({ id: id(1), flavor: flavor(2, 4096, 20, 10) }); // no usage entry
    const overridden = server({ id: id(2), flavor: flavor(2, 4096, 20, 10) });
    const usages = [usageOf(overridden, { vcpus: 3, memory_mb: 6144, local_gb: 50 })];
    const [a, b] = buildCloudRecords(inputWith({ servers: [embedded, overridden], usages })).records;
    // a: Disk = 20 + 10 = 30, CPU = 2682000 × 2 = 5364000. b: CPU = 2682000 × 3 = 8046000.
    expect([a.CpuCount, a.Memory, a.Disk, a.CpuDuration]).toEqual([2, 4096, 30, 5364000]);
    expect([b.CpuCount, b.Memory, b.Disk, b.CpuDuration]).toEqual([3, 6144, 50, 8046000]);
  });

  it('a usage-only server (gone from Nova) is built from its usage entry alone', () => {
    const gone = server({ id: id(7), name: 'ghost', flavor: flavor(2, 4096, 20) });
    const usage = usageOf(gone, {
      state: 'stopped', // vm_state stopped = SHUTOFF → completed → started (no end)
      started_at: '2026-10-31T22:30:00.000000', // 1793491200 − 5400 = 1793485800
      ended_at: null,
    });
    // Wall = 1793494800 − 1793485800 = 9000; CPU = 9000 × 2 = 18000. No user, image or benchmark.
    expect(cloudRecordLines(buildCloudRecords(inputWith({ usages: [usage] })).records[0])).toEqual([
      'CloudComputeService: EXAMPLE-SITE',
      'CloudType: fedwatch/1.0.0 (OpenStack)',
      'CpuCount: 2',
      'CpuDuration: 18000',
      'Disk: 20',
      'EndTime: 0',
      'FQAN: vo.example.eu',
      'LocalGroupId: 6c1e2f3a4b5c4d6e8f9a0b1c2d3e4f50',
      'MachineName: ghost',
      'Memory: 4096',
      'PublicIPCount: 0',
      'SiteName: EXAMPLE-SITE',
      'StartTime: 1793485800',
      'Status: started',
      `VMUUID: ${id(7)}`,
      'WallDuration: 9000',
    ]);
    const ended = { ...usage, state: 'deleted', ended_at: '2026-11-01T00:30:00.000000' }; // 1793493000
    const [record] = buildCloudRecords(inputWith({ usages: [ended] })).records;
    // Wall = 1793493000 − 1793485800 = 7200.
    expect([record.Status, record.EndTime, record.WallDuration]).toEqual(['completed', 1793493000, 7200]);
  });

  it('benchmark specs: both lines, or neither with a problem that does not skip the server', () => {
    const specs = (s: Record<string, string>) => flavor(1, 512, 1, 0, s);
    const servers = [
      server({
        id: id(1),
        flavor: specs({ 'accounting:benchmark_type': 'HEPscore23', 'accounting:benchmark_value': '9.750' }),
      }),
      server({ id: id(2), flavor: specs({ 'accounting:benchmark_type': 'HEPscore23' }) }),
      server({
        id: id(3),
        flavor: specs({ 'accounting:benchmark_type': 'HS06', 'accounting:benchmark_value': 'fast' }),
      }),
    ];
    const { records, problems } = buildCloudRecords(inputWith({ servers }));
    expect(cloudRecordLines(records[0]).slice(0, 2)).toEqual([
      'Benchmark: 9.75',
      'BenchmarkType: HEPscore23',
    ]);
    expect(records.slice(1).map((r) => [r.Benchmark, r.BenchmarkType])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(problems.map((p) => [p.id, p.field, p.skipped])).toEqual([
      [id(2), 'flavor.extra_specs.accounting:benchmark_value', false],
      [id(3), 'flavor.extra_specs.accounting:benchmark_value', false],
    ]);
  });

  it('malformed servers become problems and are skipped; the rest of the window completes', () => {
    const servers = [
      server({ id: id(1), created: undefined as unknown as string }),
      server({ id: id(2), status: '' }),
      server({ id: id(3), flavor: null as unknown as ReturnType<typeof flavor> }),
      server({ id: id(4), 'OS-SRV-USG:terminated_at': 'yesterday' }),
      server({ id: id(5), name: 'fine' }),
    ];
    const { records, problems } = buildCloudRecords(inputWith({ servers }));
    expect(records.map((r) => r.MachineName)).toEqual(['fine']);
    expect(problems.map((p) => [p.objectType, p.id, p.field, p.skipped])).toEqual([
      ['server', id(1), 'created', true],
      ['server', id(2), 'status', true],
      ['server', id(3), 'flavor', true],
      ['server', id(4), 'OS-SRV-USG:terminated_at', true],
    ]);
  });

  it('an empty VO or site name is a problem of the whole project', () => {
    const result = buildCloudRecords(inputWith({ servers: [server({ id: id(1) })] }, { vo: ' ' }));
    expect(result).toEqual({
      records: [],
      problems: [
        {
          objectType: 'project',
          id: '6c1e2f3a4b5c4d6e8f9a0b1c2d3e4f50',
          field: 'VO',
          message: 'VO is empty',
          skipped: true,
        },
      ],
    });
  });

  it('CloudComputeService is the configured service when set', () => {
    const input = inputWith(
      { servers: [server({ id: id(1) })] },
      { site: { siteName: 'EXAMPLE-SITE', cloudComputeService: 'nova-1' } },
    );
    expect(buildCloudRecords(input).records[0].CloudComputeService).toBe('nova-1');
  });
});

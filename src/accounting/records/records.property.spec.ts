import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { NovaServer } from '../../sources/openstack/openstack.types.js';
import { buildAcceleratorRecords } from './accelerator-record.builder.js';
import { renderCloudMessage } from './cloud-message.js';
import { buildCloudRecords } from './cloud-record.builder.js';
import { buildIpRecords } from './ip-record.builder.js';
import { renderAcceleratorMessage, renderIpMessage } from './json-message.js';
import { splitIntoMessages } from './message-splitter.js';
import { buildStorageRecords } from './storage-record.builder.js';
import { renderStorageMessage } from './storage-message.js';
import { flavor, inputWith, server } from './__golden__/apel-examples.fixture.js';

const FROM = Date.UTC(2026, 10, 1) / 1000; // window start used by every property
/** Mostly plain ASCII; often the characters that break APEL messages (non-ASCII, CR/LF, %%). */
const text = fc.oneof(
  { arbitrary: fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  fc.constantFrom('análisis-ñ', '50%%', '%', 'a\r\nb', '東京', ' ', '\u0000', 'x: y', '%\n%', 'vo%'),
);
/** Seconds and microseconds as OpenStack writes them: `…Z` (Nova created) or naive (OS-SRV-USG). */
const stamp = (s: number, us: number, naive: boolean) => {
  const iso = new Date(s * 1000).toISOString().slice(0, 19);
  return naive ? `${iso}.${String(us).padStart(6, '0')}` : `${iso}Z`;
};
const micros = fc.integer({ min: 0, max: 999_999 });
const USERS = ['u1', 'u2', 'u3'];
const status = fc.oneof(
  {
    arbitrary: fc.constantFrom('ACTIVE', 'BUILD', 'DELETED', 'ERROR', 'PAUSED', 'SHUTOFF', 'SHELVED'),
    weight: 4,
  },
  text,
);
const specs = fc.dictionary(
  fc.constantFrom(
    'accounting:benchmark_type',
    'accounting:benchmark_value',
    'Accelerator:Type',
    'Accelerator:Vendor',
    'Accelerator:Model',
    'Accelerator:Number',
  ),
  fc.oneof(text, fc.constantFrom('12.5', '1', '0.25', 'GPU')),
);
const novaServer = fc
  .record({
    id: fc.oneof({ arbitrary: fc.uuid(), weight: 4 }, text),
    name: text,
    status,
    user_id: fc.oneof(fc.constantFrom(...USERS), text),
    created: fc.oneof(
      fc.integer({ min: FROM - 40 * 86400, max: FROM + 2 * 86400 }),
      fc.integer({ min: FROM - 3600, max: FROM + 3600 }),
    ),
    launchedAfter: fc.option(fc.nat({ max: 86400 }), { nil: null }),
    endsAfter: fc.option(fc.oneof(fc.nat({ max: 7200 }), fc.nat({ max: 60 * 86400 })), { nil: null }),
    us: fc.tuple(micros, micros),
    naive: fc.boolean(),
    cpu: fc.integer({ min: 0, max: 128 }),
    ram: fc.integer({ min: 0, max: 1 << 20 }),
    disk: fc.integer({ min: 0, max: 4000 }),
    specs,
    floating: fc.nat({ max: 3 }),
  })
  .map((a): NovaServer => {
    const launched = a.launchedAfter === null ? null : stamp(a.created + a.launchedAfter, a.us[0], true);
    return server({
      id: a.id,
      name: a.name,
      status: a.status,
      user_id: a.user_id,
      tenant_id: 'p',
      created: stamp(a.created, a.us[0], a.naive),
      updated: stamp(a.created, 0, false),
      flavor: flavor(a.cpu, a.ram, a.disk, 0, a.specs),
      addresses: {
        net: Array.from({ length: a.floating }, () => ({
          addr: '192.0.2.1',
          version: 4,
          'OS-EXT-IPS:type': 'floating',
        })),
      },
      'OS-SRV-USG:launched_at': launched,
      'OS-SRV-USG:terminated_at': a.endsAfter === null ? null : stamp(a.created + a.endsAfter, a.us[1], true),
    });
  });
const project = fc.record({
  servers: fc.array(novaServer, { maxLength: 12 }),
  names: fc.dictionary(fc.constantFrom(...USERS), fc.option(text, { nil: null })),
  vo: fc.oneof({ arbitrary: fc.constant('vo.example.eu'), weight: 3 }, text),
  siteName: fc.oneof({ arbitrary: fc.constant('EXAMPLE-SITE'), weight: 3 }, text),
  transliterate: fc.boolean(),
  hours: fc.integer({ min: 0, max: 48 }),
});
type Project = typeof project extends fc.Arbitrary<infer T> ? T : never;
const build = (p: Project) =>
  inputWith(
    { servers: p.servers, userNames: p.names, floatingIps: [FLOATING_IP] },
    {
      vo: p.vo,
      site: { siteName: p.siteName, cloudComputeService: null },
      transliterate: p.transliterate,
      window: { from: new Date(FROM * 1000), to: new Date((FROM + p.hours * 3600) * 1000) },
    },
  );
const FLOATING_IP = {
  id: 'f1',
  project_id: 'p',
  floating_ip_address: '2001:db8::1',
  status: 'ACTIVE',
  port_id: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};
const WIRE_TEXT = /^[\x20-\x7e\n]*$/;

describe('record properties (fast-check)', () => {
  it('cloud messages are printable ASCII, every record line is `Key: value`, %% only between records', () => {
    fc.assert(
      fc.property(project, (p) => {
        const { records } = buildCloudRecords(build(p));
        const body = renderCloudMessage(records);
        expect(body).toMatch(WIRE_TEXT);
        expect(body.split('%%').length - 1).toBe(Math.max(0, records.length - 1));
        const chunks = records.length ? body.slice(body.indexOf('\n') + 1, -1).split('\n%%\n') : [];
        expect(chunks).toHaveLength(records.length);
        for (const line of chunks.flatMap((c) => c.split('\n'))) expect(line).toMatch(/^[A-Za-z]+: \S/);
      }),
    );
  });

  it('WallDuration ≥ 1; CpuDuration = Wall × CpuCount (≥ 1; 1 when the wall time was 0)', () => {
    fc.assert(
      fc.property(project, (p) => {
        for (const r of buildCloudRecords(build(p)).records) {
          expect(r.WallDuration).toBeGreaterThanOrEqual(1);
          const product = Math.max(1, r.WallDuration * r.CpuCount);
          expect(r.CpuDuration === product || (r.WallDuration === 1 && r.CpuDuration === 1)).toBe(true);
        }
      }),
    );
  });

  it('for the same server, a later window end never gives a smaller WallDuration', () => {
    fc.assert(
      fc.property(project, fc.integer({ min: 0, max: 72 }), (p, more) => {
        const earlier = buildCloudRecords(build(p)).records;
        const later = new Map(
          buildCloudRecords(build({ ...p, hours: p.hours + more })).records.map((r) => [r.VMUUID, r]),
        );
        for (const r of earlier) {
          expect(later.has(r.VMUUID)).toBe(true);
          expect(later.get(r.VMUUID)!.WallDuration).toBeGreaterThanOrEqual(r.WallDuration);
        }
      }),
    );
  });

  it('storage, accelerator and IP messages are printable ASCII too', () => {
    fc.assert(
      fc.property(project, (p) => {
        const input = build(p);
        expect(renderStorageMessage(buildStorageRecords(input).records)).toMatch(WIRE_TEXT);
        expect(renderAcceleratorMessage(buildAcceleratorRecords(input).records)).toMatch(WIRE_TEXT);
        expect(renderIpMessage(buildIpRecords(input).records)).toMatch(WIRE_TEXT);
      }),
    );
  });

  it('messages hold ≤ 100 records, stay under 1 MB and keep every record once, in order', () => {
    fc.assert(
      fc.property(fc.array(project, { minLength: 1, maxLength: 40 }), (projects) => {
        const records = projects.flatMap((p) => buildCloudRecords(build(p)).records);
        const messages = splitIntoMessages('accounting.cloud', records);
        let next = 0;
        for (const m of messages) {
          expect(m.recordCount).toBeLessThanOrEqual(100);
          expect(Buffer.byteLength(m.body)).toBeLessThan(1_000_000);
          expect(m.firstRecordIndex).toBe(next);
          next += m.recordCount;
        }
        expect(next).toBe(records.length);
      }),
      { numRuns: 30 },
    );
  });
});

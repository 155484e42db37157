import { describe, expect, it } from '@jest/globals';
import { buildIpRecords } from './ip-record.builder.js';
import { renderIpMessage } from './json-message.js';
import { splitIntoMessages } from './message-splitter.js';
import { PROJECT_ID, inputWith } from './__golden__/apel-examples.fixture.js';

const fip = (n: number, address: string, created_at: string) => ({
  id: `eeeeeeee-0000-4000-8000-00000000000${n}`,
  project_id: PROJECT_ID,
  floating_ip_address: address,
  status: n % 2 ? 'ACTIVE' : 'DOWN', // associated or not: both are held by the project
  port_id: null,
  created_at,
  updated_at: created_at,
});

describe('buildIpRecords (apel.md §4)', () => {
  it('counts floating IPs per version created by the window end; MeasurementTime = to', () => {
    const floatingIps = [
      fip(1, '203.0.113.25', '2026-10-01T00:00:00Z'),
      fip(2, '203.0.113.26', '2026-11-01T00:59:59Z'),
      fip(3, '2001:db8::25', '2026-10-01T00:00:00Z'),
      fip(4, '203.0.113.27', '2026-11-01T01:00:01Z'), // after to: not counted
      fip(5, '', '2026-10-01T00:00:00Z'), // malformed
    ];
    const { records, problems } = buildIpRecords(inputWith({ floatingIps }));
    expect(problems.map((p) => [p.objectType, p.id, p.field])).toEqual([
      ['floatingip', 'eeeeeeee-0000-4000-8000-000000000005', 'floating_ip_address'],
    ]);
    // IPv4: 2 (25, 26); IPv6: 1. MeasurementTime = 1793494800. uuid is name-based (stable).
    const [v4, v6] = records;
    expect(v4.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(buildIpRecords(inputWith({ floatingIps })).records[0].uuid).toBe(v4.uuid);
    expect(renderIpMessage(records)).toBe(
      '{"Type": "APEL Public IP message", "Version": "0.2", "UsageRecords": [' +
        '{"SiteName": "EXAMPLE-SITE", "CloudType": "fedwatch/1.0.0 (OpenStack)", "CloudComputeService": "EXAMPLE-SITE", ' +
        `"uuid": "${v4.uuid}", "LocalGroup": "${PROJECT_ID}", "FQAN": "vo.example.eu", "IPVersion": 4, "IPCount": 2, ` +
        '"MeasurementTime": 1793494800}, ' +
        '{"SiteName": "EXAMPLE-SITE", "CloudType": "fedwatch/1.0.0 (OpenStack)", "CloudComputeService": "EXAMPLE-SITE", ' +
        `"uuid": "${v6.uuid}", "LocalGroup": "${PROJECT_ID}", "FQAN": "vo.example.eu", "IPVersion": 6, "IPCount": 1, ` +
        '"MeasurementTime": 1793494800}]}',
    );
    expect(splitIntoMessages('accounting.ip', records)[0].contentType).toBe('application/json');
  });

  it('a project without floating IPs gives no record', () => {
    expect(buildIpRecords(inputWith({ floatingIps: [] }))).toEqual({ records: [], problems: [] });
  });
});

import type { NeutronFloatingIp } from '../../sources/openstack/openstack.types.js';
import { buildContext, isProblem } from './build-context.js';
import { nameUuid } from './name-uuid.js';
import type { BuildResult, IpRecord, RecordBuildInput, RecordProblem } from './record.types.js';
import { parseUtcMicros } from './utc-time.js';

/**
 * Builds the public IP records, JSON v0.2, of one project (apel.md §4): one point-in-time record
 * per IP version that has floating IPs, counting those allocated to the project with
 * `created_at ≤ to` (associated or not). Fills `SiteName`, `CloudType`, `CloudComputeService`,
 * `uuid` (name-based, see {@link nameUuid}), `LocalGroup` (project id), `FQAN` (the VO),
 * `IPVersion` (`:` in the address → 6), `IPCount` and `MeasurementTime` (window end). `LocalUser`
 * and `GlobalUserName` stay null: a floating IP has no user, and cASO never sends them.
 * Versions with no IP give no record (as cASO).
 */
export function buildIpRecords(input: RecordBuildInput): BuildResult<IpRecord> {
  const ctx = buildContext(input);
  if (isProblem(ctx)) return { records: [], problems: [ctx] };
  const problems: RecordProblem[] = [];
  const counts = { 4: new Set<string>(), 6: new Set<string>() };
  for (const ip of input.data.floatingIps ?? []) {
    const version = ipVersion(ip, ctx.toUs, problems);
    if (version !== null) counts[version].add(ip.floating_ip_address);
  }
  const records: IpRecord[] = [];
  for (const version of [4, 6] as const) {
    if (counts[version].size === 0) continue;
    const name = `ip/${ctx.siteName}/${ctx.projectId}/${version}/${ctx.toSeconds}`;
    records.push({
      SiteName: ctx.siteName,
      CloudType: ctx.cloudType,
      CloudComputeService: ctx.computeService,
      uuid: nameUuid(name),
      LocalUser: null,
      GlobalUserName: null,
      LocalGroup: ctx.safe(ctx.projectId) ?? '',
      FQAN: ctx.fqan,
      IPVersion: version,
      IPCount: counts[version].size,
      MeasurementTime: ctx.toSeconds,
    });
  }
  return { records, problems };
}

/** IP version of a floating IP counted in the window, or null (not counted, or a problem). */
function ipVersion(ip: NeutronFloatingIp, toUs: number, problems: RecordProblem[]): 4 | 6 | null {
  const id = typeof ip?.id === 'string' ? ip.id : '';
  const skip = (field: string, message: string) => {
    problems.push({ objectType: 'floatingip', id, field, message, skipped: true });
    return null;
  };
  const address: unknown = ip?.floating_ip_address;
  if (typeof address !== 'string' || address.trim() === '') return skip('floating_ip_address', 'missing');
  const createdUs = parseUtcMicros(ip.created_at);
  if (createdUs === null) return skip('created_at', `not a time: ${JSON.stringify(ip.created_at)}`);
  if (createdUs > toUs) return null;
  return address.includes(':') ? 6 : 4;
}

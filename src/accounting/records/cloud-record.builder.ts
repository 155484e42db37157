import type {
  NovaServer,
  NovaServerUsage,
  ProjectUsageData,
} from '../../sources/openstack/openstack.types.js';
import { type BuildContext, buildContext, isProblem } from './build-context.js';
import { benchmarkOf } from './flavor-specs.js';
import { cloudStatusOf } from './nova-status.js';
import { serversById, usagesById } from './project-objects.js';
import type { BuildResult, CloudRecord, RecordBuildInput, RecordProblem } from './record.types.js';
import { floatingIpCount, imageIdOf, serverResources } from './server-attributes.js';
import { serverLifetime, serverProblem } from './server-lifetime.js';
import { usageOnlyRecord } from './usage-only-record.js';
import { cloudTiming, cpuDuration, inWindow } from './window-timing.js';

/**
 * Builds the APEL cloud records v0.4 of one project and window (apel.md §2.1–§2.3).
 *
 * Servers come from `data.servers` (listed with `changes-since`, deleted ones included); usage
 * entries whose server is not listed are built from the entry alone. Fills `VMUUID` (`id`),
 * `SiteName`, `CloudComputeService` (default: site name), `CloudType`
 * (`fedwatch/<version> (OpenStack)`), `MachineName` (`name`), `LocalUserId` (`user_id`),
 * `LocalGroupId` (`tenant_id`), `GlobalUserName` (Keystone name, omitted when unknown), `FQAN`
 * (the VO), `Status` (§2.2 with the window override), `StartTime` (`created`), `EndTime`,
 * `WallDuration` (cumulative since `created`), `CpuDuration` (wall × vcpus), `CpuCount`, `Memory`,
 * `Disk` (embedded flavor, usage overrides), `PublicIPCount` (floating addresses), `ImageId`
 * (marketplace URI when known, omitted for boot-from-volume) and `BenchmarkType`/`Benchmark`
 * (flavor extra specs, both or neither). Servers outside the window give no record; malformed ones
 * give a {@link RecordProblem} and are skipped. Output order follows the input.
 */
export function buildCloudRecords(input: RecordBuildInput): BuildResult<CloudRecord> {
  const ctx = buildContext(input);
  if (isProblem(ctx)) return { records: [], problems: [ctx] };
  const problems: RecordProblem[] = [];
  const servers = serversById(input.data, problems);
  const usages = usagesById(input.data, problems);
  const records: CloudRecord[] = [];
  for (const [id, server] of servers) {
    const record = serverRecord(server, usages.get(id), input.data, ctx, problems);
    if (record) records.push(record);
  }
  for (const [id, usage] of usages) {
    if (servers.has(id)) continue;
    const record = usageOnlyRecord(usage, ctx, problems);
    if (record) records.push(record);
  }
  return { records, problems };
}

function serverRecord(
  server: NovaServer,
  usage: NovaServerUsage | undefined,
  data: ProjectUsageData,
  ctx: BuildContext,
  problems: RecordProblem[],
): CloudRecord | null {
  const id = server.id;
  const skip = (problem: RecordProblem) => (problems.push(problem), null);
  const vmUuid = ctx.safe(id);
  if (vmUuid === null) return skip(serverProblem(id, 'id', 'nothing left once made ASCII'));
  if (typeof server.status !== 'string' || server.status.trim() === '') {
    return skip(serverProblem(id, 'status', `not a Nova status: ${JSON.stringify(server.status)}`));
  }
  const life = serverLifetime(server);
  if (isProblem(life)) return skip(life);
  if (!inWindow(life, ctx.fromUs, ctx.toUs)) return null;
  const resources = serverResources(server, usage);
  if (isProblem(resources)) return skip(resources);
  const bench = benchmarkOf(server.flavor?.extra_specs, ctx.safe);
  if (bench.problem) problems.push({ objectType: 'server', id, ...bench.problem, skipped: false });
  const { rawWall, ...timing } = cloudTiming(life, cloudStatusOf(server.status), ctx.toUs);
  return {
    VMUUID: vmUuid,
    SiteName: ctx.siteName,
    CloudComputeService: ctx.computeService,
    CloudType: ctx.cloudType,
    MachineName: ctx.safe(server.name),
    LocalUserId: ctx.safe(server.user_id),
    LocalGroupId: ctx.safe(server.tenant_id),
    GlobalUserName: ctx.userName(server.user_id),
    FQAN: ctx.fqan,
    ...timing,
    CpuDuration: cpuDuration(rawWall, resources.CpuCount),
    ...resources,
    PublicIPCount: floatingIpCount(server),
    BenchmarkType: bench.BenchmarkType,
    Benchmark: bench.Benchmark,
    ImageId: ctx.safe(imageIdOf(server, data.images)),
  };
}

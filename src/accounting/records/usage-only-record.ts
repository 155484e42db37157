import type { NovaServerUsage } from '../../sources/openstack/openstack.types.js';
import type { BuildContext } from './build-context.js';
import { cloudStatusOfVmState } from './nova-status.js';
import type { CloudRecord, RecordProblem } from './record.types.js';
import { parseUtcMicros } from './utc-time.js';
import { cloudTiming, cpuDuration, inWindow } from './window-timing.js';

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Cloud record of a server known only from os-simple-tenant-usage (apel.md §2.3: not in the
 * `changes-since` list and gone from `GET /servers/{id}`), built from the usage entry alone:
 * `VMUUID` = `instance_id`, `MachineName` = `name`, `LocalGroupId` = `tenant_id`, `Status` from its
 * vm_state `state`, start = `started_at` (the only start the entry has), end = `ended_at`,
 * `CpuCount`/`Memory`/`Disk` = `vcpus`/`memory_mb`/`local_gb`, `PublicIPCount` 0. No user, image
 * or benchmark is known, so those lines are omitted.
 */
export function usageOnlyRecord(
  usage: NovaServerUsage,
  ctx: BuildContext,
  problems: RecordProblem[],
): CloudRecord | null {
  const id = usage.instance_id;
  const skip = (field: string, message: string) => {
    problems.push({ objectType: 'usage', id, field, message, skipped: true });
    return null;
  };
  const vmUuid = ctx.safe(id);
  if (vmUuid === null) return skip('instance_id', 'nothing left once made ASCII');
  if (typeof usage.state !== 'string' || usage.state.trim() === '') {
    return skip('state', `not a vm_state: ${JSON.stringify(usage.state)}`);
  }
  const startUs = parseUtcMicros(usage.started_at);
  if (startUs === null) return skip('started_at', `not a time: ${JSON.stringify(usage.started_at)}`);
  const ended = usage.ended_at ?? null;
  const endUs = ended === null ? null : parseUtcMicros(ended);
  if (ended !== null && endUs === null) return skip('ended_at', `not a time: ${JSON.stringify(ended)}`);
  if (endUs !== null && endUs < startUs) return skip('ended_at', 'the server ends before it started');
  for (const field of ['vcpus', 'memory_mb', 'local_gb'] as const) {
    if (!isCount(usage[field])) return skip(field, `not a count: ${JSON.stringify(usage[field])}`);
  }
  const life = { startUs, endUs };
  if (!inWindow(life, ctx.fromUs, ctx.toUs)) return null;
  const { rawWall, ...timing } = cloudTiming(life, cloudStatusOfVmState(usage.state), ctx.toUs);
  return {
    VMUUID: vmUuid,
    SiteName: ctx.siteName,
    CloudComputeService: ctx.computeService,
    CloudType: ctx.cloudType,
    MachineName: ctx.safe(usage.name),
    LocalUserId: null,
    LocalGroupId: ctx.safe(usage.tenant_id),
    GlobalUserName: null,
    FQAN: ctx.fqan,
    ...timing,
    CpuDuration: cpuDuration(rawWall, usage.vcpus),
    CpuCount: usage.vcpus,
    Memory: usage.memory_mb,
    Disk: usage.local_gb,
    PublicIPCount: 0,
    BenchmarkType: null,
    Benchmark: null,
    ImageId: null,
  };
}

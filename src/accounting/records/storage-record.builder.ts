import type { CinderVolume } from '../../sources/openstack/openstack.types.js';
import { type BuildContext, buildContext, isProblem } from './build-context.js';
import type { BuildResult, RecordBuildInput, RecordProblem, StorageRecord } from './record.types.js';
import { epochSeconds, parseUtcMicros } from './utc-time.js';

const GIB = 1024 ** 3;

/**
 * Builds the StAR storage records of one project and window (apel.md §3.1, §3.2): one per
 * Cinder volume that exists during the window (`created_at ≤ to`; Cinder lists live volumes only,
 * so deleted ones are never reported). Fills `sr:RecordIdentity/@sr:recordId` (volume `id`),
 * `@sr:createTime` (window end), `sr:StorageSystem` (`CloudComputeService`, default: site name),
 * `sr:Site`, `sr:SubjectIdentity` (`LocalUser` = `user_id`, `LocalGroup` = owner project,
 * `UserIdentity` = Keystone name when known, `Group` = the VO), `sr:StartTime`
 * (`max(created_at, from)`), `sr:EndTime` (window end) and `sr:ResourceCapacityUsed`
 * (`size` GiB × 2^30 bytes). Malformed volumes give a {@link RecordProblem} and are skipped.
 */
export function buildStorageRecords(input: RecordBuildInput): BuildResult<StorageRecord> {
  const ctx = buildContext(input);
  if (isProblem(ctx)) return { records: [], problems: [ctx] };
  const problems: RecordProblem[] = [];
  const records = new Map<string, StorageRecord>();
  for (const volume of input.data.volumes ?? []) {
    const record = volumeRecord(volume, ctx, problems);
    if (record) records.set(record.RecordId, record);
  }
  return { records: [...records.values()], problems };
}

function volumeRecord(
  volume: CinderVolume,
  ctx: BuildContext,
  problems: RecordProblem[],
): StorageRecord | null {
  const id = typeof volume?.id === 'string' ? volume.id : '';
  const skip = (field: string, message: string) => {
    problems.push({ objectType: 'volume', id, field, message, skipped: true });
    return null;
  };
  const recordId = ctx.safe(id);
  if (recordId === null) return skip('id', 'missing');
  const createdUs = parseUtcMicros(volume.created_at);
  if (createdUs === null) return skip('created_at', `not a time: ${JSON.stringify(volume.created_at)}`);
  const size: unknown = volume.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size * GIB) || size < 0) {
    return skip('size', `not a size in GiB: ${JSON.stringify(size)}`);
  }
  if (createdUs > ctx.toUs) return null;
  return {
    RecordId: recordId,
    CreateTime: ctx.toSeconds,
    StorageSystem: ctx.computeService,
    Site: ctx.siteName,
    LocalUser: ctx.safe(volume.user_id),
    LocalGroup: ctx.safe(volume['os-vol-tenant-attr:tenant_id'] ?? ctx.projectId),
    UserIdentity: ctx.userName(volume.user_id),
    Group: ctx.fqan,
    StartTime: epochSeconds(Math.max(createdUs, ctx.fromUs)),
    EndTime: ctx.toSeconds,
    ResourceCapacityUsed: size * GIB,
  };
}

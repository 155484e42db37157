import type { NovaServer } from '../../sources/openstack/openstack.types.js';
import { type BuildContext, buildContext, isProblem } from './build-context.js';
import { acceleratorOf } from './flavor-specs.js';
import { serversById } from './project-objects.js';
import type { AcceleratorRecord, BuildResult, RecordBuildInput, RecordProblem } from './record.types.js';
import { type Lifetime, serverLifetime, serverProblem } from './server-lifetime.js';
import { utcMonthBounds, utcMonthOf, wholeSecondsBetween } from './utc-time.js';
import { inWindow } from './window-timing.js';

/**
 * Builds the accelerator records, JSON v0.1, of one project and window (apel.md §5): for each
 * server in the window whose embedded flavor has all four `Accelerator:*` extra specs, one record
 * per calendar month (UTC) touched by `[max(created, from), min(end, to)]`. Fills `SiteName`,
 * `CloudType`, `CloudComputeService`, `AssociatedRecord` (VM UUID), `GlobalUserName` (omitted
 * when unknown), `FQAN`, `Count` (`Accelerator:Number`), `AvailableDuration` = `ActiveDuration`
 * (from `max(month start, created)` to `min(next month start, to, end)`: cumulative within the
 * month), `MeasurementMonth`/`MeasurementYear`, `AssociatedRecordType` (`cloud`), `Type`
 * (`Accelerator:Type` verbatim) and `Model` (`"<Vendor> <Model>"`). Usage-only servers have no
 * flavor and give none.
 */
export function buildAcceleratorRecords(input: RecordBuildInput): BuildResult<AcceleratorRecord> {
  const ctx = buildContext(input);
  if (isProblem(ctx)) return { records: [], problems: [ctx] };
  const problems: RecordProblem[] = [];
  const records: AcceleratorRecord[] = [];
  for (const server of serversById(input.data, problems).values()) {
    records.push(...serverAcceleratorRecords(server, ctx, problems));
  }
  return { records, problems };
}

function serverAcceleratorRecords(server: NovaServer, ctx: BuildContext, problems: RecordProblem[]) {
  const spec = acceleratorOf(server.flavor?.extra_specs, ctx.safe);
  if (spec === null) return [];
  const skip = (problem: RecordProblem) => (problems.push(problem), []);
  if ('problem' in spec)
    return skip(serverProblem(server.id, 'flavor.extra_specs.Accelerator:Number', spec.problem));
  const vmUuid = ctx.safe(server.id);
  if (vmUuid === null) return skip(serverProblem(server.id, 'id', 'nothing left once made ASCII'));
  const life = serverLifetime(server);
  if (isProblem(life)) return skip(life);
  if (!inWindow(life, ctx.fromUs, ctx.toUs)) return [];
  return monthlyDurations(life, ctx.fromUs, ctx.toUs).map(({ month, year, seconds }): AcceleratorRecord => ({
    SiteName: ctx.siteName,
    CloudType: ctx.cloudType,
    CloudComputeService: ctx.computeService,
    AssociatedRecord: vmUuid,
    GlobalUserName: ctx.userName(server.user_id),
    FQAN: ctx.fqan,
    Count: spec.count,
    AvailableDuration: seconds,
    MeasurementMonth: month,
    MeasurementYear: year,
    AssociatedRecordType: 'cloud',
    Type: spec.type,
    Model: spec.model,
    ActiveDuration: seconds,
  }));
}

/** Per UTC month touched by the VM within the window: its cumulative seconds in that month. */
function monthlyDurations(life: Lifetime, fromUs: number, toUs: number) {
  const endUs = life.endUs === null ? toUs : Math.min(life.endUs, toUs);
  const months: { month: number; year: number; seconds: number }[] = [];
  let cursor = utcMonthBounds(Math.max(life.startUs, fromUs));
  while (cursor.start <= endUs) {
    const [startUs, stopUs] = [Math.max(cursor.start, life.startUs), Math.min(cursor.next, endUs)];
    if (stopUs >= startUs) {
      months.push({ ...utcMonthOf(cursor.start / 1_000_000), seconds: wholeSecondsBetween(startUs, stopUs) });
    }
    cursor = utcMonthBounds(cursor.next);
  }
  return months;
}

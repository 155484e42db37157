import type { RecordBuildInput, RecordProblem } from './record.types.js';
import { dateMicros, epochSeconds } from './utc-time.js';
import { wireSafeOrNull } from './wire-safety.js';

/** Input checked and made wire-safe once, shared by the four builders. */
export interface BuildContext {
  fromUs: number;
  toUs: number;
  /** Window end in epoch seconds: the measurement time of point-in-time records. */
  toSeconds: number;
  siteName: string;
  /** `CloudComputeService` / `sr:StorageSystem`: configured, else the site name (as cASO). */
  computeService: string;
  cloudType: string;
  fqan: string;
  projectId: string;
  /** Wire-safe, cut to `maxLength`, null when empty. */
  safe(value: unknown, maxLength?: number): string | null;
  /** Keystone user name of a user id, wire-safe; null when unknown or the look-up failed. */
  userName(userId: unknown): string | null;
}

/**
 * Validates what every record shares. A bad window is a caller error and throws `RangeError`; an
 * empty site name or VO is a problem of the whole project (no record can be valid without them).
 */
export function buildContext(input: RecordBuildInput): BuildContext | RecordProblem {
  const { from, to } = input.window;
  if (!(from instanceof Date) || !(to instanceof Date) || isNaN(from.getTime()) || isNaN(to.getTime())) {
    throw new RangeError('record window: from and to must be valid dates');
  }
  if (from.getTime() > to.getTime()) throw new RangeError('record window: from is after to');
  const options = { transliterate: input.transliterate ?? false };
  const safe = (value: unknown, maxLength = 255) => wireSafeOrNull(value, options, maxLength);
  const projectId = String(input.data.project?.id ?? '');
  const siteName = safe(input.site.siteName);
  const fqan = safe(input.vo);
  if (siteName === null || fqan === null) {
    const field = siteName === null ? 'siteName' : 'VO';
    return { objectType: 'project', id: projectId, field, message: `${field} is empty`, skipped: true };
  }
  const names = input.data.userNames ?? {};
  return {
    fromUs: dateMicros(from),
    toUs: dateMicros(to),
    toSeconds: epochSeconds(dateMicros(to)),
    siteName,
    computeService: safe(input.site.cloudComputeService) ?? siteName,
    cloudType: safe(`fedwatch/${input.version} (OpenStack)`) ?? 'fedwatch (OpenStack)',
    fqan,
    projectId,
    safe,
    userName: (userId) =>
      typeof userId === 'string' && Object.hasOwn(names, userId) ? safe(names[userId]) : null,
  };
}

/** Narrows a builder step's result to the problem it reported. */
export function isProblem(value: object): value is RecordProblem {
  return 'objectType' in value && 'skipped' in value;
}

import type { GlueAssociations, GlueEntity, GlueProblem } from './glue-document.types.js';

/** Object IDs, all derived from the Keystone URL `E` (glue-cloud-info.md §2). */
export interface GlueIds {
  service: string;
  manager: string;
  endpoint: string;
  accessPolicy: string;
  share(vo: string, projectId: string): string;
  mappingPolicy(shareId: string): string;
  accelerator(flavorId: string): string;
}

export function glueIds(keystoneUrl: string): GlueIds {
  const endpoint = `${keystoneUrl}_OpenStack_v3`;
  return {
    service: `${keystoneUrl}_cloud.compute`,
    manager: `${keystoneUrl}_cloud.compute_manager`,
    endpoint,
    accessPolicy: `${endpoint}_policy`,
    share: (vo, projectId) => `${endpoint}_share_${vo}_${projectId}`,
    mappingPolicy: (shareId) => `${shareId}_Policy`,
    accelerator: (flavorId) => `${flavorId}_gpu`,
  };
}

/** Problems of one build, each reported once although flavors and images repeat per share. */
export class GlueProblemList {
  readonly items: GlueProblem[] = [];
  private readonly seen = new Set<string>();

  add(problem: GlueProblem): void {
    const key = [problem.objectType, problem.id, problem.field].join('\u0000');
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(problem);
  }
}

/** What every class builder shares. */
export interface GlueContext {
  ids: GlueIds;
  validity: number;
  creationTime: string;
  problems: GlueProblemList;
}

/**
 * `CreationTime` as Python's `datetime.isoformat()` of an aware UTC time, always with six fraction
 * digits (Python drops them when the microseconds are 0; consumers parse both). Built from the UTC
 * fields, so the host's time zone never matters.
 */
export function creationTimeOf(now: Date): string {
  return now.toISOString().slice(0, 23) + '000+00:00';
}

/**
 * The attributes every object starts with, in the reference order `ID, Validity, CreationTime, Name,
 * OtherInfo, Associations`; `Name` is omitted when absent, `OtherInfo` and `Associations` when empty.
 */
export function entity(
  ctx: GlueContext,
  id: string,
  name?: string | null,
  otherInfo?: Record<string, unknown>,
  associations?: GlueAssociations,
): GlueEntity {
  return {
    ID: id,
    Validity: ctx.validity,
    CreationTime: ctx.creationTime,
    ...(typeof name === 'string' ? { Name: name } : {}),
    ...(otherInfo && Object.keys(otherInfo).length > 0 ? { OtherInfo: otherInfo } : {}),
    ...(associations && Object.keys(associations).length > 0 ? { Associations: associations } : {}),
  };
}

/** A copy without the keys whose value is null or undefined, order kept (attributes are omitted). */
export function present<T extends object>(attributes: T): Present<T> {
  return Object.fromEntries(
    Object.entries(attributes).filter(([, value]) => value !== null && value !== undefined),
  ) as Present<T>;
}

export type Present<T> = { [K in keyof T]?: Exclude<T[K], null | undefined> };

/** A non-empty string property, else undefined (Glance properties are strings when set). */
export function stringProperty(source: Record<string, unknown>, key: string): string | undefined {
  const value = Object.hasOwn(source, key) ? source[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

import type { TokenScope } from '../openstack-client.port.js';

/** `2026-11-26T00:00:00Z`: what Nova's `changes-since` expects. */
export function isoUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Naive UTC (`2026-11-26T00:00:00`, or `.123000` when there are milliseconds): what
 * os-simple-tenant-usage and Cinder's `updated_at=gte:` expect.
 */
export function naiveUtc(date: Date): string {
  const iso = date.toISOString();
  const ms = date.getUTCMilliseconds();
  return ms === 0 ? iso.slice(0, 19) : `${iso.slice(0, 19)}.${String(ms).padStart(3, '0')}000`;
}

/**
 * Query parameters that select one project in Nova and Cinder: own project of a project-scoped
 * token needs none; any other (system scope, or an admin token scoped elsewhere) needs
 * `all_tenants=1&project_id=`. A non-admin gets a clear 403 from the service.
 */
export function projectFilter(scope: TokenScope, projectId: string): Record<string, string> {
  if (scope.kind === 'project' && scope.projectId === projectId) return {};
  return { all_tenants: '1', project_id: projectId };
}

/** `base` + `path` + the query (values URL-encoded; undefined values left out). */
export function buildUrl(
  base: URL,
  path: string,
  query: Record<string, string | number | undefined> = {},
): URL {
  const url = new URL(`${base.href.replace(/\/+$/, '')}${path}`);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

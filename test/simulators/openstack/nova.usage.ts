/** `os-simple-tenant-usage`, computed from the seeded servers like Nova does (usage inside the window). */
import { json, novaFault, pageAfter, parseLimit, withMarker, type Ctx, type Reply } from './http.js';
import type { Json, SimServer } from './model.js';
import type { NovaView } from './nova.render.js';
import { HOUR, naiveMicros, parseNovaUsageTime } from './time.js';

const MAX_LIMIT = 1000;

interface Period {
  start: number;
  stop: number;
}

/** `start`/`end` default to now; `stop` is clamped to the cloud's now. */
function period(ctx: Ctx): Period | Reply {
  const now = ctx.state.data.now.getTime();
  const parse = (name: string) => {
    const text = ctx.query.get(name);
    return text === null ? now : parseNovaUsageTime(text);
  };
  const start = parse('start');
  const end = parse('end');
  if (start === null || end === null) return novaFault(400, 'Datetime is in invalid format');
  if (!(start < end))
    return novaFault(400, 'Invalid start time. The start time cannot occur after the end time.');
  return { start, stop: Math.min(end, now) };
}

/** Nova's filter: launched before the stop, and not terminated before the start. */
const active = (p: Period) => (s: SimServer) =>
  s.launchedMs !== null && s.launchedMs < p.stop && (s.terminatedMs === null || s.terminatedMs > p.start);

function entry(s: SimServer, p: Period, now: number): Json {
  const launched = s.launchedMs!;
  const from = Math.max(launched, p.start);
  const to = s.terminatedMs === null ? p.stop : Math.min(p.stop, s.terminatedMs);
  const flavor = s.api.flavor as Json;
  const ended = s.terminatedMs;
  return {
    hours: Math.max(0, to - from) / HOUR,
    flavor: flavor.original_name,
    instance_id: s.id,
    name: s.api.name,
    tenant_id: s.projectId,
    memory_mb: flavor.ram,
    local_gb: (flavor.disk as number) + (flavor.ephemeral as number),
    vcpus: flavor.vcpus,
    started_at: naiveMicros(launched),
    ended_at: ended === null ? null : naiveMicros(ended),
    state: ended === null ? s.api['OS-EXT-STS:vm_state'] : 'terminated',
    uptime: Math.floor(((ended ?? now) - launched) / 1000),
  };
}

function summary(project: string, entries: Json[], p: Period, detailed: boolean): Json {
  const sum = (f: (e: Json) => number) => entries.reduce((t, e) => t + f(e), 0);
  const h = (e: Json) => e.hours as number;
  return {
    tenant_id: project,
    ...(detailed ? { server_usages: entries } : {}),
    total_local_gb_usage: sum((e) => (e.local_gb as number) * h(e)),
    total_vcpus_usage: sum((e) => (e.vcpus as number) * h(e)),
    total_memory_mb_usage: sum((e) => (e.memory_mb as number) * h(e)),
    total_hours: sum(h),
    start: naiveMicros(p.start),
    stop: naiveMicros(p.stop),
  };
}

/** Paged (≥ 2.40) instances of the period, with the next link when the page is full. */
function paged(ctx: Ctx, view: NovaView, instances: SimServer[], path: string, key: string) {
  if (view.minor < 40) return { page: instances, links: {} };
  const limit = parseLimit(ctx.query.get('limit'), MAX_LIMIT);
  if (limit === null)
    return novaFault(400, `Invalid input for query parameters limit. Value: ${ctx.query.get('limit')}.`);
  const marker = ctx.query.get('marker');
  const page = pageAfter(instances, marker, limit);
  if (!page) return novaFault(400, `marker [${marker}] not found`);
  const last = page[page.length - 1];
  const href =
    last && page.length === limit
      ? `${ctx.origin}/compute/v2.1/${path}?${withMarker(ctx.query, last.id)}`
      : null;
  return { page, links: href ? { [key]: [{ rel: 'next', href }] } : {} };
}

export function projectUsage(ctx: Ctx, [project]: string[], view: NovaView): Reply {
  if (!view.admin && ctx.token.projectId !== project) {
    return novaFault(403, "Policy doesn't allow os_compute_api:os-simple-tenant-usage:show to be performed.");
  }
  const p = period(ctx);
  if ('status' in p) return p;
  const instances = (ctx.state.index.usageOrder.get(project!) ?? []).filter(active(p));
  const result = paged(ctx, view, instances, `os-simple-tenant-usage/${project}`, 'tenant_usage_links');
  if ('status' in result) return result;
  const now = ctx.state.data.now.getTime();
  const entries = result.page.map((s) => entry(s, p, now));
  // A project with nothing in the window (or past the last page) is an empty object, not an error.
  const usage = entries.length ? summary(project!, entries, p, true) : {};
  return json(200, { tenant_usage: usage, ...result.links });
}

export function allUsage(ctx: Ctx, _params: string[], view: NovaView): Reply {
  if (!view.admin)
    return novaFault(403, "Policy doesn't allow os_compute_api:os-simple-tenant-usage:list to be performed.");
  const p = period(ctx);
  if ('status' in p) return p;
  const instances = [...ctx.state.index.usageOrder.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([, list]) => list.filter(active(p)));
  const result = paged(ctx, view, instances, 'os-simple-tenant-usage', 'tenant_usages_links');
  if ('status' in result) return result;
  const now = ctx.state.data.now.getTime();
  const detailed = ctx.query.get('detailed') === '1';
  const byProject = new Map<string, Json[]>();
  for (const s of result.page) {
    const list = byProject.get(s.projectId) ?? [];
    list.push(entry(s, p, now));
    byProject.set(s.projectId, list);
  }
  const usages = [...byProject].map(([project, entries]) => summary(project, entries, p, detailed));
  return json(200, { tenant_usages: usages, ...result.links });
}

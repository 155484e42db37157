/**
 * norman collections (reference §3.2): filters `field`, `field_ne`, `field_null`, `field_notnull`,
 * `field_in`, `field_notin` on top-level fields (repeated values: `ne`/`notin` must hold for all,
 * `eq`/`in` for any), `sort`/`order`, pagination with `limit` (default 100, at most 3000, -1 for
 * everything) and `marker` (the id the page starts at), and the envelope around `data`.
 */
import type { Json } from './model.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 3000;
const MODIFIERS = ['eq', 'ne', 'null', 'notnull', 'in', 'notin'] as const;
type Modifier = (typeof MODIFIERS)[number];
const RESERVED = new Set(['limit', 'marker', 'sort', 'order', 'reverse', 'action']);

export interface Condition {
  field: string;
  modifier: Modifier;
  values: string[];
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The filters of a query, grouped per field and modifier; unknown modifiers are ignored. */
export function parseConditions(query: URLSearchParams): Condition[] {
  const out = new Map<string, Condition>();
  for (const [key, value] of query) {
    if (RESERVED.has(key)) continue;
    const cut = key.lastIndexOf('_');
    const field = cut > 0 ? key.slice(0, cut) : key;
    const modifier = (cut > 0 ? key.slice(cut + 1) : 'eq') as Modifier;
    if (!MODIFIERS.includes(modifier)) continue;
    const id = `${field}_${modifier}`;
    const condition = out.get(id) ?? { field, modifier, values: [] };
    const values = modifier === 'in' || modifier === 'notin' ? value.split(',') : [value];
    condition.values.push(...values);
    out.set(id, condition);
  }
  return [...out.values()];
}

function holds(item: Json, c: Condition): boolean {
  const raw = item[c.field];
  // An absent boolean reads as false, so `system=false` keeps objects without a `system` field.
  const value = raw === undefined && c.values.includes('false') ? 'false' : text(raw);
  switch (c.modifier) {
    case 'null':
      return value === '';
    case 'notnull':
      return value !== '';
    case 'ne':
    case 'notin':
      return !c.values.includes(value);
    default:
      return c.values.includes(value);
  }
}

export function applyConditions(items: readonly Json[], conditions: readonly Condition[]): Json[] {
  return items.filter((item) => conditions.every((c) => holds(item, c)));
}

export function parseLimit(text: string | null): number {
  if (text === null || !/^-?\d+$/.test(text)) return DEFAULT_LIMIT;
  const n = Number(text);
  if (n === -1) return -1;
  if (n <= 0) return DEFAULT_LIMIT;
  return Math.min(n, MAX_LIMIT);
}

export interface Page {
  data: Json[];
  pagination: Json;
  /** Id of the first item of the next page, when one follows. */
  nextMarker: string | null;
}

/** The page starting at `marker` (an id; an unknown one gives an empty page). */
export function paginate(items: readonly Json[], limit: number, marker: string | null): Page {
  const start = marker === null ? 0 : items.findIndex((i) => i.id === marker);
  if (start < 0) return { data: [], pagination: { limit, total: items.length, marker }, nextMarker: null };
  const end = limit === -1 ? items.length : start + limit;
  const data = items.slice(start, end);
  const nextMarker = end < items.length ? (items[end]!.id as string) : null;
  const pagination: Json = { limit, total: items.length };
  if (marker !== null) pagination.marker = marker;
  if (nextMarker !== null) pagination.partial = true;
  return { data, pagination, nextMarker };
}

export function sortItems(items: Json[], query: URLSearchParams): Json[] {
  const field = query.get('sort');
  const sorted = field ? [...items].sort((a, b) => text(a[field]).localeCompare(text(b[field]))) : items;
  return query.get('order') === 'desc' ? [...sorted].reverse() : sorted;
}

/** `url` with `key` set to `value` (or removed when null), other parameters kept in order. */
export function withParam(url: URL, key: string, value: string | null): string {
  const copy = new URL(url.href);
  copy.searchParams.delete(key);
  if (value !== null) copy.searchParams.append(key, value);
  return copy.href;
}

export interface Envelope {
  resourceType: string;
  /** The request URL as seen from outside (the simulator's origin). */
  self: URL;
  /** Fields the schema lets clients filter on: listed in `filters` even when unused. */
  filterable: readonly string[];
}

/** Filters, sorts and pages `items` and wraps them in norman's collection envelope. */
export function collection(items: readonly Json[], query: URLSearchParams, env: Envelope): Json {
  const conditions = parseConditions(query);
  const kept = sortItems(applyConditions(items, conditions), query);
  const page = paginate(kept, parseLimit(query.get('limit')), query.get('marker'));
  if (page.nextMarker !== null) {
    page.pagination.next = withParam(env.self, 'marker', page.nextMarker);
    page.pagination.first = withParam(env.self, 'marker', null);
  }
  const filters: Json = Object.fromEntries(env.filterable.map((f) => [f, null]));
  for (const c of conditions)
    filters[c.field] = [
      ...((filters[c.field] as Json[] | null) ?? []),
      ...c.values.map((value) => ({ modifier: c.modifier, value })),
    ];
  const base = `${env.self.origin}${env.self.pathname}`;
  return {
    type: 'collection',
    resourceType: env.resourceType,
    links: { self: env.self.href },
    createTypes: { [env.resourceType]: base },
    actions: {},
    pagination: page.pagination,
    sort: {
      order: query.get('order') === 'desc' ? 'desc' : 'asc',
      reverse: withParam(env.self, 'order', query.get('order') === 'desc' ? 'asc' : 'desc'),
      links: Object.fromEntries(['name', 'state', 'id'].map((f) => [f, withParam(env.self, 'sort', f)])),
    },
    filters,
    data: page.data,
  };
}

/**
 * Pure reading of norman collections (reference §3.2): the envelope of one page, and a light check
 * of each item's shape. Nothing here throws for a bad item; only a page that is not a collection
 * at all is an error.
 */
import type { MalformedItem, RancherResource } from './rancher-client.port.js';

export interface CollectionPage {
  data: unknown[];
  /** `pagination.next`, when another page follows. */
  next: string | null;
}

/** The page's items and next link; a string problem when the body is not a norman collection. */
export function readCollection(body: unknown): CollectionPage | string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'expected a JSON object';
  const envelope = body as Record<string, unknown>;
  if (envelope.type !== 'collection')
    return `expected "type": "collection", got ${JSON.stringify(envelope.type)}`;
  if (!Array.isArray(envelope.data)) return 'expected a list "data"';
  const pagination = envelope.pagination as Record<string, unknown> | undefined;
  const next =
    pagination && typeof pagination.next === 'string' && pagination.next !== '' ? pagination.next : null;
  return { data: envelope.data, next };
}

/** Kubernetes Quantity syntax (§5.3). */
export const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

const RESOURCE_MAPS = ['capacity', 'allocatable', 'requested', 'limits'];
const STRINGS = ['type', 'name', 'state', 'transitioning', 'transitioningMessage', 'description'];
const NODE_STRINGS = ['nodeName', 'requestedHostname', 'nodePoolId', 'clusterId'];
const NODE_BOOLEANS = ['controlPlane', 'etcd', 'worker', 'unschedulable'];

type Problem = Pick<MalformedItem, 'field' | 'problem'>;

function fieldProblems(resource: RancherResource, item: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v);
  const expect = (field: string, ok: (v: unknown) => boolean, what: string) => {
    const value = item[field];
    if (value !== undefined && !ok(value))
      problems.push({ field, problem: `expected ${what}, got ${typeOf(value)}` });
  };
  for (const f of STRINGS) expect(f, (v) => typeof v === 'string', 'a string');
  expect('conditions', Array.isArray, 'a list');
  if (resource === 'cluster') expect('nodeCount', Number.isInteger, 'an integer');
  if (resource === 'node') {
    for (const f of NODE_STRINGS) expect(f, (v) => typeof v === 'string', 'a string');
    for (const f of NODE_BOOLEANS) expect(f, (v) => typeof v === 'boolean', 'a boolean');
    expect('taints', Array.isArray, 'a list');
  }
  if (resource === 'nodePool') expect('hostnamePrefix', (v) => typeof v === 'string', 'a string');
  for (const map of RESOURCE_MAPS) {
    const value = item[map];
    if (value === undefined) continue;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ field: map, problem: `expected a map of quantities, got ${typeOf(value)}` });
      continue;
    }
    for (const [key, quantity] of Object.entries(value)) {
      if (typeof quantity !== 'string' || !QUANTITY.test(quantity))
        problems.push({
          field: `${map}.${key}`,
          problem: `not a Kubernetes quantity: ${JSON.stringify(quantity)}`,
        });
    }
  }
  return problems;
}

/**
 * Items with a non-empty string `id` are kept (field problems are reported with `kept: true`);
 * others are left out and reported. A node without `clusterId` gets the part of its id before
 * the first `:` (v3 node ids are `<clusterId>:<name>`), reported too.
 */
export function validateItems<T>(
  resource: RancherResource,
  raw: readonly unknown[],
): { items: T[]; malformed: MalformedItem[] } {
  const items: T[] = [];
  const malformed: MalformedItem[] = [];
  raw.forEach((value, index) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      malformed.push({ resource, id: `#${index}`, field: '', problem: 'not an object', kept: false });
      return;
    }
    let item = value as Record<string, unknown>;
    if (typeof item.id !== 'string' || item.id === '') {
      malformed.push({
        resource,
        id: `#${index}`,
        field: 'id',
        problem: 'expected a non-empty string',
        kept: false,
      });
      return;
    }
    const id = item.id;
    for (const p of fieldProblems(resource, item)) malformed.push({ resource, id, ...p, kept: true });
    if (
      (resource === 'node' || resource === 'nodePool') &&
      item.clusterId === undefined &&
      id.includes(':')
    ) {
      item = { ...item, clusterId: id.slice(0, id.indexOf(':')) };
      malformed.push({ resource, id, field: 'clusterId', problem: 'missing; taken from the id', kept: true });
    }
    items.push(item as T);
  });
  return { items, malformed };
}

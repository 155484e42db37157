/**
 * `GET /api/v1/<resource>` (and namespaced pods) as a list: selectors, `limit`/`continue` paging
 * over a consistent snapshot, `resourceVersion` (+ `resourceVersionMatch=Exact`), 410 Expired for
 * a continue token the history no longer covers, and a body streamed item by item.
 */
import { batched, status, writeAll, type Reply } from './http.js';
import { decodeContinue, encodeContinue } from './list.snapshots.js';
import type { ResourceName, StoredRecord } from './model.js';
import { lowerBound } from './object.store.js';
import { KINDS } from './resources.js';
import { parseFieldSelector, parseLabelSelector, SelectorError, type Selector } from './selectors.js';
import type { SimContext } from './sim.context.js';

const EXPIRED_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export interface ListQuery {
  resource: ResourceName;
  namespace: string | null;
  label: Selector | null;
  field: Selector | null;
  /** Cache key of the query without paging. */
  key: string;
}

export function parseQuery(
  sim: SimContext,
  resource: ResourceName,
  namespace: string | null,
  q: URLSearchParams,
): ListQuery {
  const label = parseLabelSelector(q.get('labelSelector'));
  const field = parseFieldSelector(resource, q.get('fieldSelector'), sim.render.nodeNames);
  const key = [resource, namespace ?? '', label?.text ?? '', field?.text ?? ''].join('|');
  return { resource, namespace, label, field, key };
}

/** Filters records (already in key order) by namespace and selectors into a new array. */
export function select(q: ListQuery, records: readonly StoredRecord[]): StoredRecord[] {
  let out: StoredRecord[] = records as StoredRecord[];
  if (q.namespace !== null) {
    const prefix = `${q.namespace}/`;
    const from = lowerBound(out, prefix);
    let to = from;
    while (to < out.length && out[to]!.key.startsWith(prefix)) to++;
    out = out.slice(from, to);
  }
  if (q.label || q.field)
    out = out.filter((r) => (q.label?.matches(r) ?? true) && (q.field?.matches(r) ?? true));
  return out === records ? out.slice() : out;
}

function currentSelection(sim: SimContext, q: ListQuery): StoredRecord[] {
  const store = sim.state.stores[q.resource];
  const base = q.namespace !== null ? store.range(`${q.namespace}/`) : store.all();
  return select({ ...q, namespace: null }, base);
}

/** The selection at `rv`: cached snapshot, or rebuilt from history; null when compacted. */
function selectionAt(sim: SimContext, q: ListQuery, rv: number): StoredRecord[] | null {
  const cached = sim.snapshots.get(q.key, rv);
  if (cached) return cached;
  if (rv === sim.state.resourceVersion) return currentSelection(sim, q);
  const state = sim.state.stateAt(q.resource, rv);
  return state ? select(q, state) : null;
}

export function listReply(
  sim: SimContext,
  resource: ResourceName,
  namespace: string | null,
  params: URLSearchParams,
): Reply {
  let q: ListQuery;
  try {
    q = parseQuery(sim, resource, namespace, params);
  } catch (err) {
    if (err instanceof SelectorError) return status(400, err.message);
    throw err;
  }
  const limit = Math.max(0, Number.parseInt(params.get('limit') ?? '0', 10) || 0);
  const compacted = sim.state.history.compactedRv;
  sim.snapshots.prune(compacted);
  let records: StoredRecord[] | null;
  let rv = sim.state.resourceVersion;
  let start = 0;
  const cont = params.get('continue');
  if (cont) {
    const token = decodeContinue(cont);
    if (!token) return status(400, `continue key is not valid: ${cont}`);
    // A token with rv ≤ 0 is the "inconsistent" one handed out with a 410: go on from the latest state.
    records = token.rv > 0 ? selectionAt(sim, q, token.rv) : currentSelection(sim, q);
    if (!records) {
      const fresh = encodeContinue({ rv: 0, start: token.start });
      return status(410, EXPIRED_CONTINUE, { metadata: { continue: fresh } });
    }
    if (token.rv > 0) rv = token.rv;
    start = lowerBound(records, token.start);
  } else {
    const asked = params.get('resourceVersion');
    const n = asked ? Number(asked) : 0;
    if (asked && !/^\d+$/.test(asked))
      return status(400, `Invalid value: "${asked}": resourceVersion must be an integer`);
    if (n > rv)
      return status(504, `Too large resource version: ${n}, current: ${rv}`, {
        details: {
          causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
          retryAfterSeconds: 1,
        },
      });
    if (params.get('resourceVersionMatch') === 'Exact' && n > 0) {
      records = selectionAt(sim, q, n);
      if (!records) return status(410, `The resourceVersion for the provided list is too old.`);
      rv = n;
    } else records = currentSelection(sim, q);
  }
  const end = limit > 0 ? Math.min(records.length, start + limit) : records.length;
  const meta: Record<string, unknown> = { resourceVersion: String(rv) };
  if (end < records.length) {
    sim.snapshots.set(q.key, rv, records);
    meta.continue = encodeContinue({ rv, start: `${records[end - 1]!.key}\u0000` });
    // kube-apiserver leaves the count out when a selector filters the list.
    if (!q.label && !q.field) meta.remainingItemCount = records.length - end;
  }
  return streamList(sim, resource, meta, records, start, end);
}

function streamList(
  sim: SimContext,
  resource: ResourceName,
  meta: Record<string, unknown>,
  records: readonly StoredRecord[],
  start: number,
  end: number,
): Reply {
  const kind = KINDS[resource];
  function* parts(): Generator<string> {
    yield `{"kind":"${kind.listKind}","apiVersion":"v1","metadata":${JSON.stringify(meta)},"items":[`;
    for (let i = start; i < end; i++) yield (i > start ? ',' : '') + kind.json(sim.render, records[i]!);
    yield ']}\n';
  }
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    // kube-apiserver gzips responses over 128 KiB: about 32 pods or 40 nodes.
    compressible: end - start >= 32,
    stream: async (res) => {
      if (await writeAll(res, batched(parts()))) res.end();
    },
  };
}

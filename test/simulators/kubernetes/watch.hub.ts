/**
 * `?watch=1` requests and the set of open watches. A watch from resourceVersion "0" or none gets
 * synthetic ADDED events for the current selection first (as kube-apiserver does); from a given
 * resourceVersion it replays the history after it; from a compacted one it fails with 410, as a
 * 200 + ERROR event (kube-apiserver's way) or as HTTP 410, whichever the faults select.
 */
import type { ServerResponse } from 'node:http';
import type { ClusterState } from './cluster.state.js';
import { hash32 } from './ids.js';
import { status, tooOld, type Reply } from './http.js';
import { parseQuery, select, type ListQuery } from './list.handler.js';
import type { ResourceName, StoredRecord } from './model.js';
import type { RenderContext } from './render.context.js';
import { KINDS, withKind } from './resources.js';
import { SelectorError } from './selectors.js';
import type { SimContext } from './sim.context.js';
import { Watcher, type BreakMode } from './watch.stream.js';

export class WatchHub {
  private readonly open = new Set<Watcher>();
  /**
   * The last record rendered and its JSON: every watch gets an event in the same synchronous turn,
   * so one entry lets them share one rendering, without keeping JSON alive for the whole history.
   */
  private last: { record: StoredRecord | null; json: string } = { record: null, json: '' };
  private opened = 0;

  constructor(
    state: ClusterState,
    private readonly render: RenderContext,
  ) {
    state.listen((e) => {
      for (const w of this.open) w.deliver(e);
    });
  }

  /** Watches open right now. */
  get count(): number {
    return this.open.size;
  }

  /** Watches opened since start. */
  get total(): number {
    return this.opened;
  }

  objectJson(resource: ResourceName, r: StoredRecord): string {
    if (this.last.record !== r)
      this.last = {
        record: r,
        json: withKind(KINDS[resource].kind, 'v1', KINDS[resource].json(this.render, r)),
      };
    return this.last.json;
  }

  add(w: Watcher): void {
    this.open.add(w);
    this.opened++;
    void w.closed.then(() => this.open.delete(w));
  }

  /** Ends every open watch (`reset`: connection dropped; `end`: clean end; `expire`: ERROR 410). */
  breakAll(mode: BreakMode, message: string): number {
    const all = [...this.open];
    for (const w of all) {
      if (mode === 'reset') w.reset();
      else if (mode === 'expire') w.expire(message);
      else w.end();
    }
    return all.length;
  }
}

function* lines(records: readonly StoredRecord[], line: (r: StoredRecord) => string): Generator<string> {
  for (const r of records) yield line(r);
}

export function watchReply(
  sim: SimContext,
  resource: ResourceName,
  namespace: string | null,
  params: URLSearchParams,
): Reply {
  let query: ListQuery;
  try {
    query = parseQuery(sim, resource, namespace, params);
  } catch (err) {
    if (err instanceof SelectorError) return status(400, err.message);
    throw err;
  }
  const rvText = params.get('resourceVersion') ?? '';
  if (rvText !== '' && !/^\d+$/.test(rvText))
    return status(400, `Invalid value: "${rvText}": resourceVersion must be an integer`);
  const from = Number(rvText || '0');
  const history = from === 0 ? [] : sim.state.history.since(from);
  const compacted = sim.state.history.compactedRv;
  if (history === null && sim.faults.watchGone === 'status')
    return status(410, tooOld(from, compacted), { reason: 'Expired' });
  const seconds = Number(params.get('timeoutSeconds') ?? '');
  // Without timeoutSeconds kube-apiserver picks 30–60 minutes (--min-request-timeout and up to twice that).
  const timeoutMs = seconds > 0 ? seconds * 1000 : (1800 + (hash32(sim.hub.total, 7) % 1800)) * 1000;
  const allow = params.get('allowWatchBookmarks');
  const kind = KINDS[resource].kind;
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' },
    stream: (_out, res: ServerResponse) => {
      res.flushHeaders();
      const objectJson = (r: StoredRecord) => sim.hub.objectJson(resource, r);
      const opts = {
        query,
        kind,
        bookmarks: allow === 'true' || allow === '1',
        timeoutMs,
        bookmarkMs: sim.options.bookmarkSeconds * 1000,
        currentRv: () => sim.state.resourceVersion,
        objectJson,
      };
      let w: Watcher;
      if (history === null) {
        w = new Watcher(res, opts, null);
        w.expire(tooOld(from, compacted));
      } else if (from === 0) {
        const current = select(query, sim.state.stores[resource].all());
        w = new Watcher(res, opts, () =>
          lines(current, (r) => `{"type":"ADDED","object":${objectJson(r)}}\n`),
        );
      } else {
        w = new Watcher(res, opts, function* (self) {
          for (const e of history) {
            const l = self.translate(e);
            if (l) yield l;
          }
        });
      }
      sim.hub.add(w);
      return w.closed;
    },
  };
}

/**
 * The live cluster: one store per resource, a global resourceVersion (like etcd's revision), the
 * event history and the listeners (open watches). Every change goes through `commit`, which bumps
 * the resourceVersion, records the event and tells the listeners synchronously, so a watch sees
 * changes in resourceVersion order.
 */
import { EventHistory, type EventType, type StoredEvent } from './event.history.js';
import type { NamespaceRecord, NodeRecord, PodRecord, ResourceName, StoredRecord } from './model.js';
import { byKey, lowerBound, ObjectStore, type Keyed } from './object.store.js';

export interface Stores {
  pods: ObjectStore<PodRecord>;
  nodes: ObjectStore<NodeRecord>;
  namespaces: ObjectStore<NamespaceRecord>;
}

export type Listener = (e: StoredEvent) => void;

export class ClusterState {
  readonly stores: Stores;
  readonly history: EventHistory;
  private readonly listeners = new Set<Listener>();
  private readonly startedWallMs = Date.now();

  constructor(
    init: { pods: PodRecord[]; nodes: NodeRecord[]; namespaces: NamespaceRecord[]; rv: number },
    /** The cluster's clock at start (the `now` option); it advances with the wall clock. */
    private readonly seedNowMs: number,
    history: { windowMs: number; limit: number },
    private rv = init.rv,
  ) {
    this.stores = {
      pods: new ObjectStore(init.pods),
      nodes: new ObjectStore(init.nodes),
      namespaces: new ObjectStore(init.namespaces),
    };
    this.history = new EventHistory(init.rv, history.windowMs, history.limit);
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** The cluster's current time: the `now` option plus the time the simulator has run. */
  nowMs(): number {
    return this.seedNowMs + (Date.now() - this.startedWallMs);
  }

  listen(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Stores `next` (a record without its new rv) or deletes `key`, as one event. */
  commit<R extends StoredRecord>(resource: ResourceName, type: EventType, next: R): StoredEvent {
    const store = this.stores[resource] as unknown as ObjectStore<R>;
    const rv = ++this.rv;
    const object = { ...next, rv } as R;
    const prev = type === 'DELETED' ? (store.remove(next.key) ?? null) : (store.put(object) ?? null);
    const event: StoredEvent = { rv, type, resource, object, prev, atMs: Date.now() };
    this.history.append(event);
    for (const l of this.listeners) l(event);
    return event;
  }

  /** Trims the history by time even when nothing changes (an idle cluster still compacts). */
  tick(): void {
    this.history.trim(Date.now());
  }

  /**
   * The records of `resource` as they were at `rv`, sorted by key; null when the history no
   * longer reaches back that far. Changes after `rv` are undone from the history.
   */
  stateAt<R extends StoredRecord>(resource: ResourceName, rv: number): R[] | null {
    const events = this.history.since(rv);
    if (!events) return null;
    const current = this.stores[resource].all() as readonly R[];
    const overlay = new Map<string, R | null>();
    // Walking backwards, the earliest change after rv is written last: its prev is the state at rv.
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      if (e.resource === resource) overlay.set(e.object.key, e.type === 'ADDED' ? null : (e.prev as R));
    }
    if (overlay.size === 0) return current.slice();
    const out: R[] = [];
    for (const r of current) {
      if (!overlay.has(r.key)) out.push(r);
      else {
        const old = overlay.get(r.key);
        if (old) out.push(old);
        overlay.delete(r.key);
      }
    }
    const gone = [...overlay.values()].filter((r): r is R => r !== null).sort(byKey);
    return gone.length ? merge(out, gone) : out;
  }
}

function merge<R extends Keyed>(a: R[], b: R[]): R[] {
  for (const r of b) a.splice(lowerBound(a, r.key), 0, r);
  return a;
}

import { afterEach, describe, expect, it } from '@jest/globals';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import type { KubernetesTransport, Query, StreamOptions } from './kubernetes-http.js';
import { Reflector } from './reflector.js';
import type { ChangeType, Json, ReflectorStore } from './reflector.types.js';

/**
 * The reflector against an in-memory API server that keeps an event log, pages lists, compacts
 * and breaks watches on request. (The adapter as a whole runs against the HTTP simulator in
 * test/integration/kubernetes-client.int-spec.ts.)
 */
class FakeApi implements KubernetesTransport {
  readonly server = new URL('http://fake.test');
  readonly requests: { path: string; query: Query }[] = [];
  readonly failures: FedwatchError[] = [];
  private rv = 100;
  private compactedBelow = 0;
  private readonly objects = new Map<string, Json>();
  private readonly log: { rv: number; event: Json }[] = [];
  private readonly watchers = new Set<{
    from: number;
    push: (e: Json) => void;
    end: (err?: Error) => void;
  }>();

  put(name: string, data = 0): void {
    const type = this.objects.has(name) ? 'MODIFIED' : 'ADDED';
    const object = { metadata: { name, resourceVersion: String(++this.rv) }, data };
    this.objects.set(name, object);
    this.record({ type, object });
  }

  delete(name: string): void {
    const old = this.objects.get(name) as Json;
    this.objects.delete(name);
    this.record({
      type: 'DELETED',
      object: { ...old, metadata: { name, resourceVersion: String(++this.rv) } },
    });
  }

  bookmark(): void {
    for (const w of this.watchers)
      w.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: String(this.rv) } } });
  }

  compact(): void {
    this.compactedBelow = this.rv;
  }

  breakWatches(): void {
    for (const w of [...this.watchers])
      w.end(new FedwatchError(ErrorCode.SOURCE_UNREACHABLE, 'connection reset'));
  }

  get watching(): number {
    return this.watchers.size;
  }

  async getJson(path: string, query: Query = {}): Promise<unknown> {
    this.requests.push({ path, query });
    const failure = this.failures.shift();
    if (failure) throw failure;
    const names = [...this.objects.keys()].sort();
    const [offset, asOf] = query.continue ? query.continue.split(':').map(Number) : [0, this.rv];
    if (asOf < this.compactedBelow) throw gone('continue token expired');
    const limit = Number(query.limit);
    const items = names.slice(offset, offset + limit).map((n) => this.objects.get(n));
    const more = offset + limit < names.length;
    return {
      items,
      metadata: { resourceVersion: String(asOf), ...(more ? { continue: `${offset + limit}:${asOf}` } : {}) },
    };
  }

  async stream(
    path: string,
    query: Query,
    onValue: (v: unknown) => void,
    options: StreamOptions,
  ): Promise<void> {
    this.requests.push({ path, query });
    const failure = this.failures.shift();
    if (failure) throw failure;
    const from = Number(query.resourceVersion);
    options.onOpen?.();
    if (from < this.compactedBelow) {
      onValue({
        type: 'ERROR',
        object: {
          kind: 'Status',
          code: 410,
          reason: 'Expired',
          message: `too old resource version: ${from}`,
        },
      });
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const watcher = {
        from,
        push: (event: Json) => {
          try {
            onValue(event);
          } catch (err) {
            watcher.end(err as Error);
          }
        },
        end: (err?: Error) => {
          this.watchers.delete(watcher);
          if (err) reject(err);
          else resolve();
        },
      };
      this.watchers.add(watcher);
      for (const entry of this.log) if (entry.rv > from) watcher.push(entry.event);
      options.signal.addEventListener('abort', () =>
        watcher.end(Object.assign(new Error('stopped'), { name: 'AbortError' })),
      );
    });
  }

  close(): void {}

  private record(event: Json): void {
    this.log.push({ rv: this.rv, event });
    for (const w of this.watchers) w.push(event);
  }
}

function gone(message: string): FedwatchError {
  return new FedwatchError(ErrorCode.SOURCE_REJECTED, message, { status: 410 });
}

class MapStore implements ReflectorStore {
  readonly map = new Map<string, Json>();
  version = (key: string) =>
    (this.map.get(key)?.metadata as Json | undefined)?.resourceVersion as string | undefined;
  keys = () => this.map.keys();
  upsert(key: string, object: Json) {
    this.map.set(key, object);
    return key;
  }
  remove(key: string) {
    return this.map.delete(key) ? key : undefined;
  }
  data = () => Object.fromEntries([...this.map].map(([k, v]) => [k, v.data]));
}

const controllers: AbortController[] = [];
afterEach(() => controllers.splice(0).forEach((c) => c.abort()));

function start(api: FakeApi, pageSize = 2) {
  const store = new MapStore();
  const changes: [ChangeType, string][] = [];
  const errors: FedwatchError[] = [];
  let synced = false;
  const reflector = new Reflector(api, store, {
    resource: 'things',
    path: '/api/v1/things',
    pageSize,
    watchTimeoutSeconds: 300,
    backoff: { baseDelayMs: 1, maxDelayMs: 2 },
    keyOf: (o) => ((o.metadata as Json)?.name as string) ?? null,
    onChange: (type, name) => changes.push([type, name]),
    onError: (e) => errors.push(e),
    onHealthy: () => {},
    onUnkeyed: () => {},
    sleep: () => new Promise((r) => setTimeout(r, 1)),
  });
  const controller = new AbortController();
  controllers.push(controller);
  const done = reflector.run(controller.signal, () => (synced = true));
  return { store, changes, errors, reflector, done, controller, isSynced: () => synced };
}

async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Reflector', () => {
  it('lists page by page, then watches from the list version', async () => {
    const api = new FakeApi();
    for (const n of ['a', 'b', 'c', 'd', 'e']) api.put(n);
    const r = start(api);
    await until(r.isSynced, 'sync');
    expect(r.store.data()).toEqual({ a: 0, b: 0, c: 0, d: 0, e: 0 });
    const lists = api.requests.filter((q) => q.query.limit);
    expect(lists.map((q) => q.query.continue)).toEqual([undefined, '2:105', '4:105']);
    await until(() => api.watching === 1, 'watch');
    const watch = api.requests.at(-1) as { query: Query };
    expect(watch.query).toMatchObject({ watch: '1', resourceVersion: '105', allowWatchBookmarks: 'true' });
    expect(Number(watch.query.timeoutSeconds)).toBeGreaterThanOrEqual(300);

    api.put('f', 1);
    api.put('a', 2);
    api.delete('b');
    await until(() => r.changes.length === 8);
    expect(r.changes.slice(5)).toEqual([
      ['added', 'f'],
      ['modified', 'a'],
      ['deleted', 'b'],
    ]);
    api.bookmark();
    await until(() => r.reflector.stats.resourceVersion === '108', 'bookmark');
  });

  it('resumes a broken watch from the last version seen, without listing again', async () => {
    const api = new FakeApi();
    api.put('a');
    const r = start(api);
    await until(() => api.watching === 1);
    api.put('b');
    await until(() => r.store.map.has('b'));
    api.breakWatches();
    api.put('c'); // happens while no watch is open: replayed from the log
    await until(() => r.store.map.has('c') && api.watching === 1);
    expect(r.reflector.stats.lists).toBe(1);
    expect(api.requests.at(-1)?.query.resourceVersion).toBe('102');
    expect(r.errors).toEqual([]);
  });

  it('lists again after a 410 and emits only the differences', async () => {
    const api = new FakeApi();
    for (const n of ['a', 'b', 'c']) api.put(n);
    const r = start(api, 500);
    await until(() => api.watching === 1);
    const seen = r.changes.length;
    api.breakWatches();
    // While disconnected: changes happen and the history is compacted past them.
    api.put('a', 9);
    api.delete('b');
    api.put('d');
    api.compact();
    await until(() => r.reflector.stats.relists === 1 && api.watching === 1, 'relist');
    expect(r.store.data()).toEqual({ a: 9, c: 0, d: 0 });
    expect(r.changes.slice(seen).sort()).toEqual([
      ['added', 'd'],
      ['deleted', 'b'],
      ['modified', 'a'],
    ]);
    expect(r.errors).toEqual([]);
  });

  it('starts a list over when its continue token expires', async () => {
    const api = new FakeApi();
    for (const n of ['a', 'b', 'c', 'd']) api.put(n);
    const original = api.getJson.bind(api);
    let pages = 0;
    api.getJson = async (path, query) => {
      if (++pages === 2) {
        api.put('e'); // the snapshot the first page belongs to is compacted away
        api.compact();
      }
      return original(path, query);
    };
    const r = start(api);
    await until(r.isSynced);
    expect(r.store.data()).toEqual({ a: 0, b: 0, c: 0, d: 0, e: 0 });
    expect(r.reflector.stats.lists).toBe(2);
    expect(r.errors).toEqual([]);
  });

  it('reports failures, retries with backoff and recovers', async () => {
    const api = new FakeApi();
    api.put('a');
    api.failures.push(new FedwatchError(ErrorCode.SOURCE_REJECTED, 'refused (HTTP 401)', { status: 401 }));
    const r = start(api);
    await until(r.isSynced);
    expect(r.errors.map((e) => e.code)).toEqual([ErrorCode.SOURCE_REJECTED]);
    expect(r.store.data()).toEqual({ a: 0 });
  });

  it('reports a watch that cannot be opened (503) and opens it again', async () => {
    const api = new FakeApi();
    const r = start(api);
    await until(() => api.watching === 1);
    api.breakWatches();
    api.failures.push(new FedwatchError(ErrorCode.SOURCE_UNREACHABLE, 'HTTP 503', { status: 503 }));
    await until(() => r.errors.length === 1 && api.watching === 1);
    expect(r.errors[0].message).toBe('HTTP 503');
  });

  it('stops when aborted', async () => {
    const api = new FakeApi();
    const r = start(api);
    await until(() => api.watching === 1);
    r.controller.abort();
    await r.done;
    expect(api.watching).toBe(0);
  });
});

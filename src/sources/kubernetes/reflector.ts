import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { isGone } from './kubernetes-errors.js';
import type { KubernetesTransport } from './kubernetes-http.js';
import { listAll, malformedResponse } from './reflector.list.js';
import {
  abortableSleep,
  asObject,
  type Json,
  type ReflectorOptions,
  type ReflectorStats,
  type ReflectorStore,
} from './reflector.types.js';
import { watchRetryDelayMs, watchTimeoutSeconds } from './watch-backoff.js';

export {
  abortableSleep,
  type ChangeType,
  type ReflectorOptions,
  type ReflectorStats,
  type ReflectorStore,
} from './reflector.types.js';

/**
 * One resource kept in sync with the API server, like client-go's reflector but keeping nothing but
 * what the store keeps: a paged list (`limit`, following `continue`; restarted when a continue
 * token expires), then a watch from the list's resourceVersion with bookmarks. A closed or failed
 * watch resumes from the last resourceVersion seen (with backoff after failures); a 410 Gone, as
 * an HTTP status or an ERROR event, means the server compacted that version away: list again,
 * apply the differences to the store, and watch from the new list.
 */
export class Reflector {
  readonly stats: ReflectorStats = {
    lists: 0,
    relists: 0,
    watches: 0,
    events: 0,
    lastEventAt: null,
    resourceVersion: null,
    synced: false,
  };
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly transport: KubernetesTransport,
    private readonly store: ReflectorStore,
    private readonly options: ReflectorOptions,
  ) {
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? abortableSleep;
    this.now = options.now ?? Date.now;
  }

  /** Lists and watches until `signal` aborts; never rejects. `onSynced` after the first full list. */
  async run(signal: AbortSignal, onSynced: () => void): Promise<void> {
    let needList = true;
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.list(signal);
          needList = false;
          failures = 0;
          this.options.onHealthy();
          if (!this.stats.synced) {
            this.stats.synced = true;
            onSynced();
          }
        }
        const healthy = await this.watch(signal);
        if (healthy) failures = 0;
        // A watch that ends at once without a single event is not progress: back off.
        else await this.sleep(watchRetryDelayMs(this.options.backoff, ++failures, this.random), signal);
      } catch (err) {
        if (signal.aborted) break;
        if (isGone(err)) {
          needList = true;
          // One 410 is routine (compaction); repeated ones back off like any failure.
          if (++failures > 1)
            await this.sleep(watchRetryDelayMs(this.options.backoff, failures - 1, this.random), signal);
          continue;
        }
        this.options.onError(FedwatchError.from(err, ErrorCode.SOURCE_UNREACHABLE));
        await this.sleep(watchRetryDelayMs(this.options.backoff, ++failures, this.random), signal);
      }
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    if (this.stats.lists > 0) this.stats.relists += 1;
    this.stats.lists += 1;
    this.stats.resourceVersion = await listAll(this.transport, this.store, this.options, signal, (o) =>
      this.apply(o),
    );
  }

  /** One watch request; true when it made progress (an event, or it lasted a while). */
  private async watch(signal: AbortSignal): Promise<boolean> {
    const timeout = watchTimeoutSeconds(this.options.watchTimeoutSeconds, this.random);
    const query = {
      watch: '1',
      resourceVersion: this.stats.resourceVersion ?? '',
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(timeout),
    };
    const started = this.now();
    let events = 0;
    let opened = false;
    let handlerError: unknown;
    this.stats.watches += 1;
    try {
      await this.transport.stream(
        this.options.path,
        query,
        (value) => {
          try {
            this.onWatchEvent(asObject(value));
          } catch (err) {
            handlerError = err;
            throw err;
          }
          events += 1;
        },
        {
          signal,
          deadlineMs: (timeout + 30) * 1000,
          onOpen: () => {
            opened = true;
            this.options.onHealthy();
          },
        },
      );
    } catch (err) {
      // A watch the server accepted and then lost (API server restart, idle proxy, our deadline) is
      // routine: resume from the last version. Failing to open one, a 410 or an ERROR event is not.
      if (!opened || err === handlerError || handlerError !== undefined || signal.aborted) throw err;
    }
    return events > 0 || this.now() - started >= 5_000;
  }

  private onWatchEvent(event: Json): void {
    const object = asObject(event.object);
    const version = asObject(object.metadata).resourceVersion;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        this.apply(object);
        break;
      case 'DELETED': {
        const key = this.options.keyOf(object);
        const name = key === null ? undefined : this.store.remove(key);
        if (name !== undefined) this.options.onChange('deleted', name);
        break;
      }
      case 'BOOKMARK':
        break;
      case 'ERROR': {
        const code = typeof object.code === 'number' ? object.code : 0;
        const message = typeof object.message === 'string' ? object.message : 'watch error';
        throw new FedwatchError(
          code === 410 ? ErrorCode.SOURCE_REJECTED : ErrorCode.SOURCE_UNREACHABLE,
          `watch of ${this.options.resource} failed: ${message}`,
          { status: code, resource: this.options.resource },
        );
      }
      default:
        throw malformedResponse(
          this.transport,
          this.options.resource,
          this.options.path,
          `watch event of type ${JSON.stringify(event.type)}`,
        );
    }
    this.stats.events += 1;
    this.stats.lastEventAt = this.now();
    if (typeof version === 'string' && version !== '') this.stats.resourceVersion = version;
  }

  /** Stores a listed or watched object when it is new or changed; returns its key. */
  private apply(object: Json): string | null {
    const key = this.options.keyOf(object);
    if (key === null) {
      this.options.onUnkeyed(object);
      return null;
    }
    const version = asObject(object.metadata).resourceVersion;
    const known = this.store.version(key);
    if (known !== undefined && known === version) return key;
    const name = this.store.upsert(key, object);
    this.options.onChange(known === undefined ? 'added' : 'modified', name);
    return key;
  }
}

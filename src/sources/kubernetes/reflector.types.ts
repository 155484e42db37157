import type { FedwatchError } from '../../common/errors/index.js';
import type { WatchBackoffPolicy } from './watch-backoff.js';

export type Json = Record<string, unknown>;

/** Where a reflector keeps its objects; keys are what the reflector's `keyOf` gives. */
export interface ReflectorStore {
  /** The resourceVersion of the stored object, or undefined when there is none. */
  version(key: string): string | undefined;
  keys(): Iterable<string>;
  /** A listed or watched object that is new or changed; returns the name changes are reported by. */
  upsert(key: string, object: Json): string;
  /** Returns the name of the object removed, undefined when there was none. */
  remove(key: string): string | undefined;
}

export type ChangeType = 'added' | 'modified' | 'deleted';

export interface ReflectorOptions {
  /** `nodes`, `pods`, `namespaces`: for messages and status. */
  resource: string;
  /** Collection path, e.g. `/api/v1/pods`. */
  path: string;
  pageSize: number;
  /** Minimum `timeoutSeconds` of a watch; each watch asks for a random value in [min, 2·min). */
  watchTimeoutSeconds: number;
  backoff: WatchBackoffPolicy;
  keyOf(object: Json): string | null;
  /** `name` as the store gives it (a pod's `<namespace>/<name>`, not its uid key). */
  onChange(type: ChangeType, name: string): void;
  /** A list or watch failed (the reflector retries by itself). */
  onError(error: FedwatchError): void;
  /** A list completed or a watch was accepted: whatever failed before works again. */
  onHealthy(): void;
  /** An object without a usable key was skipped. */
  onUnkeyed(object: Json): void;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

export interface ReflectorStats {
  lists: number;
  /** Lists after the first: forced by a 410 (compaction) or by a failed list. */
  relists: number;
  watches: number;
  events: number;
  lastEventAt: number | null;
  resourceVersion: string | null;
  synced: boolean;
}

export function asObject(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

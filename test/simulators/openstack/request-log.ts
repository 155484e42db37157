/** Every request the simulator received, for assertions (e.g. how many user look-ups ran). */
import { matches, type PathPattern } from './fault-injector.js';

export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Path without the interface prefix. */
  path: string;
  /** Query string without `?` ('' when none). */
  query: string;
  /** Which catalog interface the URL belonged to. */
  iface: 'public' | 'internal' | 'admin';
  /** Null while the request is in flight (or was never answered). */
  status: number | null;
  durationMs: number | null;
  /** Scope of the token the request carried, when valid. */
  projectId: string | null;
  system: boolean;
}

const target = (e: RequestLogEntry) => (e.query ? `${e.path}?${e.query}` : e.path);

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  private waiters: { pattern: PathPattern; count: number; resolve: () => void }[] = [];
  private seq = 0;

  start(method: string, path: string, query: string, iface: RequestLogEntry['iface']): RequestLogEntry {
    const entry: RequestLogEntry = {
      seq: ++this.seq,
      method,
      path,
      query,
      iface,
      status: null,
      durationMs: null,
      projectId: null,
      system: false,
    };
    this.entries.push(entry);
    return entry;
  }

  finish(entry: RequestLogEntry, status: number, durationMs: number): void {
    entry.status = status;
    entry.durationMs = durationMs;
    if (!this.waiters.length) return;
    const done = this.waiters.filter((w) => this.count(w.pattern, { answered: true }) >= w.count);
    this.waiters = this.waiters.filter((w) => !done.includes(w));
    for (const w of done) w.resolve();
  }

  /** Requests whose path + query matches (all when no pattern). */
  count(
    pattern: PathPattern = '',
    opts: { method?: string; status?: number; answered?: boolean } = {},
  ): number {
    let n = 0;
    for (const e of this.entries) {
      if (opts.method && e.method !== opts.method) continue;
      if (opts.status !== undefined && e.status !== opts.status) continue;
      if (opts.answered && e.status === null) continue;
      if (matches(pattern, target(e))) n++;
    }
    return n;
  }

  /** `"GET /compute/v2.1/servers/detail"` → number of requests. */
  byPath(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.entries) out[`${e.method} ${e.path}`] = (out[`${e.method} ${e.path}`] ?? 0) + 1;
    return out;
  }

  /** Resolves once `count` matching requests have been answered. */
  waitFor(pattern: PathPattern, count = 1): Promise<void> {
    if (this.count(pattern, { answered: true }) >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ pattern, count, resolve }));
  }

  clear(): void {
    this.entries.length = 0;
  }
}

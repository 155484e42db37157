/** Every request the simulator received, for assertions (pages read, filters sent, auth used). */
import { matches, type PathPattern } from '../openstack/fault-injector.js';
import type { AuthScheme } from './auth.js';

export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  /** Query string without `?` ('' when none). */
  query: string;
  /** How the request authenticated (whether or not the token was right). */
  auth: AuthScheme;
  /** Null while the request is in flight (or was never answered). */
  status: number | null;
  durationMs: number | null;
}

const target = (e: RequestLogEntry) => (e.query ? `${e.path}?${e.query}` : e.path);

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  private seq = 0;

  start(method: string, path: string, query: string, auth: AuthScheme): RequestLogEntry {
    const entry: RequestLogEntry = {
      seq: ++this.seq,
      method,
      path,
      query,
      auth,
      status: null,
      durationMs: null,
    };
    this.entries.push(entry);
    return entry;
  }

  finish(entry: RequestLogEntry, status: number, durationMs: number): void {
    entry.status = status;
    entry.durationMs = durationMs;
  }

  /** Requests whose path + query matches (all when no pattern). */
  count(pattern: PathPattern = '', opts: { status?: number } = {}): number {
    return this.matching(pattern).filter((e) => opts.status === undefined || e.status === opts.status).length;
  }

  matching(pattern: PathPattern): RequestLogEntry[] {
    return this.entries.filter((e) => matches(pattern, target(e)));
  }

  clear(): void {
    this.entries.length = 0;
  }
}

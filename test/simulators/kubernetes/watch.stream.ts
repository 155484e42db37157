/**
 * One open watch: newline-delimited JSON events on a chunked response. Initial events (replay or
 * the synthetic ADDED of a watch from "0") are written first, in chunks that wait for `drain`;
 * live events queue behind them, so a watch from a 150,000-pod snapshot neither blocks the server
 * nor reorders events. Bookmarks every `bookmarkMs`, and one just before a timeout closes it.
 */
import type { ServerResponse } from 'node:http';
import type { StoredEvent } from './event.history.js';
import type { ListQuery } from './list.handler.js';
import type { StoredRecord } from './model.js';
import { statusObject } from './http.js';

export interface WatchOptions {
  query: ListQuery;
  kind: string;
  bookmarks: boolean;
  timeoutMs: number;
  bookmarkMs: number;
  /** The current resourceVersion (for bookmarks). */
  currentRv(): number;
  /** JSON of a record with `kind`/`apiVersion` (cached per record by the hub). */
  objectJson(r: StoredRecord): string;
}

export type BreakMode = 'reset' | 'end' | 'expire';

const CHUNK = 64 * 1024;

export class Watcher {
  private readonly queue: string[] = [];
  private pumping = false;
  private ending = false;
  private readonly timers: NodeJS.Timeout[] = [];
  readonly closed: Promise<void>;

  private initial: Iterator<string> | null;

  /** `initial` makes the events written before live ones (it may use this watcher's `translate`). */
  constructor(
    private readonly res: ServerResponse,
    private readonly o: WatchOptions,
    initial: ((w: Watcher) => Iterator<string>) | null,
  ) {
    this.initial = initial ? initial(this) : null;
    this.closed = new Promise((resolve) => res.once('close', resolve));
    void this.closed.then(() => this.timers.forEach(clearTimeout));
    this.timers.push(setTimeout(() => this.end(), o.timeoutMs));
    if (o.bookmarks) this.timers.push(setInterval(() => this.bookmark(), o.bookmarkMs));
    for (const t of this.timers) t.unref();
    void this.pump();
  }

  line(type: string, r: StoredRecord): string {
    return `{"type":"${type}","object":${this.o.objectJson(r)}}\n`;
  }

  matches(r: StoredRecord | null): boolean {
    if (!r) return false;
    const q = this.o.query;
    if (q.namespace !== null && (!('namespace' in r) || r.namespace !== q.namespace)) return false;
    return (q.label?.matches(r) ?? true) && (q.field?.matches(r) ?? true);
  }

  /** The event as this watch sees it: objects entering or leaving the selection are ADDED/DELETED. */
  translate(e: StoredEvent): string | null {
    if (e.resource !== this.o.query.resource) return null;
    const now = this.matches(e.object);
    const before = this.matches(e.prev);
    if (e.type === 'DELETED') return before ? this.line('DELETED', e.object) : null;
    if (now) return this.line(before ? 'MODIFIED' : 'ADDED', e.object);
    return before ? this.line('DELETED', e.object) : null;
  }

  deliver(e: StoredEvent): void {
    if (this.ending || this.res.destroyed) return;
    const l = this.translate(e);
    if (l) this.push(l);
  }

  bookmark(): void {
    if (this.ending || this.initial) return;
    const rv = this.o.currentRv();
    this.push(
      `{"type":"BOOKMARK","object":{"kind":"${this.o.kind}","apiVersion":"v1","metadata":{"resourceVersion":"${rv}"}}}\n`,
    );
  }

  /** Ends the stream cleanly after what is queued (timeout or `breakWatches({mode: 'end'})`). */
  end(): void {
    if (this.ending) return;
    if (this.o.bookmarks) this.bookmark();
    this.ending = true;
    void this.pump();
  }

  /** A watch ERROR with 410, then the end: the client must relist. */
  expire(message: string): void {
    if (this.ending) return;
    this.ending = true;
    this.push(`{"type":"ERROR","object":${JSON.stringify(statusObject(410, message))}}\n`);
  }

  /** Drops the connection without a proper end of the chunked body. */
  reset(): void {
    this.ending = true;
    this.res.destroy();
  }

  private push(line: string): void {
    this.queue.push(line);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.res.destroyed) {
        let chunk = '';
        while (this.initial && chunk.length < CHUNK) {
          const next = this.initial.next();
          if (next.done) this.initial = null;
          else chunk += next.value;
        }
        if (!this.initial && this.queue.length) chunk += this.queue.splice(0).join('');
        if (!chunk) break;
        if (!this.res.write(chunk)) await this.drained();
      }
      if (this.ending && !this.initial && this.queue.length === 0 && !this.res.destroyed) this.res.end();
    } finally {
      this.pumping = false;
    }
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.once('drain', done);
      this.res.once('close', done);
    });
  }
}

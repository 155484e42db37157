/**
 * The bounded window of changes, like etcd's history before compaction: watches replay from it,
 * and paged lists rebuild the state at their resourceVersion from it. Anything before
 * `compactedRv` is gone: a watch or continue token from there gets 410 Expired.
 */
import type { ResourceName, StoredRecord } from './model.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredEvent {
  readonly rv: number;
  readonly type: EventType;
  readonly resource: ResourceName;
  /** The object after the change (for DELETED: its last state, at the deletion's rv). */
  readonly object: StoredRecord;
  /** The object before the change (null for ADDED). */
  readonly prev: StoredRecord | null;
  /** Wall-clock time of the change, for time-based compaction. */
  readonly atMs: number;
}

export class EventHistory {
  private events: StoredEvent[] = [];
  private head = 0;

  /**
   * @param compactedRv resourceVersions below this are gone (at start: the seeded state's rv,
   *   since the history of how it came to be is not kept).
   */
  constructor(
    public compactedRv: number,
    private readonly windowMs: number,
    private readonly limit: number,
  ) {}

  get size(): number {
    return this.events.length - this.head;
  }

  append(e: StoredEvent): void {
    this.events.push(e);
    this.trim(e.atMs);
  }

  /** Drops events older than the window or beyond the limit. */
  trim(nowMs: number): void {
    let drop = this.head;
    const end = this.events.length;
    while (drop < end && (end - drop > this.limit || this.events[drop]!.atMs < nowMs - this.windowMs)) drop++;
    if (drop > this.head) this.dropTo(drop);
  }

  /** Forgets everything up to and including `rv` (faults.compact()). */
  compact(rv: number): void {
    let drop = this.head;
    while (drop < this.events.length && this.events[drop]!.rv <= rv) drop++;
    this.dropTo(drop);
    this.compactedRv = Math.max(this.compactedRv, rv);
  }

  /** Events after `rv`, oldest first; null when some of them were compacted away. */
  since(rv: number): StoredEvent[] | null {
    if (rv < this.compactedRv) return null;
    let lo = this.head;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.events.slice(lo);
  }

  private dropTo(index: number): void {
    if (index <= this.head) return;
    this.compactedRv = Math.max(this.compactedRv, this.events[index - 1]!.rv);
    this.head = index;
    // Shift the array only now and then, so that trimming stays O(1) per event on average.
    if (this.head > 4096 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }
}

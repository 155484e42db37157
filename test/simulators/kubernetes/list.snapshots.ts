/**
 * Paged lists are consistent snapshots: every page of one list shows the objects as they were at
 * the first page's resourceVersion. The record arrays of lists in progress are kept here (a few
 * MB each at 150,000 pods: references, not copies); a list whose snapshot was evicted is rebuilt
 * from the event history, and one older than the history gets 410 Expired.
 */
import type { StoredRecord } from './model.js';

export interface ContinueToken {
  rv: number;
  /** Key to start at (the last key served plus NUL, as kube-apiserver does). */
  start: string;
}

/** kube-apiserver's token format: base64url of `{"v":"meta.k8s.io/v1","rv":…,"start":…}`. */
export function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.start })).toString('base64url');
}

export function decodeContinue(text: string): ContinueToken | null {
  try {
    const t = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string') return null;
    return { rv: t.rv, start: t.start };
  } catch {
    return null;
  }
}

export class SnapshotCache {
  private readonly entries = new Map<string, { rv: number; records: StoredRecord[] }>();

  constructor(private readonly capacity = 16) {}

  get(query: string, rv: number): StoredRecord[] | undefined {
    const key = `${query}@${rv}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map order is the LRU order: move to the end.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.records;
  }

  set(query: string, rv: number, records: StoredRecord[]): void {
    const key = `${query}@${rv}`;
    this.entries.delete(key);
    this.entries.set(key, { rv, records });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Drops snapshots the history no longer covers (their continue tokens expire). */
  prune(compactedRv: number): void {
    for (const [key, e] of this.entries) if (e.rv < compactedRv) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

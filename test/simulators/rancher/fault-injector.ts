/**
 * Faults injected per request. Patterns match the request's path and query, e.g.
 * `/v3/clusters?limit=-1&…`: a string as a substring, a RegExp with `test`.
 */
import { matches, type PathPattern } from '../openstack/fault-injector.js';
import { createRng, type Rng } from '../openstack/prng.js';

export type { PathPattern };

/** How an item is served broken wherever it appears (lists and `/{id}`). */
export type ItemMalformation = 'bad-quantity' | 'no-id' | 'wrong-types';
/** How a whole response body is broken. */
export type BodyMalformation = 'non-json' | 'no-data' | 'html';

export interface FaultHandle {
  /** Requests this fault acted on so far. */
  readonly hits: number;
  remove(): void;
}

export type Decision =
  | { kind: 'error'; status: number; retryAfterSeconds?: number }
  | { kind: 'timeout' }
  | { kind: 'malform'; how: BodyMalformation };

interface Rule {
  pattern: PathPattern;
  decision: Decision;
  remaining: number;
  rate: number | null;
  hits: number;
}

export class FaultInjector {
  private rules: Rule[] = [];
  private latencies: { ms: number; pattern: PathPattern; hits: number }[] = [];
  private readonly items = new Map<string, ItemMalformation>();
  private readonly stalled = new Set<() => void>();
  private readonly rng: Rng;

  constructor(seed: number | string) {
    this.rng = createRng(`${seed}:rancher-faults`);
  }

  /** Extra latency on matching requests (on top of the `latencyMs` option). */
  latency(ms: number, pattern: PathPattern = ''): FaultHandle {
    const entry = { ms, pattern, hits: 0 };
    this.latencies.push(entry);
    return {
      get hits() {
        return entry.hits;
      },
      remove: () => void (this.latencies = this.latencies.filter((l) => l !== entry)),
    };
  }

  /**
   * Answers `status` (default 503) to matching requests: `times` of them (default: all), or each
   * with probability `rate`. 502–504 come as the ingress's HTML page, others as norman errors.
   */
  error(
    pattern: PathPattern,
    opts: { status?: number; times?: number; rate?: number; retryAfterSeconds?: number } = {},
  ): FaultHandle {
    const decision: Decision = { kind: 'error', status: opts.status ?? 503 };
    if (opts.retryAfterSeconds !== undefined) decision.retryAfterSeconds = opts.retryAfterSeconds;
    return this.add(pattern, decision, opts.times, opts.rate);
  }

  /** Matching requests are never answered (the client's timeout fires). */
  timeout(pattern: PathPattern, opts: { times?: number } = {}): FaultHandle {
    return this.add(pattern, { kind: 'timeout' }, opts.times);
  }

  /** Matching responses come broken: truncated JSON, an envelope without `data`, or an HTML page with 200. */
  malformBody(
    pattern: PathPattern,
    how: BodyMalformation = 'non-json',
    opts: { times?: number } = {},
  ): FaultHandle {
    return this.add(pattern, { kind: 'malform', how }, opts.times);
  }

  /**
   * Serves this cluster, node or node pool broken: `bad-quantity` (`requested.cpu: "abc"`), `no-id`
   * (no `id`), `wrong-types` (`nodeCount: "three"`, `conditions: {}`, `state: 7`).
   */
  malformItem(id: string, how: ItemMalformation): FaultHandle {
    this.items.set(id, how);
    return { hits: 0, remove: () => void this.items.delete(id) };
  }

  itemMalformation(id: string): ItemMalformation | undefined {
    return this.items.size ? this.items.get(id) : undefined;
  }

  extraLatency(target: string): number {
    let ms = 0;
    for (const l of this.latencies) {
      if (!matches(l.pattern, target)) continue;
      l.hits++;
      ms += l.ms;
    }
    return ms;
  }

  /** What to do with a request, or null to serve it normally. */
  decide(target: string): Decision | null {
    for (const rule of this.rules) {
      if (!matches(rule.pattern, target)) continue;
      if (rule.rate !== null && !(this.rng.next() < rule.rate)) continue;
      rule.hits++;
      if (--rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
      return rule.decision;
    }
    return null;
  }

  /** A promise that settles only when the simulator closes (for `timeout`). */
  stall(): Promise<void> {
    return new Promise<void>((resolve) => {
      const resume = () => {
        this.stalled.delete(resume);
        resolve();
      };
      this.stalled.add(resume);
    });
  }

  /** Removes every fault (stalled requests stay stalled until `releaseAll`). */
  clear(): void {
    this.rules = [];
    this.latencies = [];
    this.items.clear();
  }

  releaseAll(): void {
    for (const resume of [...this.stalled]) resume();
  }

  private add(pattern: PathPattern, decision: Decision, times?: number, rate?: number): FaultHandle {
    const rule: Rule = { pattern, decision, remaining: times ?? Infinity, rate: rate ?? null, hits: 0 };
    this.rules.push(rule);
    return {
      get hits() {
        return rule.hits;
      },
      remove: () => void (this.rules = this.rules.filter((r) => r !== rule)),
    };
  }
}

/**
 * Faults injected per request. Patterns match the request's path and query (without an
 * `/internal` or `/admin` interface prefix), e.g. `/compute/v2.1/servers/detail?all_tenants=1`:
 * a string matches as a substring, a RegExp with `test`.
 */
import { createRng, type Rng } from './prng.js';

export type PathPattern = string | RegExp;
export type Malformation = 'missing-created' | 'unknown-status' | 'null-flavor' | 'non-json';

export interface FaultHandle {
  /** Requests this fault acted on so far (not counted for `malformServer`: always 0). */
  readonly hits: number;
  remove(): void;
}

export interface HoldHandle extends FaultHandle {
  /** Requests stalled right now. */
  readonly waiting: number;
  /** Resolves once `count` requests (in total) have been stalled. */
  arrived(count?: number): Promise<void>;
  /** Lets every stalled request continue and stops holding new ones. */
  release(): void;
}

export type Decision =
  { kind: 'wait'; until: Promise<void> } | { kind: 'error'; status: number } | { kind: 'unauthorized' };

interface Rule {
  kind: 'error' | 'timeout' | 'hold' | 'unauthorized';
  pattern: PathPattern;
  method?: string;
  status: number;
  /** Matching requests to let through before acting. */
  skip: number;
  remaining: number;
  rate: number | null;
  hits: number;
  waiting: (() => void)[];
  arrivals: { count: number; resolve: () => void }[];
}

export function matches(pattern: PathPattern, target: string): boolean {
  if (typeof pattern === 'string') return target.includes(pattern);
  pattern.lastIndex = 0;
  return pattern.test(target);
}

export class FaultInjector {
  private rules: Rule[] = [];
  private latencies: { ms: number; pattern: PathPattern; hits: number }[] = [];
  private malformed = new Map<string, Malformation>();
  /** Resumers of every stalled request, whichever rule stalled it. */
  private readonly stalled = new Set<() => void>();
  private readonly rng: Rng;
  /** Set by the simulator: expires every issued token. */
  onExpireTokens: () => void = () => {};

  constructor(seed: number | string) {
    this.rng = createRng(`${seed}:faults`);
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

  /** 5xx on matching requests: `times` of them (default: all), or each with probability `rate`. */
  error(
    pattern: PathPattern,
    opts: { status?: number; times?: number; rate?: number; method?: string } = {},
  ): FaultHandle {
    return this.add('error', pattern, {
      status: opts.status ?? 503,
      times: opts.times,
      rate: opts.rate,
      method: opts.method,
    });
  }

  /** Matching requests are never answered (the client's timeout fires); the socket stays open. */
  timeout(pattern: PathPattern, opts: { times?: number; method?: string } = {}): FaultHandle {
    return this.add('timeout', pattern, opts);
  }

  /** 401 on matching requests, as if the token had expired (default once). */
  rejectToken(pattern: PathPattern = '', opts: { times?: number } = {}): FaultHandle {
    return this.add('unauthorized', pattern, { times: opts.times ?? 1 });
  }

  /** Stalls matching requests (after letting `after` of them through) until `release()`. */
  hold(pattern: PathPattern, opts: { after?: number; method?: string } = {}): HoldHandle {
    const rule = this.rule('hold', pattern, { skip: opts.after, method: opts.method });
    const release = () => {
      this.drop(rule);
      for (const resume of rule.waiting.splice(0)) resume();
    };
    return {
      get hits() {
        return rule.hits;
      },
      get waiting() {
        return rule.waiting.length;
      },
      arrived: (count = 1) =>
        rule.hits >= count
          ? Promise.resolve()
          : new Promise((resolve) => rule.arrivals.push({ count, resolve })),
      release,
      remove: release,
    };
  }

  /** Every token issued so far expires now (their next use answers 401; a new token works). */
  expireTokens(): void {
    this.onExpireTokens();
  }

  /** Serve this server broken wherever it appears (lists and `servers/{id}`). */
  malformServer(serverId: string, how: Malformation): FaultHandle {
    this.malformed.set(serverId, how);
    return { hits: 0, remove: () => void this.malformed.delete(serverId) };
  }

  malformation(serverId: string): Malformation | undefined {
    return this.malformed.size ? this.malformed.get(serverId) : undefined;
  }

  /** Removes every fault and lets held requests go. */
  clear(): void {
    this.releaseAll();
    this.rules = [];
    this.latencies = [];
    this.malformed.clear();
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
  decide(method: string, target: string): Decision | null {
    for (const rule of this.rules) {
      if (rule.method && rule.method !== method) continue;
      if (!matches(rule.pattern, target)) continue;
      if (rule.skip > 0) {
        rule.skip--;
        continue;
      }
      if (rule.rate !== null && !(this.rng.next() < rule.rate)) continue;
      rule.hits++;
      if (--rule.remaining <= 0) this.drop(rule);
      if (rule.kind === 'error') return { kind: 'error', status: rule.status };
      if (rule.kind === 'unauthorized') return { kind: 'unauthorized' };
      let resume!: () => void;
      const until = new Promise<void>((resolve) => (resume = resolve));
      rule.waiting.push(resume);
      this.stalled.add(resume);
      void until.then(() => {
        this.stalled.delete(resume);
        rule.waiting = rule.waiting.filter((r) => r !== resume);
      });
      for (const a of rule.arrivals.filter((x) => rule.hits >= x.count)) a.resolve();
      rule.arrivals = rule.arrivals.filter((x) => rule.hits < x.count);
      return {
        kind: 'wait',
        until: rule.kind === 'timeout' ? until.then(() => Promise.reject(new Error('closed'))) : until,
      };
    }
    return null;
  }

  /** On close: held requests continue (into closed sockets); timed-out ones end. */
  releaseAll(): void {
    for (const resume of [...this.stalled]) resume();
  }

  private add(
    kind: Rule['kind'],
    pattern: PathPattern,
    o: { status?: number; times?: number; rate?: number; method?: string },
  ) {
    const rule = this.rule(kind, pattern, {
      status: o.status,
      times: o.times,
      rate: o.rate,
      method: o.method,
    });
    return {
      get hits() {
        return rule.hits;
      },
      remove: () => this.drop(rule),
    };
  }

  private rule(
    kind: Rule['kind'],
    pattern: PathPattern,
    o: { status?: number; times?: number; rate?: number; method?: string; skip?: number },
  ): Rule {
    const rule: Rule = {
      kind,
      pattern,
      method: o.method?.toUpperCase(),
      status: o.status ?? 503,
      skip: o.skip ?? 0,
      remaining: o.times ?? Infinity,
      rate: o.rate ?? null,
      hits: 0,
      waiting: [],
      arrivals: [],
    };
    this.rules.push(rule);
    return rule;
  }

  private drop(rule: Rule): void {
    this.rules = this.rules.filter((r) => r !== rule);
  }
}

/**
 * Helpers for tests that talk to the simulator: raw GETs (status and parsed body), and a watch
 * through @kubernetes/client-node's `Watch` that records its events and how it ended.
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { Json } from './model.js';
import type { KubernetesSimulator } from './simulator.types.js';

export async function get(
  sim: KubernetesSimulator,
  path: string,
  opts: { token?: string | null } = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const token = opts.token === undefined ? sim.token : opts.token;
  const res = await fetch(`${sim.url}${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  let body: Json;
  try {
    body = JSON.parse(text) as Json;
  } catch {
    body = { text };
  }
  return { status: res.status, body, headers: res.headers };
}

export interface RecordedEvent {
  type: string;
  object: Json;
}

export interface RecordedWatch {
  events: RecordedEvent[];
  /** Resolves when the watch ends, with the error it ended with (null: clean end). */
  done: Promise<unknown>;
  /** Resolves once `n` events (of `type`, if given) have arrived. */
  until(n: number, type?: string, timeoutMs?: number): Promise<RecordedEvent[]>;
  abort(): void;
}

export async function recordWatch(
  kc: KubeConfig,
  path: string,
  params: Record<string, string | number | boolean | undefined>,
): Promise<RecordedWatch> {
  const events: RecordedEvent[] = [];
  const waiters: (() => void)[] = [];
  let finish!: (err: unknown) => void;
  const done = new Promise<unknown>((resolve) => (finish = resolve));
  const controller = await new Watch(kc).watch(
    path,
    params,
    (type, object: Json) => {
      events.push({ type, object });
      for (const w of waiters.splice(0)) w();
    },
    (err: unknown) => {
      finish(err ?? null);
      for (const w of waiters.splice(0)) w();
    },
  );
  let ended = false;
  void done.then(() => (ended = true));
  const until = async (n: number, type?: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    const matching = () => events.filter((e) => type === undefined || e.type === type);
    while (matching().length < n) {
      if (ended || Date.now() > deadline) throw new Error(`watch got ${matching().length} of ${n} events`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return matching();
  };
  return { events, done, until, abort: () => controller.abort() };
}

/** Polls `check` until it returns true. */
export async function eventually(
  check: () => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * metrics-server's view: usage per node and per running container, a deterministic function of
 * the seed, the object and the 15-second scrape window (so two reads in one window agree, and
 * the numbers move from window to window). CPU in nanocores (`…n`), memory in KiB (`…Ki`).
 */
import { iso, unit } from './ids.js';
import type { Json, NodeRecord, PodRecord } from './model.js';
import { nodeLabels } from './node.render.js';
import { allocatable } from './placement.js';
import { podLabels } from './pod.render.js';
import type { RenderContext } from './render.context.js';

export const WINDOW_MS = 15_000;

export interface Scrape {
  /** Index of the 15 s window. */
  index: number;
  timestamp: string;
  window: string;
}

export function scrapeAt(nowMs: number): Scrape {
  const index = Math.floor(nowMs / WINDOW_MS);
  // metrics-server's windows are the time between the last two kubelet scrapes: about 15–20 s.
  const window = `${15 + (index % 6)}.${String(index % 997).padStart(3, '0')}s`;
  return { index, timestamp: iso(index * WINDOW_MS), window };
}

/** Usage of a node: 5–65 % of allocatable CPU, 15–70 % of allocatable memory. */
export function nodeUsage(
  ctx: RenderContext,
  n: NodeRecord,
  s: Scrape,
): { cpuNanos: number; memoryKi: number } {
  const a = allocatable(n);
  const u = unit(ctx.nodeSalt, n.serial, s.index);
  const v = unit(ctx.nodeSalt, n.serial, s.index + 0x10000);
  return {
    cpuNanos: Math.round(a.cpu * 1e6 * (0.05 + 0.6 * u)),
    memoryKi: Math.round((a.memory / 1024) * (0.15 + 0.55 * v)),
  };
}

/** Only Ready nodes are scraped. */
export function nodeMetrics(ctx: RenderContext, n: NodeRecord, s: Scrape): Json | null {
  if (n.ready !== 'True') return null;
  const use = nodeUsage(ctx, n, s);
  return {
    metadata: { name: n.name, creationTimestamp: s.timestamp, labels: nodeLabels(n) },
    timestamp: s.timestamp,
    window: s.window,
    usage: { cpu: `${use.cpuNanos}n`, memory: `${use.memoryKi}Ki` },
  };
}

/** Only Running pods have metrics; each container uses around its request (or a little without one). */
export function podMetrics(ctx: RenderContext, p: PodRecord, s: Scrape): Json | null {
  if (p.phase !== 'Running') return null;
  const containers = p.workload.containers.map((c, i) => {
    const u = unit(ctx.podSalt, p.serial, s.index * 8 + i);
    const v = unit(ctx.podSalt + 1, p.serial, s.index * 8 + i);
    const cpuMillis = c.requests.cpu?.value ?? 20;
    const memory = c.requests.memory?.value ?? 48 * 1024 * 1024;
    return {
      name: c.name,
      usage: {
        cpu: `${Math.round(cpuMillis * 1e6 * (0.1 + 1.1 * u))}n`,
        memory: `${Math.round((memory / 1024) * (0.3 + 0.8 * v))}Ki`,
      },
    };
  });
  return {
    metadata: { name: p.name, namespace: p.namespace, creationTimestamp: s.timestamp, labels: podLabels(p) },
    timestamp: s.timestamp,
    window: s.window,
    containers,
  };
}

/**
 * Foundation benchmark: how fast the service starts on the embedded database (fresh and reopened
 * data directory) and how fast it answers health, metrics and REST. Prints figures; asserts
 * nothing. Run with `npm run bench:startup` (set BENCH_RUNS to change the repetitions).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceProcess } from '../test/support/service-process.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TOKEN = 'bench-token-0123456789';

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return `n=${sorted.length} mean=${mean.toFixed(1)}ms p50=${at(0.5).toFixed(1)}ms p95=${at(0.95).toFixed(1)}ms max=${sorted.at(-1)!.toFixed(1)}ms`;
}

async function timeStart(
  dataDir: string,
): Promise<{ healthyMs: number; readyMs: number; stop: () => Promise<void> }> {
  const t0 = performance.now();
  const service = await startServiceProcess({
    dataDir,
    env: { FEDWATCH_API__TOKENS: JSON.stringify([{ name: 'bench', role: 'admin', token: TOKEN }]) },
  });
  const healthyMs = performance.now() - t0;
  while ((await fetch(`${service.baseUrl}/readyz`)).status !== 200)
    await new Promise((r) => setTimeout(r, 20));
  const readyMs = performance.now() - t0;
  return { healthyMs, readyMs, stop: async () => void (await service.stop()) };
}

async function latency(
  url: string,
  count: number,
  concurrency: number,
  headers: Record<string, string> = {},
) {
  const samples: number[] = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const s = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
        samples.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return `${stats(samples)} throughput=${(count / seconds).toFixed(0)} req/s (concurrency ${concurrency})`;
}

async function main() {
  console.log(
    `fedwatch startup benchmark: node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const cold: number[] = [];
  const coldReady: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'fedwatch-bench-'));
    try {
      const first = await timeStart(dir);
      cold.push(first.healthyMs);
      coldReady.push(first.readyMs);
      await first.stop();
      const again = await timeStart(dir);
      warm.push(again.healthyMs);
      await again.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`start, fresh data dir, to /healthz 200:    ${stats(cold)}`);
  console.log(`start, fresh data dir, to /readyz 200:     ${stats(coldReady)}`);
  console.log(`start, existing data dir, to /healthz 200: ${stats(warm)}`);

  const dir = mkdtempSync(join(tmpdir(), 'fedwatch-bench-'));
  const service = await startServiceProcess({
    dataDir: dir,
    env: { FEDWATCH_API__TOKENS: JSON.stringify([{ name: 'bench', role: 'admin', token: TOKEN }]) },
  });
  try {
    const auth = { authorization: `Bearer ${TOKEN}` };
    console.log(`GET /healthz:        ${await latency(`${service.baseUrl}/healthz`, 2000, 10)}`);
    console.log(`GET /readyz:         ${await latency(`${service.baseUrl}/readyz`, 2000, 10)}`);
    console.log(`GET /metrics:        ${await latency(`${service.baseUrl}/metrics`, 500, 4)}`);
    console.log(`GET /api/v1/jobs:    ${await latency(`${service.baseUrl}/api/v1/jobs`, 2000, 10, auth)}`);
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    const rss = /^process_resident_memory_bytes (\S+)/m.exec(metrics)?.[1];
    if (rss) console.log(`resident memory after the runs: ${(Number(rss) / 1024 / 1024).toFixed(0)} MiB`);
  } finally {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

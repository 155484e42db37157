/** Command-line options of the standalone simulator (main.ts). */
import { parseArgs } from 'node:util';
import type { StartOptions } from './simulator.types.js';
import { numberFlag, parseFail, seedFlag, type FailSpec } from '../cli-common.js';

export { parseFail, type FailSpec };

export const USAGE = `usage: kubernetes-simulator [options]
  --port N                 listen port (default: any free port)
  --host H                 listen address (default 127.0.0.1)
  --seed S                 seed (number or text; default 1)
  --nodes N                nodes (default 10)
  --pods P                 pods (default 200)
  --churn R                pod churn, events per second (default 0)
  --now ISO                the cluster's current time at start (default: now)
  --token T                bearer token to accept (default: derived from the seed)
  --latency-ms L           latency added to every request
  --tls                    HTTPS with a throwaway CA (in the written kubeconfig)
  --no-metrics             do not serve metrics.k8s.io
  --no-gzip                never gzip responses
  --canonical-quantities   serve quantities canonically (500m, 1536Mi) instead of as written
  --history-seconds S      compaction window (default 300)
  --bookmark-seconds S     BOOKMARK interval on watches (default 60)
  --watch-gone MODE        a watch from a compacted resourceVersion: event (default) or status (HTTP 410)
  --write-config FILE      write (or merge into) a fedwatch config, with <name>-kubeconfig.yaml beside it
  --name NAME              config entry and kubeconfig context name (default simulated)
  --fail PATTERN:STATUS:N  answer STATUS to requests whose path+query contains PATTERN, N times,
                           or a share of them with N as a percentage (e.g. /api/v1/pods:503:10%);
                           repeatable
Prints "listening <url>" once it accepts requests (and the config file is written).`;

export interface CliOptions {
  start: StartOptions;
  writeConfig: string | null;
  name: string | undefined;
  fail: FailSpec[];
  help: boolean;
}

export function parseCli(argv: string[]): CliOptions {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      nodes: { type: 'string' },
      pods: { type: 'string' },
      churn: { type: 'string' },
      now: { type: 'string' },
      token: { type: 'string' },
      'latency-ms': { type: 'string' },
      tls: { type: 'boolean' },
      'no-metrics': { type: 'boolean' },
      'no-gzip': { type: 'boolean' },
      'canonical-quantities': { type: 'boolean' },
      'history-seconds': { type: 'string' },
      'bookmark-seconds': { type: 'string' },
      'watch-gone': { type: 'string' },
      'write-config': { type: 'string' },
      name: { type: 'string' },
      fail: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const now = v.now === undefined ? undefined : new Date(v.now);
  if (now && Number.isNaN(now.getTime())) throw new Error(`--now: not an ISO 8601 time: ${v.now}`);
  const gone = v['watch-gone'];
  if (gone !== undefined && gone !== 'event' && gone !== 'status')
    throw new Error(`--watch-gone: expected event or status, got ${gone}`);
  const seed = seedFlag(v.seed);
  return {
    start: {
      port: numberFlag('port', v.port),
      host: v.host,
      seed,
      nodes: numberFlag('nodes', v.nodes),
      pods: numberFlag('pods', v.pods),
      churn: numberFlag('churn', v.churn),
      now,
      token: v.token,
      latencyMs: numberFlag('latency-ms', v['latency-ms']),
      tls: v.tls,
      metrics: v['no-metrics'] ? false : undefined,
      gzip: v['no-gzip'] ? false : undefined,
      canonicalQuantities: v['canonical-quantities'],
      historySeconds: numberFlag('history-seconds', v['history-seconds']),
      bookmarkSeconds: numberFlag('bookmark-seconds', v['bookmark-seconds']),
      watchGone: gone,
    },
    writeConfig: v['write-config'] ?? null,
    name: v.name,
    fail: (v.fail ?? []).map(parseFail),
    help: v.help ?? false,
  };
}

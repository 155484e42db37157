/** Command-line options of the standalone simulator (main.ts). */
import { parseArgs } from 'node:util';
import type { StartOptions } from './index.js';
import { numberFlag, parseFail, seedFlag, type FailSpec } from '../cli-common.js';

export { parseFail, type FailSpec };

export const USAGE = `usage: rancher-simulator [options]
  --port N                 listen port (default: any free port)
  --host H                 listen address (default 127.0.0.1)
  --seed S                 seed (number or text; default 1)
  --clusters C             clusters, local and the CLI-hidden ones included (default 10)
  --nodes N                nodes per cluster (default 3)
  --token T                API key to accept, token-xxxxx:secret (default: derived from the seed)
  --latency-ms L           latency added to every request
  --tls                    HTTPS with a throwaway CA (its file is in the config's caBundle)
  --no-node-pools          behave like Rancher 2.15: /v3/nodepools answers 404
  --write-config FILE      write (or merge into) a fedwatch config pointing here
  --name NAME              config: rancher.servers[].name (default simulated-rancher)
  --fail PATTERN:STATUS:N  answer STATUS to requests whose path+query contains PATTERN, N times,
                           or a share of them with N as a percentage (e.g. /v3/nodes:503:10%);
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
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      clusters: { type: 'string' },
      nodes: { type: 'string' },
      token: { type: 'string' },
      'latency-ms': { type: 'string' },
      tls: { type: 'boolean' },
      'no-node-pools': { type: 'boolean' },
      'write-config': { type: 'string' },
      name: { type: 'string' },
      fail: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const seed = seedFlag(values.seed);
  return {
    start: {
      port: numberFlag('port', values.port),
      host: values.host,
      seed,
      clusters: numberFlag('clusters', values.clusters),
      nodes: numberFlag('nodes', values.nodes),
      token: values.token,
      latencyMs: numberFlag('latency-ms', values['latency-ms']),
      tls: values.tls,
      nodePools: values['no-node-pools'] ? false : undefined,
    },
    writeConfig: values['write-config'] ?? null,
    name: values.name,
    fail: (values.fail ?? []).map(parseFail),
    help: values.help ?? false,
  };
}

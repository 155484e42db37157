#!/usr/bin/env node
/**
 * Standalone Rancher simulator, in the foreground until SIGTERM/SIGINT:
 *   node dist-bench/test/simulators/rancher/main.js --port 8443 --seed 1 --clusters 10 --nodes 3
 * Prints `listening <url>` on stdout once the config file (if asked) is written and requests are
 * accepted; details go to stderr (never the token).
 */
import { resolve } from 'node:path';
import { parseCli, USAGE, type CliOptions } from './cli-args.js';
import { startRancherSimulator } from './index.js';

async function main(): Promise<void> {
  let cli: CliOptions;
  try {
    cli = parseCli(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sim = await startRancherSimulator(cli.start);
  for (const f of cli.fail) sim.faults.error(f.pattern, { status: f.status, times: f.times, rate: f.rate });
  const config = cli.writeConfig ? resolve(cli.writeConfig) : null;
  if (config) await sim.writeConfig(config, { name: cli.name });
  const summary = {
    url: sim.url,
    caFile: sim.caFile,
    config,
    clusters: sim.data.clusters.length,
    nodes: sim.data.nodes.length,
    nodePools: sim.data.nodePools.length,
    accessKey: sim.token.split(':')[0],
  };
  process.stderr.write(`${JSON.stringify(summary)}\n`);
  process.stdout.write(`listening ${sim.url}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`rancher simulator failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

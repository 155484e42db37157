#!/usr/bin/env node
/**
 * Standalone Rancher simulator, in the foreground until SIGTERM/SIGINT:
 *   node dist-bench/test/simulators/rancher/main.js --port 8443 --seed 1 --clusters 10 --nodes 3
 * Prints `listening <url>` on stdout once the config file (if asked) is written and requests are
 * accepted; details go to stderr (never the token).
 */
import { resolve } from 'node:path';
import { runStandalone } from '../standalone.js';
import { parseCli, USAGE } from './cli-args.js';
import { startRancherSimulator } from './index.js';

runStandalone({
  name: 'rancher',
  usage: USAGE,
  parse: parseCli,
  start: (cli) => startRancherSimulator(cli.start),
  async prepare(sim, cli) {
    for (const f of cli.fail) sim.faults.error(f.pattern, { status: f.status, times: f.times, rate: f.rate });
    const config = cli.writeConfig ? resolve(cli.writeConfig) : null;
    if (config) await sim.writeConfig(config, { name: cli.name });
    return {
      url: sim.url,
      caFile: sim.caFile,
      config,
      clusters: sim.data.clusters.length,
      nodes: sim.data.nodes.length,
      nodePools: sim.data.nodePools.length,
      accessKey: sim.token.split(':')[0],
    };
  },
});

#!/usr/bin/env node
/**
 * Standalone OpenStack simulator, in the foreground until SIGTERM/SIGINT:
 *   node dist-bench/test/simulators/openstack/main.js --port 5000 --seed 1 --projects 50 --servers 10000
 * Prints `listening <url>` on stdout once the config file (if asked) is written and requests are
 * accepted; details go to stderr.
 */
import { resolve } from 'node:path';
import { runStandalone } from '../standalone.js';
import { parseCli, USAGE } from './cli-args.js';
import { startOpenStackSimulator } from './index.js';

runStandalone({
  name: 'openstack',
  usage: USAGE,
  parse: parseCli,
  start: (cli) => startOpenStackSimulator(cli.start),
  async prepare(sim, cli) {
    for (const f of cli.fail) sim.faults.error(f.pattern, { status: f.status, times: f.times, rate: f.rate });
    const config = cli.writeConfig ? resolve(cli.writeConfig) : null;
    if (config) await sim.writeConfig(config, { perVo: cli.perVo, siteName: cli.siteName });
    const d = sim.data;
    return {
      authUrl: sim.authUrl,
      caFile: sim.caFile,
      gocdbUrl: sim.gocdbUrl,
      gocdbPrimaryKey: sim.gocdb?.primaryKey ?? null,
      config,
      now: d.now.toISOString(),
      projects: d.projects.length,
      servers: d.servers.length,
      volumes: d.volumes.length,
      floatingIps: d.floatingIps.length,
      seedMs: Math.round(sim.seedMs),
    };
  },
});

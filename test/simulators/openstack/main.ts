#!/usr/bin/env node
/**
 * Standalone OpenStack simulator, in the foreground until SIGTERM/SIGINT:
 *   node dist-bench/test/simulators/openstack/main.js --port 5000 --seed 1 --projects 50 --servers 10000
 * Prints `listening <url>` on stdout once the config file (if asked) is written and requests are
 * accepted; details go to stderr.
 */
import { resolve } from 'node:path';
import { parseCli, USAGE, type CliOptions } from './cli-args.js';
import { startOpenStackSimulator } from './index.js';

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
  const sim = await startOpenStackSimulator(cli.start);
  for (const f of cli.fail) sim.faults.error(f.pattern, { status: f.status, times: f.times, rate: f.rate });
  if (cli.writeConfig) {
    await sim.writeConfig(resolve(cli.writeConfig), { perVo: cli.perVo, siteName: cli.siteName });
  }
  const d = sim.data;
  const summary = {
    authUrl: sim.authUrl,
    caFile: sim.caFile,
    gocdbUrl: sim.gocdbUrl,
    gocdbPrimaryKey: sim.gocdb?.primaryKey ?? null,
    config: cli.writeConfig ? resolve(cli.writeConfig) : null,
    now: d.now.toISOString(),
    projects: d.projects.length,
    servers: d.servers.length,
    volumes: d.volumes.length,
    floatingIps: d.floatingIps.length,
    seedMs: Math.round(sim.seedMs),
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
  process.stderr.write(`openstack simulator failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

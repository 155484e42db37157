#!/usr/bin/env node
/**
 * Standalone Kubernetes API simulator, in the foreground until SIGTERM/SIGINT:
 *   node dist-bench/test/simulators/kubernetes/main.js --port 6443 --seed 1 --nodes 5000 --pods 150000 --churn 100
 * Prints `listening <url>` on stdout once the config file (if asked) is written and requests are
 * accepted; a JSON summary goes to stderr.
 */
import { resolve } from 'node:path';
import { parseCli, USAGE, type CliOptions } from './cli-args.js';
import { startKubernetesSimulator } from './index.js';

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
  const sim = await startKubernetesSimulator(cli.start);
  for (const f of cli.fail) sim.faults.error(f.pattern, { status: f.status, times: f.times, rate: f.rate });
  const written = cli.writeConfig
    ? await sim.writeConfig(resolve(cli.writeConfig), { name: cli.name })
    : null;
  const summary = {
    url: sim.url,
    kubeconfig: written?.kubeconfig ?? sim.kubeconfigFile,
    config: written?.file ?? null,
    caFile: sim.caFile,
    nodes: sim.data.nodeCount,
    pods: sim.data.podCount,
    namespaces: sim.data.namespaceNames().length,
    resourceVersion: sim.resourceVersion(),
    churnPerSecond: sim.churn.rate,
    seedMs: Math.round(sim.seedMs),
    rssBytes: process.memoryUsage().rss,
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
  process.stderr.write(`kubernetes simulator failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

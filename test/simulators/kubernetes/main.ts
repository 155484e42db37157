#!/usr/bin/env node
/**
 * Standalone Kubernetes API simulator, in the foreground until SIGTERM/SIGINT:
 *   node dist-bench/test/simulators/kubernetes/main.js --port 6443 --seed 1 --nodes 5000 --pods 150000 --churn 100
 * Prints `listening <url>` on stdout once the config file (if asked) is written and requests are
 * accepted; a JSON summary goes to stderr.
 */
import { resolve } from 'node:path';
import { runStandalone } from '../standalone.js';
import { parseCli, USAGE } from './cli-args.js';
import { startKubernetesSimulator } from './index.js';

runStandalone({
  name: 'kubernetes',
  usage: USAGE,
  parse: parseCli,
  start: (cli) => startKubernetesSimulator(cli.start),
  async prepare(sim, cli) {
    for (const f of cli.fail) sim.faults.error(f.pattern, { status: f.status, times: f.times, rate: f.rate });
    const written = cli.writeConfig
      ? await sim.writeConfig(resolve(cli.writeConfig), { name: cli.name })
      : null;
    return {
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
  },
});

#!/usr/bin/env node
/**
 * `npm run demo`: the simulated site (in this process) and fedwatch (a child process running
 * `bin/fedwatch.js serve`) configured against it, until Ctrl-C or SIGTERM. Then fedwatch is
 * stopped first and waited for, the simulators after it, and the demo exits 0. If fedwatch ends
 * on its own, or a simulator fails, everything else is stopped and the exit code is 1.
 *
 * Environment: FEDWATCH_HTTP_PORT (8080), FEDWATCH_GRPC_PORT (9090), FEDWATCH_DATA_DIR
 * (./demo-data), AMQP_URL (unset: directory queue only). Demo messages go to stderr prefixed
 * `demo:`; the "where to look" block goes to stdout.
 */
import { banner } from './banner.js';
import { writeDemoConfig } from './config.js';
import { describeExit, FedwatchProcess, type Exit } from './fedwatch-process.js';
import { takenPorts } from './preflight.js';
import { readSettings, type DemoSettings } from './settings.js';
import { startSite, type SimulatedSite } from './site.js';

/** fedwatch gets this long (its shutdownGraceSeconds plus closing) before it is killed. */
const KILL_AFTER_MS = 25_000;

const say = (text: string) => void process.stderr.write(`demo: ${text}\n`);

interface Running {
  site: SimulatedSite | null;
  fedwatch: FedwatchProcess | null;
  /** Set once the demo is stopping, whatever the reason. */
  stopping: boolean;
}

const running: Running = { site: null, fedwatch: null, stopping: false };

/** Stops fedwatch, then the simulators, then exits: 0 after a requested stop that went cleanly. */
async function shutDown(reason: { signal: NodeJS.Signals } | { failure: string }): Promise<never> {
  if (running.stopping) return new Promise<never>(() => undefined);
  running.stopping = true;
  const signal = 'signal' in reason ? reason.signal : null;
  if (signal) say(`${signal}: stopping fedwatch, then the simulators…`);
  else say(`${(reason as { failure: string }).failure}; stopping everything…`);
  let exit: Exit | null = null;
  if (running.fedwatch) {
    exit = await running.fedwatch.stop(signal !== null, KILL_AFTER_MS);
    say(`fedwatch stopped (${describeExit(exit)})`);
  }
  await running.site?.close();
  say('simulators stopped');
  if (!signal) process.exit(1);
  if (!exit || exit.code === 0) process.exit(0);
  // Stopped before fedwatch was serving (it then dies of the signal itself): the usual 128 + n.
  process.exit(exit.signal === signal ? (signal === 'SIGINT' ? 130 : 143) : 1);
}

function onSignal(signal: NodeJS.Signals): void {
  // A terminal's Ctrl-C may arrive twice (directly and forwarded by npm): one stop is enough.
  void shutDown({ signal });
}

async function start(settings: DemoSettings): Promise<void> {
  const taken = await takenPorts({
    FEDWATCH_HTTP_PORT: settings.httpPort,
    FEDWATCH_GRPC_PORT: settings.grpcPort,
  });
  if (taken.length > 0) {
    for (const line of taken) say(line);
    process.exit(1);
  }
  say('starting the simulated OpenStack, Rancher and Kubernetes APIs…');
  running.site = await startSite();
  await writeDemoConfig(settings, running.site);
  if (running.stopping) return;
  say(`starting fedwatch (config ${settings.configFile})…`);
  const fedwatch = FedwatchProcess.start(settings.childEnv, settings.httpPort);
  running.fedwatch = fedwatch;
  void fedwatch.exited.then((exit) => {
    if (!running.stopping) void shutDown({ failure: `fedwatch exited unexpectedly (${describeExit(exit)})` });
  });
  await fedwatch.waitHealthy();
  if (running.stopping) return;
  process.stdout.write(banner(settings, running.site.summary()));
}

async function main(): Promise<void> {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('uncaughtException', (err) => void shutDown({ failure: `demo failed: ${err.stack ?? err}` }));
  process.stdout.on('error', () => undefined); // a closed pipe must not take the demo down
  let settings: DemoSettings;
  try {
    settings = readSettings();
  } catch (err) {
    say((err as Error).message);
    process.exit(2);
  }
  try {
    await start(settings);
  } catch (err) {
    if (running.stopping) return;
    await shutDown({ failure: (err as Error).message });
  }
}

await main();

/**
 * The standalone form every simulator shares (`main.ts`): parse the command line (exit 2 with the
 * usage on a bad one), start, apply faults and write the config file, print a JSON summary on
 * stderr and then `listening <url>` on stdout (the line scripts wait for), and serve in the
 * foreground until SIGTERM or SIGINT.
 */
export interface StandaloneSimulator<Cli, Sim extends { url: string; close(): Promise<void> }> {
  /** For the failure message, e.g. `rancher`. */
  name: string;
  usage: string;
  parse(argv: string[]): Cli & { help?: boolean };
  start(cli: Cli): Promise<Sim>;
  /** After the start and before `listening`: faults, the config file; returns the summary. */
  prepare(sim: Sim, cli: Cli): Promise<Record<string, unknown>>;
}

export function runStandalone<Cli, Sim extends { url: string; close(): Promise<void> }>(
  spec: StandaloneSimulator<Cli, Sim>,
): void {
  main(spec).catch((err: unknown) => {
    process.stderr.write(`${spec.name} simulator failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}

async function main<Cli, Sim extends { url: string; close(): Promise<void> }>(
  spec: StandaloneSimulator<Cli, Sim>,
): Promise<void> {
  let cli: Cli & { help?: boolean };
  try {
    cli = spec.parse(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${spec.usage}\n`);
    process.exit(2);
  }
  if (cli.help) {
    process.stdout.write(`${spec.usage}\n`);
    return;
  }
  const sim = await spec.start(cli);
  const summary = await spec.prepare(sim, cli);
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

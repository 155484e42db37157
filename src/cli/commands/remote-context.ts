import type { Command } from 'commander';
import { readEnvironment } from '../../config/environment.js';
import { FedwatchError } from '../../common/errors/index.js';
import { ApiClient } from '../client/api-client.js';
import { CliSettings } from '../client/cli-settings.js';
import { resolveClientOptions } from '../client/cli-settings.js';
import { isOutputFormat, type OutputFormat } from '../output/render.js';

export interface GlobalOptions {
  server?: string;
  token?: string;
  output: string;
  quiet?: boolean;
}

export interface RemoteContext {
  client: ApiClient;
  output: OutputFormat;
  quiet: boolean;
}

export function cliSettings(): CliSettings {
  return new CliSettings({ dir: readEnvironment().FEDWATCH_CLI_DIR });
}

/** The REST client and output options every command that talks to the service needs. */
export async function remoteContext(command: Command): Promise<RemoteContext> {
  const opts = command.optsWithGlobals<GlobalOptions>();
  if (!isOutputFormat(opts.output)) {
    throw new FedwatchError('INVALID_ARGUMENT', `--output must be table, json or yaml, not "${opts.output}"`);
  }
  const env = readEnvironment();
  const settings = await cliSettings().load();
  const resolved = resolveClientOptions({ flags: opts, env, settings });
  return {
    client: new ApiClient({ baseUrl: resolved.baseUrl, token: resolved.token }),
    output: opts.output,
    quiet: opts.quiet === true,
  };
}

/** Wraps a remote command's action: errors become one clear line on stderr and exit code 1. */
export function remote<A extends unknown[]>(
  action: (ctx: RemoteContext, ...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const command = args.at(-1) as Command;
    try {
      await action(await remoteContext(command), ...args);
    } catch (err) {
      const fw = FedwatchError.from(err);
      process.stderr.write(`fedwatch: ${fw.message} [${fw.code}]\n`);
      process.exitCode = 1;
    }
  };
}

import type { Command } from 'commander';
import { FedwatchError } from '../../common/errors/index.js';
import { ApiClient } from '../client/api-client.js';
import { cliSettings } from './remote-context.js';

/**
 * Like `rancher login`: checks the server and token, then saves them to the CLI's settings file
 * (`$FEDWATCH_CLI_DIR/settings.json`, mode 0600) so later commands need no flags.
 */
export function registerLogin(program: Command): void {
  program
    .command('login <server>')
    .description('save a service URL (and token) for later commands, after checking they work')
    .option('--token <token>', 'API token (read or admin)')
    .action(async (server: string, opts: { token?: string }) => {
      try {
        const client = new ApiClient({ baseUrl: server, token: opts.token });
        await client.get('/api/v1/system');
        const settings = cliSettings();
        await settings.save({ server, ...(opts.token ? { token: opts.token } : {}) });
        process.stdout.write(`saved ${server} to ${settings.file}\n`);
      } catch (err) {
        const fw = FedwatchError.from(err);
        process.stderr.write(`fedwatch: ${fw.message} [${fw.code}]\n`);
        process.exitCode = 1;
      }
    });
}

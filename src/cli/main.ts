import { Command, Option } from 'commander';
import { packageVersion } from '../common/package-info.js';
import { registerAccounting } from './commands/accounting.command.js';
import { registerCluster, registerNodes } from './commands/cluster.command.js';
import { registerConfig } from './commands/config.command.js';
import { registerDb } from './commands/db.command.js';
import { registerDiscovery } from './commands/discovery.command.js';
import { registerJobs } from './commands/jobs.command.js';
import { registerLogin } from './commands/login.command.js';
import { registerOutbox } from './commands/outbox.command.js';
import { registerServe } from './commands/serve.command.js';
import { registerStatus } from './commands/status.command.js';

/**
 * `fedwatch` is a client of the service's REST API, as the `rancher` CLI is of a Rancher server.
 * Only `serve`, `config check`, `db …` and dry runs work locally.
 */
export function buildProgram(): Command {
  const program = new Command('fedwatch')
    .version(packageVersion)
    .description('accounting, discovery, publishing and cluster health for a federated research-cloud site')
    .option(
      '-s, --server <url>',
      'fedwatch service URL (env FEDWATCH_URL; default http://127.0.0.1:$FEDWATCH_HTTP_PORT)',
    )
    .option('--token <token>', 'API token (env FEDWATCH_TOKEN)')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['table', 'json', 'yaml'])
        .default('table'),
    )
    .option('-q, --quiet', 'print ids only')
    .showHelpAfterError();
  registerServe(program);
  registerConfig(program);
  registerDb(program);
  registerLogin(program);
  registerStatus(program);
  registerJobs(program);
  registerOutbox(program);
  registerAccounting(program);
  registerDiscovery(program);
  registerCluster(program);
  registerNodes(program);
  return program;
}

await buildProgram().parseAsync(process.argv);

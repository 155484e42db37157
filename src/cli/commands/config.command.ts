import type { Command } from 'commander';
import { ConfigInvalidError } from '../../config/config.errors.js';
import { loadConfig } from '../../config/config.loader.js';
import { readEnvironment } from '../../config/environment.js';
import { EXIT_CONFIG } from './local-context.js';

export function registerConfig(program: Command): void {
  const config = program
    .command('config')
    .description('work with configuration files (local, no service needed)');
  config
    .command('check [file]')
    .description('validate a configuration file with the environment overrides; print every problem')
    .action((file: string | undefined) => {
      try {
        const loaded = loadConfig({ env: readEnvironment(), file: file ?? null, cwd: process.cwd() });
        for (const warning of loaded.warnings) process.stderr.write(`warning: ${warning}\n`);
        process.stdout.write(
          `${loaded.file ?? '(no file: defaults and environment)'}: configuration is valid\n`,
        );
      } catch (err) {
        if (!(err instanceof ConfigInvalidError)) throw err;
        process.stderr.write(err.format() + '\n');
        process.exit(EXIT_CONFIG);
      }
    });
}

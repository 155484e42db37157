import type { Command } from 'commander';
import { startService } from '../../app/start-service.js';
import { failLocal, loadLocalContext } from './local-context.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the fedwatch service (REST, gRPC, /metrics, scheduled jobs)')
    .option('-c, --config <file>', 'configuration file (default: $FEDWATCH_CONFIG or ./fedwatch.yaml)')
    .action(async (opts: { config?: string }) => {
      const { loaded, logger } = loadLocalContext(opts.config);
      const service = await startService(loaded, logger).catch((err) => failLocal(logger, err));
      const graceMs = loaded.config.shutdownGraceSeconds * 1000;
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) {
          logger.warn({ signal }, 'second signal: exiting without waiting');
          process.exit(1);
        }
        stopping = true;
        logger.info({ signal, graceSeconds: loaded.config.shutdownGraceSeconds }, 'stopping');
        // Beyond the grace period (plus time to close connections) something hangs: exit anyway.
        const watchdog = setTimeout(() => {
          logger.error('shutdown did not finish in time; exiting');
          process.exit(1);
        }, graceMs + 10_000);
        watchdog.unref();
        service.stop().then(
          () => {
            logger.info('stopped');
            process.exit(0);
          },
          (err) => failLocal(logger, err),
        );
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
}

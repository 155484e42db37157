import type { Logger } from 'pino';
import { ConfigInvalidError } from '../../config/config.errors.js';
import { loadConfig } from '../../config/config.loader.js';
import type { LoadedConfig } from '../../config/config.types.js';
import { readEnvironment } from '../../config/environment.js';
import { createRootLogger } from '../../observability/logger.js';
import { SecretScrubber } from '../../observability/secret-scrubber.js';
import { FedwatchError } from '../../common/errors/index.js';

/** Exit codes: 1 for runtime failures, 2 for a configuration that does not validate. */
export const EXIT_FAILURE = 1;
export const EXIT_CONFIG = 2;

export interface LocalContext {
  loaded: LoadedConfig;
  logger: Logger;
}

/**
 * Loads and validates the configuration for commands that run locally (serve, db, config check),
 * printing every problem at once and exiting non-zero when it does not validate.
 */
export function loadLocalContext(file?: string): LocalContext {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig({ env: readEnvironment(), file: file ?? null, cwd: process.cwd() });
  } catch (err) {
    if (err instanceof ConfigInvalidError) {
      process.stderr.write(err.format() + '\n');
      process.exit(EXIT_CONFIG);
    }
    throw err;
  }
  const scrubber = new SecretScrubber(loaded.secrets);
  return { loaded, logger: createRootLogger({ logging: loaded.config.logging, scrubber }) };
}

/** Reports a failure of a local command in one clear line (and the log), then exits. */
export function failLocal(logger: Logger | null, err: unknown): never {
  const fw = FedwatchError.from(err);
  logger?.error({ code: fw.code, details: fw.details }, fw.message);
  process.stderr.write(`fedwatch: ${fw.message} [${fw.code}]\n`);
  process.exit(EXIT_FAILURE);
}

export type * from './config.types.js';
export { loadConfig, DEFAULT_CONFIG_FILE, type LoadConfigOptions } from './config.loader.js';
export { ConfigInvalidError, formatProblems } from './config.errors.js';
export { ENV_ALIASES, RESERVED_ENV, envVarToPath, pathToEnvVar } from './config.env.js';
export { createConfigSchema, parseDuration, cronProblem } from './config.schema.js';
export { maskUrl, maskValue } from './config.mask.js';
export { isLoopback } from './config.rules.js';

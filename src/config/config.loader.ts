import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { applyEnvOverrides, readEnvOverrides } from './config.env.js';
import { ConfigInvalidError } from './config.errors.js';
import { describeReadError, secretFileReader } from './config.files.js';
import { issuesToProblems } from './config.issues.js';
import { collectSecrets, scrub } from './config.mask.js';
import { SourceMap } from './config.paths.js';
import { configWarnings } from './config.rules.js';
import { createConfigSchema } from './config.schema.js';
import type { AppConfig, ConfigProblem, LoadedConfig } from './config.types.js';
import { parseConfigYaml } from './config.yaml.js';

export interface LoadConfigOptions {
  env: Record<string, string | undefined>;
  /** Explicit config file (e.g. `--config`); null or undefined → FEDWATCH_CONFIG → ./fedwatch.yaml. */
  file?: string | null;
  cwd: string;
}

export const DEFAULT_CONFIG_FILE = 'fedwatch.yaml';

interface LocatedFile {
  abs: string;
  /** How the file is named in problem sources. */
  display: string;
  /** Set when the file was named explicitly, so its absence is an error. */
  origin?: string;
}

function locateFile(opts: LoadConfigOptions): LocatedFile | null {
  const named = opts.file || opts.env.FEDWATCH_CONFIG;
  const abs = resolve(opts.cwd, named || DEFAULT_CONFIG_FILE);
  if (!named && !existsSync(abs)) return null;
  const rel = relative(opts.cwd, abs);
  const display = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  if (!named) return { abs, display };
  return { abs, display, origin: opts.file ? 'the command line' : 'env FEDWATCH_CONFIG' };
}

function readFile(
  file: LocatedFile,
  sources: SourceMap,
): { data: Record<string, unknown> | null; problems: ConfigProblem[] } {
  let text: string;
  try {
    text = readFileSync(file.abs, 'utf8');
  } catch (err) {
    const problem: ConfigProblem = {
      path: '',
      message: `cannot read config file ${file.abs}: ${describeReadError(err)}`,
    };
    if (file.origin?.startsWith('env ')) problem.source = file.origin;
    return { data: null, problems: [problem] };
  }
  return parseConfigYaml(text, file.display, sources);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Loads the configuration: file (optional), then environment overrides, then validation. Every
 * problem from all stages is collected and thrown at once as a ConfigInvalidError.
 *
 * Relative `*File` paths (tokenFile, secretFile, passwordFile) resolve against the config file's
 * directory, so a config and its secrets can be moved together; without a file, against `cwd`.
 * `*_FILE` environment variables resolve against `cwd`.
 */
export function loadConfig(opts: LoadConfigOptions): LoadedConfig {
  const sources = new SourceMap();
  const problems: ConfigProblem[] = [];
  const file = locateFile(opts);
  let raw: Record<string, unknown> = {};
  // A file that could not be read or parsed would make every schema finding misleading.
  let validate = true;
  if (file) {
    const read = readFile(file, sources);
    problems.push(...read.problems);
    if (read.data) raw = read.data;
    else validate = false;
  }

  const schema = createConfigSchema(secretFileReader(file ? dirname(file.abs) : opts.cwd));
  const env = readEnvOverrides(opts.env, opts.cwd);
  problems.push(...env.problems);
  problems.push(...applyEnvOverrides(raw, env.overrides, sources, schema.parse({})));

  let config: AppConfig | null = null;
  if (validate) {
    const result = schema.safeParse(raw);
    if (result.success) config = result.data;
    else problems.push(...issuesToProblems(result.error.issues, raw, sources));
  }

  if (problems.length > 0 || config === null) {
    // Belt and braces behind key-based masking: no known secret may reach a report.
    const known = [...collectSecrets(raw)];
    throw new ConfigInvalidError(
      problems.map((p) => ({
        ...p,
        message: scrub(p.message, known),
        ...(p.value !== undefined ? { value: scrub(p.value, known) } : {}),
      })),
    );
  }

  return {
    config: deepFreeze(config),
    secrets: Object.freeze([...collectSecrets(config)]),
    file: file?.abs ?? null,
    warnings: Object.freeze(configWarnings(config)),
  };
}

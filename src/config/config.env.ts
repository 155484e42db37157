import { resolve } from 'node:path';
import { readSecretText } from './config.files.js';
import { formatPath, getAt, isRecord, type SourceMap } from './config.paths.js';
import type { ConfigProblem } from './config.types.js';

export const ENV_PREFIX = 'FEDWATCH_';

/** FEDWATCH_* variables that belong to the CLI or the loader itself, not to the config tree. */
export const RESERVED_ENV = new Set([
  'FEDWATCH_CONFIG',
  'FEDWATCH_URL',
  'FEDWATCH_TOKEN',
  'FEDWATCH_CLI_DIR',
]);

/** Conventional names that container platforms and operators set anyway. */
export const ENV_ALIASES: Readonly<Record<string, readonly string[]>> = {
  DATABASE_URL: ['database', 'url'],
  AMQP_URL: ['federation', 'amqp', 'url'],
};

const SEGMENT = /^[A-Z0-9]+(?:_[A-Z0-9]+)*$/;

/** `FEDWATCH_SITE__GOCDB_ID` → `['site', 'gocdbId']`; null when the name is not well formed. */
export function envVarToPath(name: string): string[] | null {
  if (!name.startsWith(ENV_PREFIX)) return null;
  const segments = name.slice(ENV_PREFIX.length).split('__');
  if (!segments.every((s) => SEGMENT.test(s))) return null;
  return segments.map((segment) =>
    segment
      .toLowerCase()
      .split('_')
      .map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
      .join(''),
  );
}

/** `['site', 'gocdbId']` → `FEDWATCH_SITE__GOCDB_ID`. */
export function pathToEnvVar(path: readonly string[]): string {
  return ENV_PREFIX + path.map((key) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('__');
}

export interface EnvOverride {
  path: string[];
  value: unknown;
  /** `env NAME`. */
  source: string;
}

interface Candidate {
  name: string;
  path: string[];
  fromFile: boolean;
  alias: boolean;
  value: string;
}

function candidateOf(name: string, value: string): Candidate | { name: string; invalid: true } | null {
  const fromFile = name.endsWith('_FILE');
  const base = fromFile ? name.slice(0, -'_FILE'.length) : name;
  const alias = ENV_ALIASES[base];
  if (alias) return { name, path: [...alias], fromFile, alias: true, value };
  if (!base.startsWith(ENV_PREFIX) || RESERVED_ENV.has(base)) return null;
  const path = envVarToPath(base);
  return path ? { name, path, fromFile, alias: false, value } : { name, invalid: true };
}

/**
 * Values starting with `[` or `{` are JSON so that lists and sections can be set from the
 * environment. Invalid JSON stays a string: `[::1]` is a valid httpHost, and where a list or
 * section is expected the schema rejects the string (see config.issues.ts).
 */
function decode(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Overrides from `env`. A canonical `FEDWATCH_*` name wins over an alias for the same key;
 * `NAME_FILE` reads the value from a file (relative to `cwd`).
 */
export function readEnvOverrides(
  env: Record<string, string | undefined>,
  cwd: string,
): { overrides: EnvOverride[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const byPath = new Map<string, Candidate[]>();
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (value === undefined) continue;
    const candidate = candidateOf(name, value);
    if (candidate === null) continue;
    if ('invalid' in candidate) {
      problems.push({
        path: name.slice(ENV_PREFIX.length),
        message: 'not a configuration variable: expected FEDWATCH_ + UPPER_SNAKE key path, __ between levels',
        source: `env ${name}`,
      });
      continue;
    }
    const key = formatPath(candidate.path);
    byPath.set(key, [...(byPath.get(key) ?? []), candidate]);
  }

  const overrides: EnvOverride[] = [];
  for (const [key, all] of byPath) {
    const canonical = all.filter((c) => !c.alias);
    const chosen = canonical.length > 0 ? canonical : all;
    const source = `env ${chosen[chosen.length - 1]!.name}`;
    if (chosen.length > 1) {
      const names = chosen.map((c) => c.name).join(' and ');
      problems.push({ path: key, message: `set only one of ${names}`, source });
      continue;
    }
    const { path, fromFile, value } = chosen[0]!;
    let text = value;
    if (fromFile) {
      const read = readSecretText(resolve(cwd, value));
      if (!read.ok) {
        problems.push({ path: key, message: read.error, source });
        continue;
      }
      text = read.value;
    }
    overrides.push({ path, value: decode(text), source });
  }
  return { overrides, problems };
}

/**
 * Writes overrides into `raw` (the parsed file), shallower keys first so that
 * `FEDWATCH_API={…}` and `FEDWATCH_API__AUTH` combine. `defaults` (the configuration with nothing
 * set) tells sections from plain values, so `FEDWATCH_HTTP_PORT__X` is an unknown key rather than
 * a port that is an object. Other unknown keys are left to the strict schema, which reports them
 * with the variable as their source.
 */
export function applyEnvOverrides(
  raw: Record<string, unknown>,
  overrides: readonly EnvOverride[],
  sources: SourceMap,
  defaults: unknown,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const ordered = [...overrides].sort((a, b) => a.path.length - b.path.length);
  for (const { path, value, source } of ordered) {
    let node = raw;
    let blocked: { at: string; isList: boolean } | null = null;
    for (let i = 0; i < path.length - 1 && blocked === null; i++) {
      const prefix = path.slice(0, i + 1);
      const existing = node[path[i]!];
      const shape = existing ?? getAt(defaults, prefix);
      if (shape !== undefined && shape !== null && !isRecord(shape)) {
        blocked = { at: formatPath(prefix), isList: Array.isArray(shape) };
      } else if (isRecord(existing)) {
        node = existing;
      } else {
        node = node[path[i]!] = {};
        // A section that exists only because of this variable is attributed to it.
        if (sources.lookup(prefix) === undefined) sources.set(formatPath(prefix), source);
      }
    }
    if (blocked !== null) {
      const hint = blocked.isList ? '; set the whole list as JSON instead' : '';
      problems.push({
        path: formatPath(path),
        message: `unknown key: ${blocked.at} has no keys${hint}`,
        source,
      });
      continue;
    }
    node[path[path.length - 1]!] = value;
    sources.replace(formatPath(path), source);
  }
  return problems;
}

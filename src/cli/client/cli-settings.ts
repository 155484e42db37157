import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { defaultServerUrl } from './api-client.js';

/** The CLI's own settings (like rancher's `~/.rancher/cli2.json`); holds a secret, hence 0600. */
export interface CliSettingsData {
  server?: string;
  token?: string;
  /** `fedwatch cluster use`: the fedwatch id of the current cluster (rancher's `project` context). */
  cluster?: string;
}

export interface CliSettingsOptions {
  /** `FEDWATCH_CLI_DIR`; default `<home>/.fedwatch`. */
  dir?: string;
  homeDir?: string;
}

export class CliSettings {
  readonly dir: string;
  readonly file: string;

  constructor(options: CliSettingsOptions = {}) {
    this.dir = options.dir || join(options.homeDir ?? homedir(), '.fedwatch');
    this.file = join(this.dir, 'settings.json');
  }

  /** The settings, `{}` when the file does not exist. */
  async load(): Promise<CliSettingsData> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new FedwatchError(
        ErrorCode.CONFIG_INVALID,
        `cannot read ${this.file}: ${(err as Error).message}`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const data = json as Record<string, unknown> | undefined;
    const ok =
      !!data &&
      typeof data === 'object' &&
      !Array.isArray(data) &&
      ['server', 'token', 'cluster'].every((k) => data[k] === undefined || typeof data[k] === 'string');
    if (!ok) {
      throw new FedwatchError(
        ErrorCode.CONFIG_INVALID,
        `${this.file} is not valid: expected a JSON object {"server"?: string, "token"?: string, "cluster"?: string}`,
      );
    }
    return pick(data as CliSettingsData);
  }

  /** Write atomically (temporary file + rename), file 0600 in a 0700 directory. */
  async save(data: CliSettingsData): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(pick(data), null, 2)}\n`, { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.file);
  }
}

function pick(data: CliSettingsData): CliSettingsData {
  const out: CliSettingsData = {};
  if (data.server) out.server = data.server;
  if (data.token) out.token = data.token;
  if (data.cluster) out.cluster = data.cluster;
  return out;
}

export interface ClientOptionSources {
  flags?: { server?: string; token?: string };
  env?: { FEDWATCH_URL?: string; FEDWATCH_TOKEN?: string; FEDWATCH_HTTP_PORT?: string };
  settings?: CliSettingsData;
}

export type OptionSource = 'flag' | 'env' | 'settings' | 'default';

export interface ResolvedClientOptions {
  baseUrl: string;
  token?: string;
  /** Where each value came from, for `fedwatch` diagnostics. */
  sources: { server: OptionSource; token?: Exclude<OptionSource, 'default'> };
}

/**
 * flag > env > settings file > default. FEDWATCH_HTTP_PORT (the service's own port variable) only
 * shapes the default `http://127.0.0.1:<port>`; it never overrides a server from the settings file.
 * Empty strings count as unset.
 */
export function resolveClientOptions({
  flags = {},
  env = {},
  settings = {},
}: ClientOptionSources): ResolvedClientOptions {
  const first = <T extends string>(...c: [T, string | undefined][]) => c.find(([, v]) => v);
  const server = first(['flag', flags.server], ['env', env.FEDWATCH_URL], ['settings', settings.server]);
  const token = first(['flag', flags.token], ['env', env.FEDWATCH_TOKEN], ['settings', settings.token]);
  return {
    baseUrl: server?.[1] ?? defaultServerUrl(env.FEDWATCH_HTTP_PORT),
    ...(token ? { token: token[1] } : {}),
    sources: { server: server?.[0] ?? 'default', ...(token ? { token: token[0] } : {}) },
  };
}

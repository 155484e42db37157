/**
 * fedwatch configuration pointing at the simulator (`rancher.servers[]`, keys of
 * `src/config/config.schema.sources.ts`). `fedwatchConfig` returns a plain object with the token
 * inline (for tests that build config in memory); `writeConfig` writes or merges a YAML file, puts
 * the token in `secrets/<name>-token` next to it (`tokenFile`) unless `secrets: 'inline'`, and
 * keeps a copy of the simulator's CA beside it.
 */
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import YAML from 'yaml';
import type { Json } from './model.js';

export interface FedwatchConfigOptions {
  /** Server entry name (`rancher.servers[].name`); default `simulated-rancher`. */
  name?: string;
  timeoutSeconds?: number;
}

export interface WriteConfigOptions extends FedwatchConfigOptions {
  /** `files` (default): `tokenFile` next to the config; `inline`: `token` in the YAML. */
  secrets?: 'files' | 'inline';
}

export interface SimulatorEndpoint {
  url: string;
  caFile: string | null;
  token: () => string;
}

export function fedwatchConfig(sim: SimulatorEndpoint, o: FedwatchConfigOptions = {}): Json {
  const server: Json = {
    name: o.name ?? 'simulated-rancher',
    url: sim.url,
    token: sim.token(),
    caBundle: sim.caFile,
    timeoutSeconds: o.timeoutSeconds ?? 30,
  };
  return { rancher: { servers: [server] } };
}

async function readIfExists(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return '';
  }
}

/** Writes `file`, or merges into it: the server entry of the same name is replaced, the rest kept. */
export async function writeConfig(
  sim: SimulatorEndpoint,
  file: string,
  o: WriteConfigOptions = {},
): Promise<void> {
  const generated = (fedwatchConfig(sim, o).rancher as { servers: Json[] }).servers[0]!;
  const { name, url, token, caBundle, timeoutSeconds } = generated as Record<string, string | number | null>;
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  let server: Json = { name, url, token, caBundle, timeoutSeconds };
  if (o.secrets !== 'inline') {
    const rel = join('secrets', `${name as string}-token`);
    await mkdir(join(dir, 'secrets'), { recursive: true, mode: 0o700 });
    await writeFile(join(dir, rel), `${token as string}\n`, { mode: 0o600 });
    await chmod(join(dir, rel), 0o600);
    // Key order as in the example configuration: the token file right after the URL.
    server = { name, url, tokenFile: rel, caBundle, timeoutSeconds };
  }
  if (sim.caFile) {
    // The simulator's CA lives in a temp dir removed when it stops: keep a copy beside the config.
    const ca = join(dir, `${name as string}-ca.pem`);
    await copyFile(sim.caFile, ca);
    server.caBundle = ca;
  }
  const existing = await readIfExists(file);
  const doc = existing.trim() ? YAML.parseDocument(existing) : new YAML.Document({});
  const servers = doc.getIn(['rancher', 'servers']);
  if (YAML.isSeq(servers)) {
    const at = servers.items.findIndex((item) => YAML.isMap(item) && item.get('name') === name);
    if (at >= 0) servers.items.splice(at, 1, doc.createNode(server));
    else servers.items.push(doc.createNode(server));
  } else {
    doc.setIn(['rancher', 'servers'], doc.createNode([server]));
  }
  await writeFile(file, doc.toString(), { mode: 0o600 });
}

/**
 * fedwatch configuration pointing at the simulator. `fedwatchConfig` returns a plain object with
 * inline secrets (for tests that build config in memory); `writeConfig` writes or merges a YAML
 * file and puts secrets in `secrets/<entry>-…` files next to it, referenced as `*File` (the way the
 * example configuration does), unless `secrets: 'inline'`.
 */
import { chmod, mkdir, readFile, writeFile, copyFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import YAML from 'yaml';
import type { Json, SeededCloud, SimCredentials } from './model.js';

export interface FedwatchConfigOptions {
  /** Entry name (`openstack.sites[].name`); default `simulated`. */
  name?: string;
  /**
   * GOCDB site name reported (`siteName`, and `site.name` when not set yet); default the one the
   * simulator registered in its GOCDB, else `SIM-OPENSTACK`.
   */
  siteName?: string;
  /** One application credential per VO project (`vos`) instead of one system-scoped password. */
  perVo?: boolean;
  /** Map the project without a VO property through `voMap` (default true); false leaves it unmapped. */
  voMap?: boolean;
  interface?: 'public' | 'internal' | 'admin';
}

export interface WriteConfigOptions extends FedwatchConfigOptions {
  /** `files` (default): `passwordFile`/`secretFile` next to the config; `inline`: in the YAML. */
  secrets?: 'files' | 'inline';
}

export interface SimulatorEndpoint {
  authUrl: string;
  caFile: string | null;
  data: SeededCloud;
  credentials: SimCredentials;
  /** GOCDB API of the simulator (`gocdb: true`); null otherwise. */
  gocdbUrl: string | null;
  /** Site name the simulator registered in its GOCDB (start option `siteName`). */
  siteName?: string;
}

export const UNLABELLED_VO = 'vo.unlabelled.example.eu';
export const DEFAULT_SITE_NAME = 'SIM-OPENSTACK';

export function fedwatchConfig(sim: SimulatorEndpoint, o: FedwatchConfigOptions = {}): Json {
  const siteName = o.siteName ?? sim.siteName ?? DEFAULT_SITE_NAME;
  const orphan = sim.data.projects.find((p) => p.vo === null);
  const site: Json = {
    name: o.name ?? 'simulated',
    siteName,
    authUrl: sim.authUrl,
    region: 'RegionOne',
    interface: o.interface ?? 'public',
    caBundle: sim.caFile,
  };
  if (o.perVo) {
    site.vos = sim.data.projects.map((p) => {
      const cred = sim.credentials.perProject[p.id]!;
      return {
        name: p.vo ?? UNLABELLED_VO,
        project: p.id,
        credential: { type: 'applicationCredential', id: cred.id, secret: cred.secret },
      };
    });
  } else {
    const { username, password, userDomain } = sim.credentials.system;
    site.credential = { type: 'password', username, password, userDomain, scope: { system: 'all' } };
    site.projects = { select: 'tag', tag: 'caso', ids: [] };
    site.voProperty = 'VO';
    site.voMap = orphan && o.voMap !== false ? { [orphan.id]: UNLABELLED_VO } : {};
  }
  site.timeoutSeconds = 30;
  site.maxConcurrency = 8;
  // With the simulated GOCDB the id comes from the look-up, so site.gocdbId is left out.
  const discovery = sim.gocdbUrl ? { discovery: { gocdbUrl: sim.gocdbUrl } } : {};
  return { site: { name: siteName }, openstack: { sites: [site] }, ...discovery };
}

/** Moves inline secrets of a site into files under `dir/secrets/` and references them. */
async function externalise(site: Json, dir: string): Promise<void> {
  const entry = site.name as string;
  const put = async (holder: Json, key: 'password' | 'secret', name: string) => {
    const rel = join('secrets', `${entry}-${name}`);
    await mkdir(join(dir, 'secrets'), { recursive: true, mode: 0o700 });
    await writeFile(join(dir, rel), `${holder[key] as string}\n`, { mode: 0o600 });
    await chmod(join(dir, rel), 0o600);
    delete holder[key];
    holder[`${key}File`] = rel;
  };
  if (site.credential) await put(site.credential as Json, 'password', 'keystone-password');
  for (const vo of (site.vos as Json[] | undefined) ?? []) {
    await put(vo.credential as Json, 'secret', `${(vo.project as string).slice(0, 8)}-app-secret`);
  }
}

/**
 * Writes `file`, or merges into it: the site entry of the same name is replaced, the rest kept.
 * With the simulated GOCDB, `discovery.gocdbUrl` points at it and `site.gocdbId` is removed.
 */
export async function writeConfig(
  sim: SimulatorEndpoint,
  file: string,
  o: WriteConfigOptions = {},
): Promise<void> {
  const generated = fedwatchConfig(sim, o);
  const site = (generated.openstack as { sites: Json[] }).sites[0]!;
  if (o.secrets !== 'inline') await externalise(site, dirname(file));
  if (sim.caFile) {
    // The simulator's own CA lives in a temp dir removed when it stops: keep a copy beside the
    // config, so the file stays usable (fedwatch serve, --dry-run) for as long as it exists.
    const ca = join(dirname(file), `${site.name as string}-ca.pem`);
    await copyFile(sim.caFile, ca);
    site.caBundle = ca;
  }
  let existing = '';
  try {
    existing = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const doc = existing.trim() ? YAML.parseDocument(existing) : new YAML.Document({});
  if (!doc.getIn(['site', 'name'])) doc.setIn(['site', 'name'], (generated.site as Json).name);
  if (sim.gocdbUrl) {
    // A configured site.gocdbId would win over the look-up the simulated GOCDB is there for.
    doc.deleteIn(['site', 'gocdbId']);
    doc.setIn(['discovery', 'gocdbUrl'], sim.gocdbUrl);
  }
  const sites = doc.getIn(['openstack', 'sites']);
  if (YAML.isSeq(sites)) {
    const at = sites.items.findIndex((item) => YAML.isMap(item) && item.get('name') === site.name);
    if (at >= 0) sites.items.splice(at, 1, doc.createNode(site));
    else sites.items.push(doc.createNode(site));
  } else {
    doc.setIn(['openstack', 'sites'], doc.createNode([site]));
  }
  await writeFile(file, doc.toString(), { mode: 0o600 });
}

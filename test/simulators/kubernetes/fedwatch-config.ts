/**
 * fedwatch configuration pointing at the simulator: a `kubernetes.clusters[]` entry (schema in
 * src/config/config.schema.sources.ts) whose `kubeconfig` is a file. `fedwatchConfig` uses the
 * kubeconfig the simulator keeps in its temp dir while it runs; `writeConfig` writes one beside
 * the config file (self-contained, so it outlives the simulator's temp dir) and merges the entry.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import YAML from 'yaml';
import { kubeconfigYaml, type KubeEndpoint } from './kubeconfig.js';
import type { Json } from './model.js';

export interface FedwatchConfigOptions {
  /** Entry name (`kubernetes.clusters[].name`); default `simulated`. */
  name?: string;
  /** Kubeconfig path to reference (default: the simulator's own temp file, context `simulated`). */
  kubeconfig?: string;
  /** Context to select (default `simulated` in the simulator's file, else the current context). */
  context?: string;
}

export interface WriteConfigOptions {
  /** Entry name, and the cluster/context name in the kubeconfig written beside; default `simulated`. */
  name?: string;
}

/** Context name in the kubeconfig the simulator writes at start. */
export const SIM_CONTEXT = 'simulated';

export interface SimulatorFiles extends KubeEndpoint {
  /** The kubeconfig the simulator wrote at start (context `simulated`). */
  kubeconfigFile: string;
}

export function fedwatchConfig(sim: SimulatorFiles, o: FedwatchConfigOptions = {}): Json {
  const name = o.name ?? 'simulated';
  const kubeconfig = o.kubeconfig ?? sim.kubeconfigFile;
  const context = o.context ?? (o.kubeconfig ? null : SIM_CONTEXT);
  return { kubernetes: { clusters: [{ name, kubeconfig, context }] } };
}

/**
 * Writes `<dir>/<name>-kubeconfig.yaml` beside `file` and writes or merges `file`: the cluster
 * entry of the same name is replaced, every other key is kept. Returns both absolute paths.
 */
export async function writeConfig(
  sim: SimulatorFiles,
  file: string,
  o: WriteConfigOptions = {},
): Promise<{ file: string; kubeconfig: string }> {
  const name = o.name ?? 'simulated';
  const path = resolve(file);
  const kubeconfig = join(dirname(path), `${name}-kubeconfig.yaml`);
  await writeFile(kubeconfig, kubeconfigYaml(sim, { name }), { mode: 0o600 });
  const entry = { name, kubeconfig, context: name };
  let existing = '';
  try {
    existing = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const doc = existing.trim() ? YAML.parseDocument(existing) : new YAML.Document({});
  const clusters = doc.getIn(['kubernetes', 'clusters']);
  if (YAML.isSeq(clusters)) {
    const at = clusters.items.findIndex((item) => YAML.isMap(item) && item.get('name') === name);
    if (at >= 0) clusters.items.splice(at, 1, doc.createNode(entry));
    else clusters.items.push(doc.createNode(entry));
  } else doc.setIn(['kubernetes', 'clusters'], doc.createNode([entry]));
  await writeFile(path, doc.toString(), { mode: 0o600 });
  return { file: path, kubeconfig };
}

import type { RancherSumsIndex } from '../../clusters/rancher-sums.index.js';
import type { MalformedField } from './kubernetes-client.port.js';
import { slimNode, slimPod, type IngestProblem } from './kubernetes-slim.js';
import type { SlimInterner } from './kubernetes-slim.interner.js';
import type { ReflectorStore } from './reflector.js';

type Json = Record<string, unknown>;

/**
 * Objects with fields that could not be read, by object, so that a fixed or deleted object stops
 * being reported. `onNew` hears of each object whose problems appeared or changed (to log once).
 */
export class ProblemTracker {
  private readonly byObject = new Map<string, readonly IngestProblem[]>();
  private total = 0;

  constructor(
    private readonly onNew: (problems: readonly IngestProblem[]) => void = () => {},
    /** The number of problems went up or down. */
    private readonly onCount: () => void = () => {},
  ) {}

  set(key: string, problems: readonly IngestProblem[]): void {
    const before = this.byObject.get(key);
    if (!before && problems.length === 0) return;
    this.total += problems.length - (before?.length ?? 0);
    if (problems.length === 0) this.byObject.delete(key);
    else this.byObject.set(key, problems);
    // Callbacks last: they read the tracker.
    if (problems.length !== (before?.length ?? 0)) this.onCount();
    if (problems.length > 0 && (!before || JSON.stringify(before) !== JSON.stringify(problems)))
      this.onNew(problems);
  }

  get count(): number {
    return this.total;
  }

  list(limit: number): MalformedField[] {
    const out: MalformedField[] = [];
    for (const problems of this.byObject.values()) {
      for (const p of problems) {
        if (out.length >= limit) return out;
        out.push({ ...p });
      }
    }
    return out;
  }
}

const metadataOf = (object: Json): Json => (object.metadata ?? {}) as Json;

/** Nodes by name, slimmed into the sums index. */
export function nodeStore(
  index: RancherSumsIndex,
  interner: SlimInterner,
  problems: ProblemTracker,
): ReflectorStore {
  return {
    version: (key) => index.node(key)?.resourceVersion,
    keys: () => index.nodeNames(),
    upsert(key, object) {
      const slim = slimNode(object, interner);
      if (slim.value) index.upsertNode(slim.value);
      problems.set(`node:${key}`, slim.problems);
      return key;
    },
    remove(key) {
      problems.set(`node:${key}`, []);
      return index.deleteNode(key) ? key : undefined;
    },
  };
}

export const nameKey = (object: Json): string | null => {
  const name = metadataOf(object).name;
  return typeof name === 'string' && name !== '' ? name : null;
};

/** Pods by uid (a pod deleted and created again under its name is another pod), into the index. */
export function podStore(
  index: RancherSumsIndex,
  interner: SlimInterner,
  problems: ProblemTracker,
): ReflectorStore {
  return {
    version: (key) => index.pod(key)?.resourceVersion,
    keys: () => index.podUids(),
    upsert(key, object) {
      const slim = slimPod(object, interner);
      problems.set(`pod:${key}`, slim.problems);
      if (!slim.value) return key;
      index.upsertPod(slim.value);
      return `${slim.value.namespace}/${slim.value.name}`;
    },
    remove(key) {
      problems.set(`pod:${key}`, []);
      const pod = index.pod(key);
      if (!pod) return undefined;
      index.deletePod(key);
      return `${pod.namespace}/${pod.name}`;
    },
  };
}

export const podKey = (object: Json): string | null => {
  const { uid, name, namespace } = metadataOf(object);
  if (typeof uid === 'string' && uid !== '') return uid;
  return typeof name === 'string' && name !== ''
    ? `${typeof namespace === 'string' ? namespace : ''}/${name}`
    : null;
};

/** Namespaces: only counted, so only their resourceVersions are kept. */
export function namespaceStore(namespaces: Map<string, string>): ReflectorStore {
  return {
    version: (key) => namespaces.get(key),
    keys: () => namespaces.keys(),
    upsert(key, object) {
      const version = metadataOf(object).resourceVersion;
      namespaces.set(key, typeof version === 'string' ? version : '');
      return key;
    },
    remove: (key) => (namespaces.delete(key) ? key : undefined),
  };
}

import type {
  ResourceAmounts,
  SlimNode,
  SlimNodeAddress,
  SlimNodeCondition,
  SlimPod,
  SlimTaint,
} from '../../clusters/k8s-slim.types.js';
import type { Quantity } from '../../clusters/quantity.js';
import { QuantityParseError } from '../../clusters/quantity.js';
import { rancherPodAmounts } from '../../clusters/rancher-sums.pod.js';
import type { SlimInterner } from './kubernetes-slim.interner.js';

/**
 * API objects (rancher-kubernetes.md §5.1, §5.2) reduced to what fedwatch keeps. Pure. A field that
 * is wrong (a quantity that does not parse, a taint without a key) is left out and reported as an
 * {@link IngestProblem}; only an object without a name is dropped.
 */

export interface IngestProblem {
  /** `node/<name>` or `pod/<namespace>/<name>`. */
  object: string;
  /** Dotted path of the field, e.g. `status.allocatable.memory`. */
  field: string;
  problem: string;
}

export interface Slimmed<T> {
  value: T | null;
  problems: IngestProblem[];
}

type Json = Record<string, unknown>;

const LABELS_OF_INTEREST = new Set([
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'kubernetes.io/hostname',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
]);
const EMPTY: ResourceAmounts = Object.freeze({});

const asObject = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function slimNode(raw: unknown, interner: SlimInterner): Slimmed<SlimNode> {
  const metadata = asObject(asObject(raw).metadata);
  const name = asString(metadata.name);
  if (!name)
    return { value: null, problems: [{ object: 'node/?', field: 'metadata.name', problem: 'missing' }] };
  const object = `node/${name}`;
  const problems: IngestProblem[] = [];
  const spec = asObject(asObject(raw).spec);
  const status = asObject(asObject(raw).status);
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(asObject(metadata.labels))) {
    if (
      (LABELS_OF_INTEREST.has(key) || key.startsWith('node-role.kubernetes.io/')) &&
      typeof value === 'string'
    ) {
      labels[key] = value;
    }
  }
  const node: SlimNode = {
    name,
    resourceVersion: asString(metadata.resourceVersion) ?? '',
    ...optional('creationTimestamp', asString(metadata.creationTimestamp)),
    labels,
    unschedulable: spec.unschedulable === true,
    taints: asArray(spec.taints).flatMap((t, i): SlimTaint[] => {
      const { key, value, effect, timeAdded } = asObject(t);
      if (typeof key !== 'string' || typeof effect !== 'string') {
        problems.push({ object, field: `spec.taints[${i}]`, problem: 'taint without key or effect' });
        return [];
      }
      return [
        { key, effect, ...optional('value', asString(value)), ...optional('timeAdded', asString(timeAdded)) },
      ];
    }),
    capacity: amountsOf(status.capacity, 'status.capacity', object, problems, interner),
    allocatable: amountsOf(status.allocatable, 'status.allocatable', object, problems, interner),
    conditions: asArray(status.conditions).flatMap((c): SlimNodeCondition[] => {
      const cond = asObject(c);
      const type = asString(cond.type);
      const state = asString(cond.status);
      if (!type || !state) return [];
      const text = (key: string) => optional(key, asString(cond[key]));
      return [
        {
          type,
          status: state,
          ...text('reason'),
          ...text('message'),
          ...text('lastHeartbeatTime'),
          ...text('lastTransitionTime'),
        },
      ];
    }),
    addresses: asArray(status.addresses).flatMap((a): SlimNodeAddress[] => {
      const { type, address } = asObject(a);
      return typeof type === 'string' && typeof address === 'string' ? [{ type, address }] : [];
    }),
    kubeletVersion: asString(asObject(status.nodeInfo).kubeletVersion) ?? '',
  };
  return { value: node, problems };
}

export function slimPod(raw: unknown, interner: SlimInterner): Slimmed<SlimPod> {
  const metadata = asObject(asObject(raw).metadata);
  const name = asString(metadata.name);
  const namespace = asString(metadata.namespace) ?? '';
  if (!name)
    return {
      value: null,
      problems: [{ object: `pod/${namespace}/?`, field: 'metadata.name', problem: 'missing' }],
    };
  const object = `pod/${namespace}/${name}`;
  const spec = asObject(asObject(raw).spec);
  const phase = asString(asObject(asObject(raw).status).phase) ?? '';
  const problems: IngestProblem[] = [];
  // Succeeded and Failed are final and never counted (podresources): their amounts are not kept.
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const sum = (kind: 'requests' | 'limits'): ResourceAmounts => {
    if (terminal) return EMPTY;
    const of = (list: string) =>
      asArray(spec[list]).map((c, i) =>
        amountsOf(
          asObject(asObject(c).resources)[kind],
          `spec.${list}[${i}].resources.${kind}`,
          object,
          problems,
          interner,
        ),
      );
    const total = rancherPodAmounts(of('containers'), of('initContainers'));
    return interner.resourceAmounts(total as Record<string, Quantity>);
  };
  const pod: SlimPod = {
    // Watch events carry the uid too, so it keys the pod; a pod recreated under the same name is a new one.
    uid: asString(metadata.uid) ?? `${namespace}/${name}`,
    namespace: interner.string(namespace),
    name,
    resourceVersion: asString(metadata.resourceVersion) ?? '',
    nodeName: interner.string(asString(spec.nodeName) ?? ''),
    phase: interner.string(phase),
    requests: sum('requests'),
    limits: sum('limits'),
  };
  return { value: pod, problems };
}

function amountsOf(
  raw: unknown,
  field: string,
  object: string,
  problems: IngestProblem[],
  interner: SlimInterner,
): ResourceAmounts {
  const entries = Object.entries(asObject(raw));
  if (entries.length === 0) return EMPTY;
  const out: Record<string, Quantity> = {};
  for (const [resource, text] of entries) {
    const parsed =
      typeof text === 'string' || typeof text === 'number' ? interner.quantity(String(text)) : null;
    if (parsed === null || parsed instanceof QuantityParseError) {
      const problem = parsed ? parsed.message : `invalid quantity ${JSON.stringify(text)}: not a string`;
      problems.push({ object, field: `${field}.${resource}`, problem });
    } else {
      out[resource] = parsed;
    }
  }
  return out;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

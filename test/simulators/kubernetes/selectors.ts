/**
 * Label and field selectors (`labelSelector`, `fieldSelector`) with the grammar of
 * k8s.io/apimachinery: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x,y)`, and
 * for fields only `=`, `==`, `!=` on the field labels each resource supports.
 */
import { podIp } from './pod.status.js';
import { nodeLabels } from './node.render.js';
import { podLabels } from './pod.render.js';
import type { NamespaceRecord, NodeRecord, PodRecord, ResourceName, StoredRecord } from './model.js';

export class SelectorError extends Error {}

type Test = (value: string | undefined) => boolean;
interface Requirement {
  key: string;
  test: Test;
}

export interface Selector {
  /** The query text, part of the snapshot cache key. */
  text: string;
  matches(r: StoredRecord): boolean;
}

/** Splits at commas outside parentheses. */
function terms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      out.push(text.slice(from, i));
      from = i + 1;
    }
  }
  out.push(text.slice(from));
  return out.map((t) => t.trim()).filter((t) => t !== '');
}

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;

function labelRequirement(term: string): Requirement {
  let m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (m) {
    const values = new Set(m[3]!.split(',').map((v) => v.trim()));
    const notin = m[2] === 'notin';
    return { key: m[1]!, test: (v) => (v !== undefined && values.has(v)) !== notin };
  }
  m = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(\S*)$/.exec(term);
  if (m) {
    const [, key, op, value] = m as unknown as [string, string, string, string];
    if (op === '!=') return { key, test: (v) => v !== value };
    if (op === '>' || op === '<') {
      const n = Number(value);
      if (!Number.isInteger(n))
        throw new SelectorError(
          `unable to parse requirement: for 'gt', 'lt' operators, the value must be an integer`,
        );
      return { key, test: (v) => v !== undefined && (op === '>' ? Number(v) > n : Number(v) < n) };
    }
    return { key, test: (v) => v === value };
  }
  if (term.startsWith('!')) return { key: term.slice(1), test: (v) => v === undefined };
  return { key: term, test: (v) => v !== undefined };
}

export function parseLabelSelector(text: string | null): Selector | null {
  if (!text) return null;
  const reqs = terms(text).map(labelRequirement);
  for (const r of reqs)
    if (!KEY.test(r.key))
      throw new SelectorError(`unable to parse requirement: invalid label key "${r.key}"`);
  return { text, matches: (rec) => reqs.every((r) => r.test(labelsOf(rec)[r.key])) };
}

function labelsOf(r: StoredRecord): Record<string, string> {
  if ('workload' in r) return podLabels(r);
  if ('labels' in r) return r.labels;
  return nodeLabels(r);
}

type Fields = Record<string, (r: never, nodeNames: readonly string[]) => string>;
const FIELDS: Record<ResourceName, Fields> = {
  pods: {
    'metadata.name': (p: PodRecord) => p.name,
    'metadata.namespace': (p: PodRecord) => p.namespace,
    'spec.nodeName': (p: PodRecord, names) => (p.node < 0 ? '' : names[p.node]!),
    'spec.restartPolicy': (p: PodRecord) => p.workload.restartPolicy,
    'spec.schedulerName': () => 'default-scheduler',
    'status.phase': (p: PodRecord) => p.phase,
    'status.podIP': (p: PodRecord) => (p.node < 0 || p.phase === 'Pending' ? '' : podIp(p)),
  },
  nodes: {
    'metadata.name': (n: NodeRecord) => n.name,
    'spec.unschedulable': (n: NodeRecord) => String(n.unschedulable),
  },
  namespaces: {
    'metadata.name': (n: NamespaceRecord) => n.name,
    'status.phase': (n: NamespaceRecord) => n.phase,
  },
};

export function parseFieldSelector(
  resource: ResourceName,
  text: string | null,
  nodeNames: readonly string[],
): Selector | null {
  if (!text) return null;
  const reqs = terms(text).map((term) => {
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    const get = FIELDS[resource][m[1]!];
    if (!get) throw new SelectorError(`field label not supported: ${m[1]!}`);
    const value = m[3]!.trim();
    const not = m[2] === '!=';
    return (r: StoredRecord) => (get(r as never, nodeNames) === value) !== not;
  });
  return { text, matches: (r) => reqs.every((t) => t(r)) };
}

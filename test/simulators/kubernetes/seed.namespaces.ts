/**
 * Namespaces: the system ones of an RKE2 + Rancher cluster, and tenant namespaces (in Rancher
 * projects) enough for about 1,200 pods each, with a share of the tenant pod budget each.
 */
import type { Rng } from '../openstack/prng.js';
import { APP_NAMESPACES } from './catalog.names.js';
import { SYSTEM_NAMESPACES } from './catalog.system.js';
import { suffix } from './ids.js';
import type { NamespaceRecord } from './model.js';

export interface SeededNamespaces {
  records: NamespaceRecord[];
  apps: { name: string; createdMs: number; budget: number }[];
}

export function seedNamespaces(rng: Rng, appPods: number, bootMs: number, nowMs: number): SeededNamespaces {
  const records: NamespaceRecord[] = [];
  const add = (name: string, createdMs: number, labels: Record<string, string> = {}) =>
    records.push({
      key: name,
      name,
      serial: records.length + 1,
      rv: 0,
      createdMs,
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
      phase: 'Active',
    });
  SYSTEM_NAMESPACES.forEach((name, i) => add(name, bootMs + i * 60_000));
  const count = Math.max(3, Math.min(300, Math.round(appPods / 1200)));
  const projects = Array.from({ length: Math.max(1, Math.ceil(count / 4)) }, () => `p-${suffix(rng)}`);
  const weights = Array.from({ length: count }, () => 0.5 + rng.next());
  const total = weights.reduce((a, b) => a + b, 0);
  const apps: SeededNamespaces['apps'] = [];
  let given = 0;
  for (let i = 0; i < count; i++) {
    const base = APP_NAMESPACES[i % APP_NAMESPACES.length]!;
    const round = Math.floor(i / APP_NAMESPACES.length);
    const name = round === 0 ? base : `${base}-${round + 1}`;
    const createdMs = bootMs + Math.floor(rng.next() * (nowMs - bootMs) * 0.8);
    add(name, createdMs, { 'field.cattle.io/projectId': rng.pick(projects) });
    const budget = i === count - 1 ? appPods - given : Math.floor((appPods * weights[i]!) / total);
    given += budget;
    apps.push({ name, createdMs, budget });
  }
  return { records, apps };
}

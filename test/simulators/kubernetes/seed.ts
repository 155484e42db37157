/**
 * Seeds a cluster from the options: nodes, namespaces, then pods in budget order: static
 * control-plane pods, per-node DaemonSets, system services, and tenant workloads for the rest, so
 * that the pod count is exactly `pods`. Same seed and `now` → the same records.
 */
import { createRng, seedNumber } from '../openstack/prng.js';
import { appWord } from './catalog.names.js';
import { CONTROL_PLANE_PODS, PER_NODE } from './catalog.node-pods.js';
import { systemServices } from './catalog.system.js';
import type { TemplateDef } from './catalog.template.js';
import { salted, uidOf } from './ids.js';
import type { KubernetesSimulatorOptions, NodeRecord, PodRecord, Workload } from './model.js';
import { Placement } from './placement.js';
import { seedNamespaces, type SeededNamespaces } from './seed.namespaces.js';
import { rancherRoles, seedNodes } from './seed.nodes.js';
import { PodSeeder } from './seed.pod-seeder.js';
import { jobOf, makeWorkload, pickTemplate, usableTemplates } from './seed.workloads.js';

const DAY = 86_400_000;

export interface SeededCluster {
  nowMs: number;
  nodes: NodeRecord[];
  namespaces: SeededNamespaces['records'];
  pods: PodRecord[];
  /** Tenant Deployments (ReplicaSets) and Job families churn makes pods for. */
  services: Workload[];
  jobFamilies: Workload[];
  placement: Placement;
  /** The last resourceVersion handed out. */
  rv: number;
  nextPodSerial: number;
  nextOwnerSerial: number;
}

export function seedCluster(o: KubernetesSimulatorOptions): SeededCluster {
  const seed = seedNumber(o.seed);
  const rng = createRng(`${o.seed}:cluster`);
  const nowMs = o.now.getTime();
  const bootMs = nowMs - 400 * DAY;
  const nodes = seedNodes(rng, o.nodes, nowMs, bootMs);
  const placement = new Placement(nodes);
  const s = new PodSeeder(rng, seed, nodes, placement, nowMs);
  const budget = o.pods;
  const nodeUid = (n: NodeRecord) => uidOf(salted(seed, 'node'), n.serial);
  const staticOn = (def: TemplateDef, list: NodeRecord[]) =>
    list.map((n) => ({ n, w: makeWorkload(def, rng, s.owners, n.name, nodeUid(n)) }));
  const statics = [
    ...staticOn(
      CONTROL_PLANE_PODS.etcd,
      nodes.filter((n) => n.roles.includes('etcd')),
    ),
    ...CONTROL_PLANE_PODS.controlPlane.flatMap((d) =>
      staticOn(
        d,
        nodes.filter((n) => n.roles.includes('control-plane')),
      ),
    ),
  ];
  if (statics.length <= budget * 0.2) for (const { n, w } of statics) s.onNode(w, n);
  for (const def of PER_NODE) {
    const targets = nodes.filter(
      (n) => n.os === 'linux' && (!def.workersOnly || (rancherRoles(n).worker && n.roleTaints.length === 0)),
    );
    if (s.count + targets.length > budget * 0.35) break;
    const shared = def.ownerKind === 'Node' ? null : makeWorkload(def, rng, s.owners);
    for (const n of targets) s.onNode(shared ?? makeWorkload(def, rng, s.owners, `${n.name}`, nodeUid(n)), n);
  }
  for (const def of systemServices(nodes.length)) {
    const replicas = def.replicas ?? 1;
    if (s.count + replicas > budget * 0.45) continue;
    s.replicas(makeWorkload(def, rng, s.owners), replicas, bootMs + DAY);
  }
  const ns = seedNamespaces(rng, budget - s.count, bootMs, nowMs);
  const services: Workload[] = [];
  const jobFamilies: Workload[] = [];
  const templates = usableTemplates(
    nodes.some((n) => n.type.gpus > 0 && n.ready === 'True' && !n.unschedulable),
    nodes.some((n) => n.os === 'windows'),
  );
  const maxReplicas = Math.max(2, Math.min(40, Math.round((budget - s.count) / ns.apps.length / 6)));
  for (const app of ns.apps) {
    let left = app.budget;
    const names = new Set<string>();
    while (left > 0) {
      let word = appWord(rng);
      for (let k = 2; names.has(word); k++) word = `${appWord(rng)}-${k}`;
      names.add(word);
      const def = pickTemplate(rng, templates).build(rng, app.name, word);
      const since =
        app.createdMs + rng.int(0, Math.max(1, Math.floor((nowMs - app.createdMs) / 1000))) * 1000;
      if (def.ownerKind === 'Job') {
        const family = makeWorkload(def, rng, s.owners);
        jobFamilies.push(family);
        for (let j = rng.int(1, Math.ceil(maxReplicas / 2)); j > 0 && left > 0; j--) {
          const startMs = nowMs - rng.int(5, 7 * 24 * 60) * 60_000;
          const job = jobOf(family, rng, s.owners, Math.floor(startMs / 60_000));
          left -= s.replicas(job, Math.min(left, rng.int(1, 3)), startMs);
        }
        continue;
      }
      const w = makeWorkload(def, rng, s.owners);
      if (w.ownerKind === 'ReplicaSet') services.push(w);
      const want = def.replicas ?? 1 + Math.floor(rng.next() ** 2 * maxReplicas);
      left -= s.replicas(w, Math.min(left, want), since);
    }
  }
  // Older objects have lower resourceVersions; nodes last, as their status is written most often.
  let rv = 100;
  const ordered = <T extends { createdMs: number; rv: number }>(list: T[]) =>
    [...list].sort((a, b) => a.createdMs - b.createdMs).map((r) => ({ ...r, rv: ++rv }));
  const namespaces = ordered(ns.records);
  const pods = ordered(s.pods);
  const finalNodes = ordered(nodes).sort((a, b) => a.index - b.index);
  placement.update(finalNodes);
  return {
    nowMs,
    nodes: finalNodes,
    namespaces,
    pods,
    services,
    jobFamilies,
    placement,
    rv,
    nextPodSerial: s.nextSerial,
    nextOwnerSerial: s.nextOwnerSerial,
  };
}
